"""The tanda terima: A5 (two copies on A4) and 80 mm thermal, with its barcode and signature."""
