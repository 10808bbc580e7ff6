"""The servers of the intake page's tests: two desks of one office (on one SQLite file, and on
the shared PostgreSQL server), and a private PostgreSQL server that the tests here may stop and
start (the shared one, never)."""

from tests.helpers.private_server import private_server, running_server  # noqa: F401 (fixtures)
from tests.helpers.shared_server import server  # noqa: F401 (a fixture)
from tests.helpers.two_desks import two_desks  # noqa: F401 (a fixture)
