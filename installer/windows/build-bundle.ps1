# The frozen program: dist\loket\ with loket.exe (console) and loket-gui.exe (no console).
#   .\installer\windows\build-bundle.ps1      (the same as `make bundle` on Linux)
. "$PSScriptRoot\common.ps1"

Push-Location $Repo
try {
    $env:PYTHONPATH = Join-Path $Repo 'desktop'
    & python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller installer\loket.spec
    if ($LASTEXITCODE -ne 0) { throw "FAILED: PyInstaller (exit $LASTEXITCODE)" }
    foreach ($program in 'loket.exe', 'loket-gui.exe') {
        Assert-True (Test-Path "dist\loket\$program") "dist\loket\$program built"
    }
    $size = (Get-ChildItem -Recurse -File dist\loket | Measure-Object -Sum Length).Sum
    Write-Host ("bundle: {0:N0} MB" -f ($size / 1MB))
} finally {
    Pop-Location
}
