"""Door-to-door delivery (Stok, Ctrl+3): a run and its sheet, outcomes scanned when the team is
back.
"""
