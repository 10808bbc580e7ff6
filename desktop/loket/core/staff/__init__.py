"""Staff accounts, roles and logging in; the PC clock checked at log-in."""
