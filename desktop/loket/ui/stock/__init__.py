"""Stok (F12): the card list, with returns and delivery runs as its parts."""
