"""The office: which kelurahan it is, its letterhead and logo, its shared settings, and this PC's
own.
"""
