"""A private PostgreSQL server that the tests here may stop and start (the shared one, never)."""

from tests.helpers.private_server import private_server, running_server  # noqa: F401 (fixtures)
