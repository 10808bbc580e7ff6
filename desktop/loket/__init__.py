"""Loket KTP-el: the kelurahan front desk for finished e-KTP cards."""

__version__ = "0.1.0"
