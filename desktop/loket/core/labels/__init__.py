"""NIK barcode labels for cards that came without one: sheet layouts, and the sheet written."""
