# Installs an older build silently, gives it an office with cards, installs the newer build over
# it, checks the office survived, uninstalls, and checks the data folder survived.
#   .\installer\windows\install-upgrade-uninstall.ps1 -Older FILE -Newer FILE [-Samples DIR]
# It uses THIS Windows user's real folders: run it on a test PC or a CI runner, never on a desk
# PC in use (it stops when a data folder is already there).
param([Parameter(Mandatory = $true)] [string] $Older,
      [Parameter(Mandatory = $true)] [string] $Newer,
      [string] $Samples = '')
. "$PSScriptRoot\common.ps1"

$Samples = Find-Samples $Samples
$version = Get-ProjectVersion
if (Test-Path $DataFolder) { throw "$DataFolder exists already: this PC has an office's data. Stopped." }
$startMenu = Join-Path ([Environment]::GetFolderPath('Programs')) 'Loket KTP-el.lnk'
$desktop = Join-Path ([Environment]::GetFolderPath('Desktop')) 'Loket KTP-el.lnk'
$loket = Join-Path $ProgramFolder 'loket.exe'

function Install-Silently([string] $Setup) {
    $process = Start-Process -FilePath (Resolve-Path $Setup).Path -ArgumentList '/S' -Wait -PassThru
    Assert-True ($process.ExitCode -eq 0) "$Setup /S exit code 0"
}

function Count-Cards {
    $db = Join-Path $DataFolder 'loket.sqlite3'
    $count = & python -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM card').fetchone()[0])" $db
    return [int]$count
}

# 1. The older build, silently: files, shortcuts, Apps & features.
Install-Silently $Older
Assert-True (Test-Path $loket) "loket.exe in $ProgramFolder"
Assert-True (Test-Path (Join-Path $ProgramFolder 'loket-gui.exe')) 'loket-gui.exe installed'
Assert-True (Test-Path $startMenu) 'Start-menu shortcut'
Assert-True (Test-Path $desktop) 'desktop shortcut'
$older = Get-ItemProperty $UninstallKey
Assert-True ($older.DisplayName -eq 'Loket KTP-el') 'Apps & features: DisplayName'
Assert-True ($older.QuietUninstallString -like '*uninstall.exe" /S') 'Apps & features: QuietUninstallString'
Assert-True ($older.EstimatedSize -gt 10000) "Apps & features: EstimatedSize $($older.EstimatedSize) KB"
Assert-True (Test-Path (Join-Path $ProgramFolder '_internal\only-in-older-build.txt')) 'the older build is installed'

# 2. An office in the default data folder (%LOCALAPPDATA%\Loket KTP-el: no --data-dir).
Invoke-Checked $loket @('setup', '--kelurahan', '33.74.04.1002') | Out-Null
Invoke-Checked $loket @('user', 'add', 'admin', '--role', 'admin', '--password-stdin') -InputText 'admin-rahasia' | Out-Null
Invoke-Checked $loket @('batch', 'import', (Join-Path $Samples 'manifest_kaligawe_clean.csv'),
    '--reference', '470/112/XI/2026', '--date', '2026-11-25') | Out-Null
Assert-True (Test-Path (Join-Path $DataFolder 'loket.sqlite3')) "the database is in $DataFolder"
$cards = Count-Cards
Assert-True ($cards -eq 56) 'the office has its 56 cards'

# 3. The newer build over it: same folder, files replaced, the office untouched.
Install-Silently $Newer
$newer = Get-ItemProperty $UninstallKey
Assert-True ($newer.DisplayVersion -eq $version) "Apps & features: DisplayVersion $version"
Assert-True ($newer.InstallLocation -eq $ProgramFolder) 'upgraded in the same folder'
Assert-True (-not (Test-Path (Join-Path $ProgramFolder '_internal\only-in-older-build.txt'))) 'no file of the older build is left'
Assert-True ((Count-Cards) -eq $cards) 'the database survived the upgrade'
Invoke-Checked $loket @('report', 'daily', '--date', '2026-11-25') | Out-Null
& "$PSScriptRoot\gui-test.ps1" -Program (Join-Path $ProgramFolder 'loket-gui.exe') -DataDir $DataFolder

# 4. Uninstall, silently. NSIS's uninstaller copies itself to %TEMP% and returns at once:
#    wait until it has removed itself.
$uninstaller = Join-Path $ProgramFolder 'uninstall.exe'
Start-Process -FilePath $uninstaller -ArgumentList '/S' -Wait
Wait-Until { -not (Test-Path $uninstaller) } 120 'the uninstaller to finish'
Wait-Until { -not (Test-Path $ProgramFolder) } 60 'the program folder to go'
Assert-True (-not (Test-Path $startMenu)) 'Start-menu shortcut removed'
Assert-True (-not (Test-Path $desktop)) 'desktop shortcut removed'
Assert-True (-not (Test-Path $UninstallKey)) 'Apps & features entry removed'
Assert-True ((Count-Cards) -eq $cards) "the data folder survived the uninstall ($DataFolder)"
Write-Host 'install, upgrade and uninstall passed'
