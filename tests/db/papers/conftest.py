"""The papers' tests share an office with two papers filed."""

from tests.helpers.filed_papers import papers  # noqa: F401 (a fixture)
