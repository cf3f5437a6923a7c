"""The database half of the audit log's append-only rule: triggers that refuse UPDATE/DELETE.

The model already refuses changes in Python; the triggers also stop raw SQL, a stray
management shell or a bug in a later migration. Someone with the database owner's rights can
still drop them: they guard against mistakes and casual tampering, not against the DBA.

Note for tests: on SQLite, Django's flush (the teardown of transactional tests, e.g.
live_server) empties tables with DELETE, which the trigger refuses once audit rows exist. A
fixture can call remove_guard() before that teardown and install_guard() at setup.
PostgreSQL flushes with TRUNCATE, which row triggers do not see.
"""

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "accounts_auditentry"
MESSAGE = "the audit log is append-only"

SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]

POSTGRESQL_INSTALL = [
    f"CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege'; END $$",
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
]

STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
}


def _run(connection: BaseDatabaseWrapper, install: bool) -> None:
    if connection.vendor not in STATEMENTS:
        # Another database still has the Python-level guard; say so rather than fail migrate.
        return
    statements = STATEMENTS[connection.vendor][0 if install else 1]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_guard(connection: BaseDatabaseWrapper) -> None:
    _run(connection, install=True)


def remove_guard(connection: BaseDatabaseWrapper) -> None:
    _run(connection, install=False)
