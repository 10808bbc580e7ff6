"""Printing NIK label sheets, from intake, the card list and the settings."""
