"""Official papers as PDF, drawn with reportlab from the dataclasses of `loket.core.paper_data`.

Only this package imports reportlab. Every paper is Indonesian only, has its fonts
embedded, and is written atomically (`output.atomic_write_pdf`).
"""
