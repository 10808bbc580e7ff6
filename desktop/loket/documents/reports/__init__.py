"""The laporan harian and the rekap bulanan, as PDF and as XLSX."""
