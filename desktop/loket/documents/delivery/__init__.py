"""The daftar pengantaran (run sheet) carried door to door."""
