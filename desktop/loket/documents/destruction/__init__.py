"""The berita acara pemusnahan KTP-el lama."""
