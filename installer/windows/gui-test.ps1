# loket-gui.exe (what the shortcuts start) opens its log-in window.
#   .\installer\windows\gui-test.ps1 [-Program dist\loket\loket-gui.exe] [-DataDir DIR]
# Without -DataDir a throw-away office is made with loket.exe beside the program.
param([string] $Program = 'dist\loket\loket-gui.exe', [string] $DataDir = '')
. "$PSScriptRoot\common.ps1"

$gui = (Resolve-Path $Program).Path
$arguments = @()
if ($DataDir -eq '') {
    $DataDir = Join-Path ([IO.Path]::GetTempPath()) ('Loket GUI ' + [guid]::NewGuid())
    $loket = Join-Path (Split-Path $gui) 'loket.exe'
    Invoke-Checked $loket @('--data-dir', $DataDir, 'setup', '--kelurahan', '33.74.04.1002') | Out-Null
    Invoke-Checked $loket @('--data-dir', $DataDir, 'user', 'add', 'admin', '--role', 'admin',
        '--password-stdin') -InputText 'admin-rahasia' | Out-Null
}
$arguments = @('--data-dir', "`"$DataDir`"")

$env:LOKET_MUTE = '1'
$process = Start-Process -FilePath $gui -ArgumentList $arguments -PassThru
try {
    Wait-Until {
        $process.Refresh()
        if ($process.HasExited) { throw "FAILED: loket-gui.exe stopped by itself (exit $($process.ExitCode))" }
        $process.MainWindowTitle -like '*Loket KTP-el*'
    } 90 'the window of loket-gui.exe'
    Write-Host "window: $($process.MainWindowTitle)"
    Assert-True ($process.MainWindowTitle -like 'Masuk*') 'it is the log-in window'
} finally {
    if (-not $process.HasExited) { Stop-Process -Id $process.Id -Force }
}
$log = Join-Path $DataDir 'logs\loket.log'
Assert-True (-not (Select-String -Path $log -Pattern ' ERROR ' -Quiet)) 'no error in the log'
