"""What every paper shares: page layout and kop, fonts, vector barcodes, writing a PDF safely."""
