"""Writing a checked Batch: all of it or nothing, in bulk, keyed by the record's code.

The ORM would save a record at a time (a query or three each, signals, admin look-ups); an
import of 100,000 rows must take seconds. So records go in with ``INSERT … ON CONFLICT (code)
DO UPDATE`` (SQLite 3.24+ and PostgreSQL both understand it): on SQLite a prepared statement
of many rows each, run over all of them; on PostgreSQL a COPY into a temporary table and one
INSERT … SELECT from it. Attributions likewise. All of it goes through Django's connection,
inside one transaction: a failure anywhere leaves the database as it was.

What a re-import changes in an existing record: the fields the file carries (Batch.fields),
its attributions when the file names actors (replaced by the file's), and its status only when
the command was given one. Titles and narratives are merged by language, so an Arabic
translation written here survives a re-import of an English-only file.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from nidaa.core.middleware import purge_public_pages
from nidaa.incidents.deconfliction import recheck_deconfliction
from nidaa.incidents.interchange.rows import ADMIN_FIELDS, ROW_FIELDS, Batch
from nidaa.incidents.interchange.steps import Steps
from nidaa.incidents.models import Actor, Attribution, Incident, Status

# Records come from someone else's dataset: they wait for a verifier like a documenter's
# submitted record does (a draft would belong to nobody, as an import has no author).
DEFAULT_STATUS = Status.SUBMITTED
BATCH_ROWS = 5000
# Codes per query (`IN (…)` on SQLite: far below its limit of 32,766 parameters).
CODES_PER_QUERY = 5000
# Set by the import itself, and so not taken from the field's default.
OWN_COLUMNS = ("status", "published_at", "created_at", "updated_at")

# Parameters per statement on SQLite: the limit of builds before 3.32 (later ones allow 32,766),
# which Django keeps to as well.
STATEMENT_PARAMETERS = 999

# The temporary table rows are copied into on PostgreSQL.
STAGING = "nidaa_import_staging"
# The page cache while importing (negative: KiB), against SQLite's default of 2 MB.
IMPORT_CACHE_KIB = -131_072


@dataclass
class Outcome:
    rows: int
    created: int
    updated: int
    actors_created: int
    published_changed: bool


def save(batch: Batch, status: str | None, steps: Steps | None = None) -> Outcome:
    """Write the batch in one transaction; `status` None keeps existing records' status."""
    steps = steps or Steps(enabled=False)
    with steps.step("Placing in admin areas", len(batch)) as bar:
        fill_admin_areas(batch)
        bar.advance(len(batch))
    stamp = timezone.now()
    with transaction.atomic(), larger_cache():
        actor_ids, actors_created = ensure_actors(batch)
        # For the report (and to know whether old attributions may exist): the write lock
        # (SQLite) or the unique codes keep other writers from skewing it much.
        before = incident_count()
        with (
            steps.step("Saving incidents", len(batch)) as bar,
            indexes_rebuilt(Incident, len(batch) >= before),
        ):
            upsert_incidents(batch, status, stamp, bar.advance)
        after = incident_count()
        if batch.carries_actors:
            with steps.step("Saving attributions", len(batch.attributions)) as bar:
                ids = incident_ids(batch.codes, whole_table=2 * len(batch) >= after)
                if before:
                    delete_attributions(list(ids.values()))
                with indexes_rebuilt(Attribution, len(batch.attributions) >= row_count(Attribution)):  # fmt: skip
                    insert_attributions(batch, ids, actor_ids, bar.advance)
        published = status == Status.PUBLISHED or touched_published(stamp)
        # Protected-site hits, which the new points may change (bulk writes send no signals).
        recheck_deconfliction()
        if published:
            transaction.on_commit(purge_public_pages)
    created = after - before
    return Outcome(len(batch), created, len(batch) - created, actors_created, published)


