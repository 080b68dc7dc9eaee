"""``INSERT … ON CONFLICT DO NOTHING`` on PostgreSQL and SQLite.

Used instead of a savepoint around a plain INSERT: with the pysqlite driver a SAVEPOINT issued
before the first write of a transaction runs outside ``BEGIN``, and its RELEASE commits on the
spot, so a later rollback of the caller's transaction would not undo the entry. ON CONFLICT
needs no savepoint and is also what PostgreSQL does best under concurrency (the second insert
waits for the first transaction and then does nothing).
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import FromClause, Table
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session


def insert_ignoring_conflict(
    session: Session, model_table: FromClause, values: dict[str, Any], *, conflict_column: str
) -> bool:
    """Insert one row unless ``conflict_column`` already has the value; True if inserted."""
    table = cast(Table, model_table)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table).values(**values)
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(table).values(**values)
    else:  # other databases: a savepoint (correct wherever SAVEPOINT nests properly)
        try:
            with session.begin_nested():
                session.execute(table.insert().values(**values))
        except IntegrityError:
            return False
        return True
    stmt = stmt.on_conflict_do_nothing(index_elements=[conflict_column])
    # RETURNING rather than rowcount: the driver reports rowcount -1 for these statements
    return session.execute(stmt.returning(table.c[conflict_column])).first() is not None
