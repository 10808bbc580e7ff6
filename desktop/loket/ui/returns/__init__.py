"""Returns to the kecamatan (Stok, Ctrl+2): cards scanned into a return with a reason, closed with
a berita acara.
"""