@contextmanager
def larger_cache() -> Iterator[None]:
    """Give SQLite's page cache room for the indexes of the whole table while importing.

    With the default 2 MB, the incidents' six indexes no longer fit after some ten thousand
    rows and every insert reads pages back (a quarter of the import's time).
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


@contextmanager
def indexes_rebuilt(model: type[Any], bulk: bool) -> Iterator[None]:
    """SQLite, for a load at least as large as the table: its plain indexes built after it.

    Building an index from all its keys at once (one sort) costs far less than inserting the
    keys one at a time into a B-tree whose pages are all over the place (the dates of a file
    come in no order): for 100,000 incidents, about 0.3 s against 0.7 s. Only indexes made by
    CREATE INDEX are dropped; the unique ones, which the upsert and the constraints rely on,
    stay, and so do partial ones: the incidents' are on columns an import leaves empty, so
    its rows never enter them, and rebuilding each would cost a scan of the table. Drop and
    rebuild are part of the import's transaction, so a failure leaves the indexes as they
    were, and other connections see the old table, indexes and all, until the commit. A
    smaller load into a larger table keeps the indexes (rebuilding them would cost more than
    it saves). Other databases keep theirs.
    """
    if not bulk or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql"
            " IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE %%' AND sql NOT LIKE '%% WHERE %%'",
            [model._meta.db_table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


# --- Admin areas ------------------------------------------------------------------------------


def fill_admin_areas(batch: Batch) -> None:
    """Governorate, district and sub-district from the point, where the boundaries place it.

    A record without a point, or outside every imported boundary, keeps the file's names.
    """
    columns = batch.columns
    points = list(zip(columns["latitude"], columns["longitude"], strict=True))
    # Few points, many records (ACLED gives an event the coordinates of its named place):
    # each distinct point is placed, and its place's names read, once.
    distinct = list(dict.fromkeys(points))
    if all(latitude is None for latitude, _longitude in distinct):
        return
    names = dict(zip(distinct, map(admin_names, locate_all(distinct)), strict=True))
    if not any(names.values()):
        return
    if all(names.values()):
        columns.update(all_placed(points, names))
    else:
        columns.update(some_placed(points, names, columns))


Point = tuple[float | None, float | None]


def all_placed(points: list[Point], names: dict[Point, Any]) -> dict[str, list[str]]:
    """The admin columns when every point has a place (the usual case): each column straight
    from the records' points, in C."""
    found: dict[str, list[str]] = {}
    for field, name in enumerate(ADMIN_FIELDS):
        of_point = {point: values[field] for point, values in names.items()}
        found[name] = list(map(of_point.__getitem__, points))
    return found


def some_placed(
    points: list[Point], names: dict[Point, Any], columns: dict[str, list[Any]]
) -> dict[str, list[str]]:
    """The admin columns when some points have no place: those records keep the file's."""
    given = zip(*(columns[name] for name in ADMIN_FIELDS), strict=True)
    filled = [names[point] or row for point, row in zip(points, given, strict=True)]
    return {
        name: list(column)
        for name, column in zip(ADMIN_FIELDS, zip(*filled, strict=True), strict=True)
    }


def admin_names(place: Any) -> tuple[str, ...] | None:
    """The values of ADMIN_FIELDS from a Place, or None for no place."""
    return None if place is None else tuple(getattr(place, name) for name in ADMIN_FIELDS)


def locate_all(points: Sequence[Point]) -> list[Any]:
    """The Place of each point, or None: the boundaries' bulk look-up (one query in all)."""
    from nidaa.boundaries.lookup import locate_many

    return locate_many(points)


# --- Actors -----------------------------------------------------------------------------------


def ensure_actors(batch: Batch) -> tuple[dict[str, int], int]:
    """The id of every actor the file names, creating those not known yet."""
    wanted = {name for _row, name, _basis, _status in batch.attributions}
    ids: dict[str, int] = {}
    for chunk in chunks(sorted(wanted), CODES_PER_QUERY):
        ids.update(Actor.objects.filter(name__in=chunk).values_list("name", "pk"))
    missing = sorted(wanted - ids.keys())
    Actor.objects.bulk_create(
        [Actor(name=name, kind=batch.kinds.get(name, Actor.Kind.UNKNOWN)) for name in missing]
    )
    for chunk in chunks(missing, CODES_PER_QUERY):
        ids.update(Actor.objects.filter(name__in=chunk).values_list("name", "pk"))
    return ids, len(missing)


# --- Incidents --------------------------------------------------------------------------------


def incident_count() -> int:
    return row_count(Incident)


def row_count(model: type[Any]) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table(model)}")  # noqa: S608 - a model's table
        return int(cursor.fetchone()[0])


def upsert_incidents(
    batch: Batch, status: str | None, stamp: Any, advance: Callable[[int], None]
) -> None:
    columns, rows = record_values(batch)
    constants = constant_values(status, stamp)
    upsert(columns, constants, batch.fields, status is not None).run(rows, advance)


def record_values(batch: Batch) -> tuple[list[str], Iterator[tuple[Any, ...]]]:
    """The columns the file gives values for, and each record's values, made as they are sent."""
    names = [column_of(name) for name in ROW_FIELDS]
    return names, zip(*(batch.columns[name] for name in ROW_FIELDS), strict=True)


def constant_values(status: str | None, stamp: Any) -> dict[str, Any]:
    """Every other column, by name, with the value it takes in every record of the import."""
    moment = connection.ops.adapt_datetimefield_value(stamp)
    wanted = status or DEFAULT_STATUS
    published_at = moment if wanted == Status.PUBLISHED else None
    own = dict(zip(OWN_COLUMNS, (wanted, published_at, moment, moment), strict=True))
    return own | default_columns()


