"""Statements sent on the driver's own cursor, for the few paths where SQLAlchemy's layers cost
more than the SQL: a scan at intake and a desk's handover (bench/scan_intake.py: a scan 3.5-4x
its own SQL through the session, 1.8x this way).

A `PlainStatement` is a Core statement compiled once per dialect, with the column types' own
bind and result processors (an enum stored by name, a UTC time as SQLite's text), so that the
rows read and written are the ones the ORM would read and write. A `PlainTransaction` sends
them on the cursor of a SQLAlchemy connection, inside its transaction (begun and committed by
SQLAlchemy, with SQLite's `BEGIN IMMEDIATE`); a driver's error is raised as SQLAlchemy's own
(`IntegrityError`, `OperationalError`, ...), and a connection found dead is invalidated, as
SQLAlchemy would, so that callers and `Database` handle both paths alike.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import BindParameter, Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.expression import Executable

Processor = Callable[[Any], Any] | None


class _Compiled:
    """One statement for one dialect: its SQL, how to build its parameters, how to read rows."""

    def __init__(self, statement: Any, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        self.sql = str(compiled)
        self.positional = compiled.positiontup is not None
        # Per placeholder: its name, the caller's key (None: a value of the statement's own,
        # such as a constant state or LIMIT 1, processed once here) and the type's processor.
        self._binds: list[tuple[str, str | None, Any, Processor]] = []
        defaults = _column_defaults(compiled)
        for name in compiled.positiontup or compiled.binds:
            bind: BindParameter[Any] = compiled.binds[name]
            if bind.expanding:
                raise ValueError(f"{name}: IN over a list is expanded per call; write it as SQL")
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            if bind.required and name not in defaults:
                self._binds.append((name, bind.key, None, processor))
                continue
            # A column left out, filled by its default as SQLAlchemy would, or a value of the
            # statement's own: processed once, here.
            value = defaults.get(name, bind.effective_value)
            self._binds.append((name, None, value if processor is None else processor(value), None))
        self.row: Callable[[Sequence[Any]], Any] | None = None
        columns = getattr(statement, "selected_columns", None)
        returning = getattr(statement, "_returning", ())  # INSERT ... RETURNING
        selected = list(columns) if columns is not None else list(returning)
        if selected:
            self.row = _row_reader(selected, dialect)

    def parameters(self, given: Mapping[str, Any]) -> list[Any] | dict[str, Any]:
        values = [
            value if key is None else given[key] if processor is None else processor(given[key])
            for _name, key, value, processor in self._binds
        ]
        if self.positional:
            return values
        return {bind[0]: value for bind, value in zip(self._binds, values, strict=True)}


def _column_defaults(compiled: Any) -> dict[str, Any]:
    """The columns an insert or update left out whose default SQLAlchemy would fill in Python
    (`default=""`), by their placeholder's name; a default that is a function is not taken."""
    defaults = {}
    for column in (*compiled.insert_prefetch, *compiled.update_prefetch):
        default = column.default
        if default is None or not default.is_scalar:
            raise ValueError(f"{column}: give its value (its default is not a constant)")
        defaults[column.key] = default.arg
    return defaults


def _row_reader(columns: list[Any], dialect: Dialect) -> Callable[[Sequence[Any]], Any]:
    """Builds a row with the columns' names from the driver's values, each read by its type."""
    fields = namedtuple("Row", [column.key for column in columns])  # type: ignore[misc]
    processors = [
        column.type.dialect_impl(dialect).result_processor(dialect, None) for column in columns
    ]
    if not any(processors):
        return fields._make
    pairs = list(enumerate(processors))

    def row(values: Sequence[Any]) -> Any:
        return fields._make(values[i] if read is None else read(values[i]) for i, read in pairs)

    return row


class PlainStatement:
    """A Core statement (select, insert, update) to be sent on the driver's cursor; compiled
    the first time each dialect needs it."""

    def __init__(self, statement: Executable) -> None:
        self.statement = statement
        self._by_dialect: dict[str, _Compiled] = {}

    def compiled(self, dialect: Dialect) -> _Compiled:
        found = self._by_dialect.get(dialect.name)
        if found is None:
            found = self._by_dialect[dialect.name] = _Compiled(self.statement, dialect)
        return found


class PlainTransaction:
    """Plain statements on the driver's cursor, in the transaction of `connection`."""

    def __init__(self, connection: Connection, desk: str) -> None:
        self.desk = desk  # the desk that writes (Database.desk)
        self.dialect = connection.dialect
        self._connection = connection
        self._driver = connection.connection.driver_connection
        assert self._driver is not None
        self._cursor = self._driver.cursor()
        self._error = self.dialect.loaded_dbapi.Error

    @property
    def on_server(self) -> bool:
        return self.dialect.name != "sqlite"

    def run(self, statement: PlainStatement, **given: Any) -> None:
        """Sends `statement` (an insert or update) with `given` for its bound parameters."""
        self._send(statement.compiled(self.dialect), given)

    def first(self, statement: PlainStatement, **given: Any) -> Any:
        """The first row `statement` returns, its columns by name; None if there is none."""
        compiled = statement.compiled(self.dialect)
        self._send(compiled, given)
        values = self._cursor.fetchone()
        assert compiled.row is not None
        return None if values is None else compiled.row(values)

    def all(self, statement: PlainStatement, **given: Any) -> list[Any]:
        compiled = statement.compiled(self.dialect)
        self._send(compiled, given)
        assert compiled.row is not None
        return [compiled.row(values) for values in self._cursor.fetchall()]

    def close(self) -> None:
        self._cursor.close()

    def _send(self, compiled: _Compiled, given: Mapping[str, Any]) -> None:
        parameters = compiled.parameters(given)
        try:
            self._cursor.execute(compiled.sql, parameters)
        except self._error as error:
            raise self._as_sqlalchemy_would(error, compiled.sql, parameters) from error

    def _as_sqlalchemy_would(self, error: Any, sql: str, parameters: Any) -> DBAPIError:
        gone = bool(self.dialect.is_disconnect(error, self._driver, self._cursor))
        if gone:
            self._connection.invalidate(error)
        wrapped = DBAPIError.instance(
            sql,
            parameters,
            error,
            self._error,
            connection_invalidated=gone,
            dialect=self.dialect,
        )
        assert isinstance(wrapped, DBAPIError)
        return wrapped
