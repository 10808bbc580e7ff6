"""The berita acara pengembalian of cards returned to the kecamatan."""
