# The installer, from the frozen program: dist\Loket-KTP-el-<version>-setup.exe.
#   .\installer\windows\build-installer.ps1 [-Bundle dist\loket] [-Version X.Y.Z] [-Out FILE]
# The version defaults to pyproject.toml's. NSIS: the runner's own, else `choco install nsis`,
# else https://nsis.sourceforge.io (makensis.exe in "C:\Program Files (x86)\NSIS").
param([string] $Bundle = 'dist\loket', [string] $Version = '', [string] $Out = '')
. "$PSScriptRoot\common.ps1"

if ($Version -eq '') { $Version = Get-ProjectVersion }
if ($Out -eq '') { $Out = "dist\Loket-KTP-el-$Version-setup.exe" }
$makensis = (Get-Command makensis.exe -ErrorAction SilentlyContinue).Source
if (-not $makensis) {
    $makensis = Join-Path ${env:ProgramFiles(x86)} 'NSIS\makensis.exe'
    if (-not (Test-Path $makensis)) { throw 'makensis.exe not found: choco install nsis' }
}
$bundlePath = (Resolve-Path $Bundle).Path
New-Item -ItemType Directory -Force (Split-Path -Parent (Join-Path $Repo $Out)) | Out-Null
$outPath = Join-Path $Repo $Out
Invoke-Checked $makensis @('/V2', '/WX', "/DVERSION=$Version", "/DBUNDLE=$bundlePath",
    "/DOUTFILE=$outPath", (Join-Path $Repo 'installer\loket.nsi')) | Out-Null
Assert-True (Test-Path $outPath) "installer built: $outPath"
Write-Host ("installer: {0:N1} MB" -f ((Get-Item $outPath).Length / 1MB))
