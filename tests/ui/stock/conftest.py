"""Two desks of one office: on one SQLite file, and on the shared PostgreSQL server."""

from tests.helpers.shared_server import server  # noqa: F401 (a fixture)
from tests.helpers.two_desks import two_desks  # noqa: F401 (a fixture)
