"""Handing a card to its owner or a representative: where a card is, the rules of the form, the
receipt, voiding.
"""
