"""Pengaturan (F9, admins): the office, this PC's printers, slips and labels, staff accounts."""
