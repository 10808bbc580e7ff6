"""Sticker sheets of NIK barcodes, and the demo's sheet of barcodes to try a scanner on."""
