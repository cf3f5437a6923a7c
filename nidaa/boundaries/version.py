"""Which state of the imported boundaries a process-local copy was built from."""

from django.db import connection

from nidaa.boundaries.models import AdminArea


def current_version() -> str:
    """A short fingerprint of the AdminArea table, read with one cheap query.

    Every import stamps the rows it writes with a new `imported_at`, and adding or removing
    rows changes the count or the highest id, so any of them changes the fingerprint. It is read
    from the database, not from a per-process cache, so that an import in another process (the
    command, another web worker) and a rolled-back test transaction are both noticed at once.
    Plain SQL, because every look-up runs it: a fifth of the ORM's cost.
    """
    quote = connection.ops.quote_name
    table, pk, stamp = quote(AdminArea._meta.db_table), quote("id"), quote("imported_at")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX({pk}), MAX({stamp}) FROM {table}")  # noqa: S608
        count, top, last = cursor.fetchone()
    return f"{count}:{top or 0}:{last or ''}"
