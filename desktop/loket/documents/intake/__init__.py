"""The berita acara serah terima of a closed batch."""
