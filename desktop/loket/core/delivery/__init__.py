"""Door-to-door delivery: a run of cards out with a team and its run sheet, each card's outcome
recorded on return.
"""