def parameters(batch: Batch, status: str | None, stamp: Any) -> tuple[list[str], Iterator[tuple[Any, ...]]]:  # fmt: skip
    """Every column of a record, and each record's values for all of them (what the import
    writes, as one row each: the benchmark's plain insert takes these)."""
    names, rows = record_values(batch)
    constants = constant_values(status, stamp)
    values = tuple(constants.values())
    return names + list(constants), (row + values for row in rows)


@dataclass(frozen=True)
class Insert:
    """An INSERT of many rows into `table` (`columns`, quoted), ending with `tail`.

    `constants` (quoted column, value, SQL type) are the same in every row: they are written
    into the statement once rather than sent with each row (on SQLite, a sixth of the insert's
    time for the incidents' eight such columns).
    """

    table: str
    columns: tuple[str, ...]
    tail: str = ""
    constants: tuple[tuple[str, Any, str], ...] = ()

    def run(self, rows: Iterable[Sequence[Any]], advance: Callable[[int], None]) -> None:
        if connection.vendor == "postgresql":
            self._copy(rows, advance)
        else:
            self._values(rows, advance)

    def _values(self, rows: Iterable[Sequence[Any]], advance: Callable[[int], None]) -> None:
        """SQLite: a prepared statement of many rows each, run over all of them in C.

        A statement per row would pay its start and end (the AUTOINCREMENT counter read and
        written, the foreign-key checks settled) for every row: for the incidents a fifth
        more time, for their attributions twice as much.
        """
        per = statement_rows(len(self.columns))
        sql = self._values_sql(per)
        rows = iter(rows)
        with connection.cursor() as cursor:
            while chunk := list(islice(rows, per * max(1, BATCH_ROWS // per))):
                full = len(chunk) - len(chunk) % per
                cursor.executemany(sql, [flat(chunk[start : start + per]) for start in range(0, full, per)])  # fmt: skip
                if full < len(chunk):
                    cursor.execute(self._values_sql(len(chunk) - full), flat(chunk[full:]))
                advance(len(chunk))

    def _values_sql(self, count: int) -> str:
        """The INSERT of `count` rows (SQLite)."""
        names = ", ".join([*self.columns, *(name for name, _value, _type in self.constants)])
        values = ["%s"] * len(self.columns) + [literal(value) for _name, value, _type in self.constants]  # fmt: skip
        row = f"({', '.join(values)})"
        return f"INSERT INTO {self.table} ({names}) VALUES {', '.join([row] * count)} {self.tail}"  # noqa: S608 - names from the models, literal() values

    def _copy(self, rows: Iterable[Sequence[Any]], advance: Callable[[int], None]) -> None:
        """PostgreSQL: COPY into a temporary table, then one INSERT … SELECT from it.

        A statement per row would cost a round trip and a plan each; COPY streams the rows,
        and the INSERT applies the constants, the constraints (and `tail`) to all at once.
        """
        names = ", ".join(self.columns)
        every = ", ".join([*self.columns, *(name for name, _value, _type in self.constants)])
        # Typed: a parameter in a SELECT list would otherwise be read as text.
        given = ", ".join([*self.columns, *(f"CAST(%s AS {kind})" for _name, _value, kind in self.constants)])  # fmt: skip
        create = f"CREATE TEMPORARY TABLE {STAGING} ON COMMIT DROP AS SELECT {names} FROM {self.table} WITH NO DATA"  # noqa: S608 - names from the models
        insert = f"INSERT INTO {self.table} ({every}) SELECT {given} FROM {STAGING} {self.tail}"  # noqa: S608 - names from the models
        with connection.cursor() as cursor:
            cursor.execute(create)
            raw = cursor.cursor  # psycopg's own cursor, in the same transaction
            with raw.copy(f"COPY {STAGING} ({names}) FROM STDIN") as copy:
                done = 0
                for row in rows:
                    copy.write_row(row)
                    done += 1
                    if done == BATCH_ROWS:
                        advance(done)
                        done = 0
                advance(done)
            cursor.execute(insert, [value for _name, value, _type in self.constants])
            cursor.execute(f"DROP TABLE {STAGING}")


def statement_rows(width: int) -> int:
    """How many rows of `width` parameters one statement takes within SQLite's limit."""
    return max(1, STATEMENT_PARAMETERS // max(1, width))


def flat(rows: Sequence[Sequence[Any]]) -> tuple[Any, ...]:
    """The parameters of several rows, in one tuple, for one statement."""
    return tuple(chain.from_iterable(rows))


def literal(value: Any) -> str:
    """A constant of an INSERT as SQL: NULL, a number, or a quoted string (quotes doubled).

    Only for values the import makes itself (a status, a time stamp, a field's default).
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def upsert(
    columns: Sequence[str], constants: dict[str, Any], carried: frozenset[str], set_status: bool
) -> Insert:
    quote = connection.ops.quote_name
    name = table(Incident)
    updates = [
        f"{quote(column_of(field))} = {_new_value(name, field)}"
        for field in ROW_FIELDS
        if field in carried and field != "code"
    ]
    updates.append(f"{quote('updated_at')} = excluded.{quote('updated_at')}")
    if set_status:
        updates.append(f"{quote('status')} = excluded.{quote('status')}")
        published = quote("published_at")
        updates.append(f"{published} = COALESCE({name}.{published}, excluded.{published})")
    return Insert(
        name,
        tuple(map(quote, columns)),
        f"ON CONFLICT ({quote('code')}) DO UPDATE SET {', '.join(updates)}",
        tuple((quote(column), value, column_type(column)) for column, value in constants.items()),
    )


def column_type(column: str) -> str:
    """The SQL type of one of the incidents' columns."""
    field = next(f for f in Incident._meta.concrete_fields if f.column == column)
    return str(field.db_type(connection))


def _new_value(name: str, field: str) -> str:
    quoted = connection.ops.quote_name(column_of(field))
    if field != "texts":
        return f"excluded.{quoted}"
    # Merge by language: the file's languages replace the stored ones, others stay.
    if connection.vendor == "postgresql":
        return f"{name}.{quoted} || excluded.{quoted}"
    if connection.vendor == "sqlite":
        return f"json_patch({name}.{quoted}, excluded.{quoted})"
    return f"excluded.{quoted}"


def default_columns() -> dict[str, Any]:
    """Every other column of a new record, with its field's default, ready for the database."""
    values: dict[str, Any] = {}
    for field in Incident._meta.concrete_fields:
        if field.primary_key or field.name in ROW_FIELDS or field.column in OWN_COLUMNS:
            continue
        values[field.column] = field.get_db_prep_save(field.get_default(), connection)
    return values


def touched_published(stamp: Any) -> bool:
    """Whether this import changed a published record (the public pages then go stale)."""
    return Incident.objects.filter(status=Status.PUBLISHED, updated_at=stamp).exists()


# --- Attributions -----------------------------------------------------------------------------


def incident_ids(codes: Sequence[str], whole_table: bool = False) -> dict[str, int]:
    """The id of each record, by code (raw SQL: the ORM would prepare every code one by one).

    `whole_table`: the codes are most of the table, so one scan of it is cheaper than looking
    them up a few thousand at a time (for 100,000 codes, a third of the time).
    """
    quote = connection.ops.quote_name
    select = f"SELECT {quote('code')}, {quote('id')} FROM {table(Incident)}"  # noqa: S608 - names from the model
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        if whole_table:
            cursor.execute(select)
            ids.update(cursor.fetchall())
            return dict(zip(codes, map(ids.__getitem__, codes), strict=True))
        for chunk in chunks(codes, CODES_PER_QUERY):
            where, params = one_of(quote("code"), chunk)
            cursor.execute(f"{select} WHERE {where}", params)
            ids.update(cursor.fetchall())
    return ids


def delete_attributions(incidents: Sequence[int]) -> None:
    """Remove the attributions of these records: the file's list replaces them."""
    column = connection.ops.quote_name("incident_id")
    with connection.cursor() as cursor:
        for chunk in chunks(incidents, CODES_PER_QUERY):
            where, params = one_of(column, chunk)
            cursor.execute(f"DELETE FROM {table(Attribution)} WHERE {where}", params)  # noqa: S608 - names from the model


def one_of(column: str, values: Sequence[Any]) -> tuple[str, list[Any]]:
    """`column` is one of `values`: an array on PostgreSQL (one parameter), else a list."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


def insert_attributions(
    batch: Batch,
    ids: dict[str, int],
    actor_ids: dict[str, int],
    advance: Callable[[int], None],
) -> None:
    quote = connection.ops.quote_name
    names = tuple(map(quote, ("incident_id", "actor_id", "basis", "status")))
    record_ids = list(map(ids.__getitem__, batch.codes))
    rows = (
        (record_ids[index], actor_ids[name], basis, status)
        for index, name, basis, status in batch.attributions
    )
    Insert(table(Attribution), names).run(rows, advance)


# --- Helpers ----------------------------------------------------------------------------------


def table(model: type[Any]) -> str:
    return str(connection.ops.quote_name(model._meta.db_table))


def column_of(field: str) -> str:
    return str(Incident._meta.get_field(field).column)  # type: ignore[union-attr]


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
