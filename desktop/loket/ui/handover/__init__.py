"""Penyerahan (F3): a card found by scan, NIK or name, handed over with its receipt; receipts
reprinted or voided.
"""
