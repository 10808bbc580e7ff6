"""Every card in the office: filtered, sorted and paged for the stock page, exported, and the call
list of cards waiting.
"""
