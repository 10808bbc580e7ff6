"""Receiving a batch from the kecamatan: open it, scan every card, close it with the berita acara
serah terima.
"""
