"""What every paper shares: the kop and signature blocks, its number, where it is saved, and the
register that finds it again.
"""
