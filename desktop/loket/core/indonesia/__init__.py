"""Indonesian facts every feature needs: NIK, NIP, names, regions, holidays, time zones, and how
dates and counts are written.
"""
