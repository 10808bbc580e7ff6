"""States and errors below every layer: what db, core, documents and ui all speak of."""
