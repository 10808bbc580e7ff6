"""End-to-end tests: the real program on Xvfb, typed into with xdotool."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.e2e.desk import VirtualScreen, require_x_tools
from tests.e2e.printer import PrintQueue, find_print_queue
from tests.helpers.private_server import private_server, running_server  # noqa: F401 (fixtures)
from tests.helpers.shared_server import server  # noqa: F401 (a fixture: the office's server)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def screen() -> Iterator[VirtualScreen]:
    require_x_tools()
    virtual = VirtualScreen()
    virtual.start()
    yield virtual
    virtual.stop()


@pytest.fixture(scope="session")
def print_queue() -> PrintQueue:
    """The machine's default printer, a CUPS-PDF queue whose paper can be read back."""
    found = find_print_queue()
    if isinstance(found, str):
        if os.environ.get("LOKET_REQUIRE_E2E"):
            pytest.fail(found)
        pytest.skip(found)
    return found
