"""Reading a kecamatan's list (CSV or XLSX, as offices really write them), row by row, with a
reason for every refusal.
"""
