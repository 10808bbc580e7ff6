"""Every statement the program hands its database driver, as the driver gets it, for a floor that
replays the same SQL plainly.

The program sends some statements through SQLAlchemy and some straight on the driver's cursor
(db/plain.py: a scan), so they are caught below both: the engine's connections are made again
with a cursor of the driver's own class that notes each `execute` and `executemany` (SQLite:
a `sqlite3.Connection` subclass whose cursors note; PostgreSQL: psycopg's `cursor_factory`).
Noting costs the program a list append per statement; the floor pays nothing of the kind.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, event

Caught = list[tuple[str, Sequence[Any]]]  # each statement with its rows of parameters


class DriverStatements:
    """`caught`: what the engine's connections were asked to run, while `catching`."""

    def __init__(self, engine: Engine) -> None:
        self.caught: Caught = []
        self.catching = True
        statements = self

        def note(sql: str, rows: Sequence[Any]) -> None:
            if statements.catching:
                statements.caught.append((sql, rows))

        if engine.dialect.name == "sqlite":

            class NotingSqliteCursor(sqlite3.Cursor):
                def execute(self, sql: str, parameters: Any = (), /) -> Any:  # type: ignore[override]
                    note(sql, [parameters])
                    return super().execute(sql, parameters)

                def executemany(self, sql: str, rows: Any, /) -> Any:  # type: ignore[override]
                    rows = list(rows)
                    note(sql, rows)
                    return super().executemany(sql, rows)

            class NotingSqlite(sqlite3.Connection):
                def cursor(self, factory: Any = NotingSqliteCursor) -> Any:  # type: ignore[override]
                    return super().cursor(factory)

            made_again = {"factory": NotingSqlite}
        else:
            import psycopg  # only for a server

            class NotingCursor(psycopg.Cursor[Any]):
                def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
                    note(str(query), [params])
                    return super().execute(query, params, **kwargs)

                def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> Any:  # type: ignore[override]
                    rows = list(params_seq)
                    note(str(query), rows)
                    return super().executemany(query, rows, **kwargs)

            made_again = {"cursor_factory": NotingCursor}

        @event.listens_for(engine, "do_connect")
        def _noting(_dialect: Any, _record: Any, _args: Any, parameters: dict[str, Any]) -> None:
            parameters.update(made_again)

        engine.dispose()  # the pool's connections are made again, noting...
        self.catching = False
        with engine.connect():  # ...and one made now, so that what sets up a connection (SQLite's
            pass  # PRAGMAs, a search_path) is not taken for the program's statements
        self.catching = True

    def take(self) -> Caught:
        """What was caught since the last `take`."""
        caught, self.caught = self.caught, []
        return caught
