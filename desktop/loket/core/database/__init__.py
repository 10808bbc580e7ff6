"""The database a desk uses: its own file or the office's shared PostgreSQL server."""
