"""Returning cards to the kecamatan: a return filled by scanning, closed with the berita acara
pengembalian.
"""
