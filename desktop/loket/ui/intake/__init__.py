"""Penerimaan (F2): a batch opened, scanned card by card, and closed."""
