"""Pengaturan › Basis data is tried against an empty PostgreSQL database of its own."""

from tests.helpers.shared_server import server  # noqa: F401 (a fixture)
