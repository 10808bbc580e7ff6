"""What every page shares: the desk context, the worker, the one voice (banner and sound), the
scanner, dialogs and widgets, printing.
"""
