"""The day's and the month's accounts: laporan harian and rekap bulanan, saved and filed."""
