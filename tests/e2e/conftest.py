"""End-to-end tests: the real program on Xvfb, typed into with xdotool."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.desk import VirtualScreen, require_x_tools


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
