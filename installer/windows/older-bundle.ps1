# A copy of the frozen program that stands for an older build: the same files plus a marker,
# _internal\only-in-older-build.txt, which the upgrade must remove (it replaces _internal whole).
# Build its installer with a lower version to install first:
#   .\installer\windows\older-bundle.ps1 [-Bundle dist\loket] [-Out build\older-bundle]
#   .\installer\windows\build-installer.ps1 -Bundle build\older-bundle -Version 0.0.1 -Out dist\older\Loket-KTP-el-0.0.1-setup.exe
param([string] $Bundle = 'dist\loket', [string] $Out = 'build\older-bundle')
. "$PSScriptRoot\common.ps1"

$source = (Resolve-Path $Bundle).Path
$target = Join-Path $Repo $Out
if (Test-Path $target) { Remove-Item -Recurse -Force $target }
Copy-Item -Recurse $source $target
Set-Content -Path (Join-Path $target '_internal\only-in-older-build.txt') -Value 'older build'
Assert-True (Test-Path (Join-Path $target 'loket-gui.exe')) "older build in $target"
