"""One row written with a statement built once, for the few requests that must be cheap.

`Model.objects.create()` builds and compiles its INSERT anew every time; on the signing
request that cost as much as the rest of the view together (when a petition goes viral, the
signing endpoint is the one that takes the load). `insert()` keeps the statement per model and
database, and only converts the values: the same conversions as the ORM (`pre_save` fills
`auto_now_add` fields, `get_db_prep_save` adapts each value to the database), so the row is the
one `create()` would have written.

It sends no model signals, so it is only for models that have none (a test checks the model
it is used on).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.db import connections
from django.db.models import Field, Model


@cache
def _statement(model: type[Model], alias: str) -> tuple[str, tuple[Field[Any, Any], ...]]:
    connection = connections[alias]
    quote = connection.ops.quote_name
    meta = model._meta
    fields = tuple(f for f in meta.concrete_fields if not f.primary_key)
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model, quoted
    if connection.features.can_return_columns_from_insert:
        sql += f" RETURNING {quote(meta.pk.column)}"
    return sql, fields


def insert(instance: Model, using: str = "default") -> Any:
    """INSERT `instance` as a new row, set its primary key and return it.

    Database errors (an IntegrityError for a duplicate, say) propagate as from `save()`.
    """
    connection = connections[using]
    meta = type(instance)._meta
    sql, fields = _statement(type(instance), using)
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        if connection.features.can_return_columns_from_insert:
            pk = cursor.fetchone()[0]
        else:
            pk = connection.ops.last_insert_id(cursor, meta.db_table, meta.pk.column)
    instance.pk = pk
    instance._state.adding = False
    instance._state.db = using
    return pk
