# The unit, database and widget tests on Windows (the end-to-end tests need Xvfb: Linux only).
#   .\installer\windows\run-tests.ps1
. "$PSScriptRoot\common.ps1"

$env:LOKET_SAMPLES = Find-Samples ''
$env:QT_QPA_PLATFORM = 'offscreen'
Push-Location $Repo
try {
    $env:PYTHONPATH = Join-Path $Repo 'desktop'
    & python -m pytest -p no:cacheprovider tests/unit tests/db tests/ui
    if ($LASTEXITCODE -ne 0) { throw "FAILED: tests (exit $LASTEXITCODE)" }
} finally {
    Pop-Location
}
