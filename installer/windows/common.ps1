# Shared by the scripts in this folder (dot-sourced: . "$PSScriptRoot\common.ps1").
# Written for Windows PowerShell 5.1 and PowerShell 7 alike: a kecamatan IT person runs them by
# hand, in PowerShell, from the repository's folder; the GitHub workflow runs the same ones.

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$Repo = (Resolve-Path "$PSScriptRoot\..\..").Path
$UninstallKey = 'HKCU:\Software\Microsoft\Windows\CurrentVersion\Uninstall\LoketKTP-el'
$ProgramFolder = Join-Path $env:LOCALAPPDATA 'Programs\Loket KTP-el'
$DataFolder = Join-Path $env:LOCALAPPDATA 'Loket KTP-el'

function Get-ProjectVersion {
    # The one place the version is written: pyproject.toml.
    $line = Select-String -Path (Join-Path $Repo 'pyproject.toml') -Pattern '^version\s*=\s*"([^"]+)"' |
        Select-Object -First 1
    if ($null -eq $line) { throw 'no version = "..." line in pyproject.toml' }
    return $line.Matches[0].Groups[1].Value
}

function Assert-True([bool] $Condition, [string] $Message) {
    if (-not $Condition) { throw "FAILED: $Message" }
    Write-Host "ok: $Message"
}

function Invoke-Checked {
    # Runs a program; stops the script when it fails (native programs do not throw).
    param([string] $Program, [string[]] $Arguments, [string] $InputText = '', [int[]] $Expect = @(0))
    # Windows PowerShell 5.1 turns a native program's stderr into errors: not here.
    $ErrorActionPreference = 'Continue'
    if ($InputText -ne '') {
        $output = $InputText | & $Program @Arguments 2>&1
    } else {
        $output = & $Program @Arguments 2>&1
    }
    $code = $LASTEXITCODE
    $ErrorActionPreference = 'Stop'
    $text = ($output | Out-String)
    Write-Host "> $Program $($Arguments -join ' ')  (exit $code)"
    Write-Host $text
    if ($Expect -notcontains $code) { throw "FAILED: $Program exited with $code" }
    return $text
}

function Wait-Until([scriptblock] $Condition, [int] $Seconds, [string] $What) {
    $deadline = (Get-Date).AddSeconds($Seconds)
    while (-not (& $Condition)) {
        if ((Get-Date) -gt $deadline) { throw "FAILED: timed out after $Seconds s waiting for $What" }
        Start-Sleep -Milliseconds 500
    }
    Write-Host "ok: $What"
}

function Find-Samples([string] $Samples) {
    # The kecamatan lists the tests use: tests\samples in the repository, or LOKET_SAMPLES.
    if ($Samples -eq '') {
        $Samples = if ($env:LOKET_SAMPLES) { $env:LOKET_SAMPLES } else { Join-Path $Repo 'tests\samples' }
    }
    if (-not (Test-Path (Join-Path $Samples 'manifest_kaligawe_clean.csv'))) {
        throw "sample lists not found in $Samples (set LOKET_SAMPLES or give -Samples)"
    }
    return (Resolve-Path $Samples).Path
}
