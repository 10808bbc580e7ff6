"""Laporan (F5): the laporan harian and rekap bulanan, earlier papers found again, the berita acara
pemusnahan.
"""
