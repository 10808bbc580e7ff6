"""The office's options, shared by every desk and kept in the database, and this PC's own (its
printers), kept in its data folder.
"""
