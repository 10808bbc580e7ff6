"""Old cards handed in at the desk, destroyed and accounted for: the berita acara pemusnahan."""
