"""The daftar panggilan, and the stock page's cards as XLSX."""
