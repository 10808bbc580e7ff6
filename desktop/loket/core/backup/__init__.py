"""Copies of the office's database and papers: taken, checked, rotated, restored."""
