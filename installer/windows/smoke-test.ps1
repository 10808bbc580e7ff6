# What IT staff do with loket.exe, on a throw-away data folder whose path has a space and a
# non-ASCII letter, as a Windows user folder may (C:\Users\Dewi Lestari\...).
#   .\installer\windows\smoke-test.ps1 [-Bundle dist\loket] [-Samples tests\samples]
param([string] $Bundle = 'dist\loket', [string] $Samples = '')
. "$PSScriptRoot\common.ps1"

$loket = (Resolve-Path (Join-Path $Bundle 'loket.exe')).Path
$Samples = Find-Samples $Samples
$data = Join-Path ([IO.Path]::GetTempPath()) ("Dewi Lestari Ré\Loket KTP-el " + [guid]::NewGuid())
$version = Get-ProjectVersion

$said = Invoke-Checked $loket @('--version')
Assert-True ($said.Trim() -eq "Loket KTP-el $version") "loket.exe --version says $version"

$said = Invoke-Checked $loket @('--data-dir', $data, 'setup', '--kelurahan', '33.74.04.1002',
    '--lurah', 'Drs. Bambang Sutrisno, M.Si.', '--lurah-nip', '196805121994031007')
Assert-True ($said -match 'Kelurahan Kaligawe') 'setup names the kelurahan'

$said = Invoke-Checked $loket @('--data-dir', $data, 'user', 'add', 'admin', '--role', 'admin',
    '--password-stdin') -InputText 'admin-rahasia'
Assert-True ($said -match 'Akun admin') 'user add'

$manifest = Join-Path $Samples 'manifest_kaligawe_clean.csv'
$said = Invoke-Checked $loket @('manifest', 'check', '--json', $manifest)
Assert-True ((($said | ConvertFrom-Json).importable) -eq 56) 'manifest check --json: 56 cards'

Invoke-Checked $loket @('manifest', 'check', (Join-Path $Samples 'manifest_nik_as_number.xlsx')) -Expect @(1) | Out-Null
Write-Host 'ok: a list whose NIKs Excel mangled is refused (exit 1)'

$said = Invoke-Checked $loket @('--data-dir', $data, 'batch', 'import', $manifest,
    '--reference', '470/112/XI/2026', '--date', '2026-11-25', '--courier', 'Rahmat Hidayat')
Assert-True ($said -match '56 kartu') 'batch import: 56 cards'

$said = Invoke-Checked $loket @('--data-dir', $data, 'report', 'daily', '--date', '2026-11-25')
$pdf = Get-ChildItem -Recurse (Join-Path $data 'documents') -Filter 'laporan-harian-2026-11-25.pdf'
Assert-True ($null -ne $pdf -and $pdf.Length -gt 1000) 'report daily wrote its PDF'

$said = Invoke-Checked $loket @('demo', '--no-gui', '--data-dir', (Join-Path $data 'demo'))
Assert-True (Test-Path (Join-Path $data 'demo\documents\demo\barcode-kartu-demo.pdf')) 'demo --no-gui'

$said = Invoke-Checked $loket @('--lang', 'en', 'manifest', 'check', (Join-Path $data 'none.csv')) -Expect @(2)
Assert-True ($said -match 'not found') 'English messages (exit 2 for a missing file)'

Remove-Item -Recurse -Force $data
Write-Host 'smoke test passed'
