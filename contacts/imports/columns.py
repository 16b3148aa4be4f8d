"""Many rows in one statement, sent as one array per column: INSERT ... SELECT FROM unnest(...)
and UPDATE ... FROM unnest(...).

Why not bulk_create: on Influencer (about fifty columns) it spends three quarters of its time in
Python, preparing every field of every row (pre_save, get_db_prep_save, the JSON and array
adapters) and building a placeholder per value; the database's own work is the rest
(bench/README.md has the measurement). Here a column the rows share is sent once, a column
that varies is one array psycopg adapts in C, and the search document becomes a tsvector in
the statement itself. Columns nobody names get the model field's default, as a save would
give them, so a field added to the model later is written too.
"""

import json
from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Lookup


def _array_literal(values: Sequence[str]) -> str:
    quoted = (value.replace("\\", "\\\\").replace('"', '\\"') for value in values)
    return "{" + ",".join(f'"{value}"' for value in quoted) + "}"


def _json(value: Any) -> str:
    return json.dumps(value)


def _converter(field: models.Field):
    """How a Python value is sent (see `_types`), chosen once per column; None: as it is."""
    if isinstance(field, ArrayField):
        return _array_literal
    if isinstance(field, models.JSONField):
        return _json
    if isinstance(field, models.UUIDField):
        return str
    return None


def _sent(field: models.Field, values: Sequence[Any]) -> list[Any]:
    convert = _converter(field)
    if convert is None:
        return list(values)
    return [None if value is None else convert(value) for value in values]


def _types(field: models.Field) -> tuple[str, str]:
    """(the type each value is sent as, the expression turning `{}` into the column's value).
    Arrays and JSON travel as text: unnest cannot take ragged arrays. A search vector column
    takes the document's text (contacts.selectors.search.document) and makes the vector here."""
    column_type = field.db_type(connection)
    if isinstance(field, SearchVectorField):
        return "text", "to_tsvector('simple'::regconfig, COALESCE({}, ''))"
    if isinstance(field, ArrayField | models.JSONField):
        return "text", "{}::" + column_type
    return column_type, "{}"


def _default(field: models.Field, rows: int) -> tuple[bool, Any]:
    """(varies per row, the value or the values): what a save would write for a field no one
    names. A callable default (uuid4) is called for each row."""
    if field.has_default() and callable(field.default):
        return True, [field.get_default() for _ in range(rows)]
    return False, field.get_default()  # the default, else "" for text, else None


class InArray(Lookup):
    """`field__in_array=values`: field = ANY(%s), the values as one array parameter. A list
    (`field__in=`) gives the statement one placeholder per value, which Django takes as long
    to build as the database to run for the thousands of ids of an import's chunk; and the
    planner knows an array's length, where IN (SELECT unnest(...)) leaves it guessing."""

    lookup_name = "in_array"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [list(value)]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


# Foreign keys keep lookups of their own (ForeignObject's), not Field's.
models.Field.register_lookup(InArray)
models.ForeignObject.register_lookup(InArray)


def rows_insert(
    model: type[models.Model],
    *,
    rows: int,
    columns: dict[str, Sequence[Any]],
    common: dict[str, Any] | None = None,
    on_conflict: str = "",
) -> list[int]:
    """Insert `rows` rows: `columns` gives each varying field's values (by attname), `common`
    the values they all share; every other field gets its default. `on_conflict`: its SQL
    ("ON CONFLICT ... DO UPDATE ..."). Returns the ids in the order of the values (RETURNING
    follows the SELECT's order, as bulk_create relies on)."""
    if rows == 0:
        return []
    common = common or {}
    names, selects, arrays, params = [], [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        name = field.attname
        if name in columns:
            varies, value = True, columns[name]
        elif name in common:
            varies, value = False, common[name]
        else:
            varies, value = _default(field, rows)
        sent_type, expression = _types(field)
        names.append(connection.ops.quote_name(field.column))
        if varies:
            alias = f"v{len(arrays)}"
            arrays.append((alias, sent_type, _sent(field, value)))
            selects.append(expression.format(f"u.{alias}"))
        else:
            selects.append(expression.format(f"%s::{sent_type}"))
            params.append(_sent(field, [value])[0])
    unnest = ", ".join(f"%s::{sent_type}[]" for _, sent_type, _ in arrays)
    aliases = ", ".join(alias for alias, _, _ in arrays)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({', '.join(names)}) "
        f"SELECT {', '.join(selects)} FROM unnest({unnest}) WITH ORDINALITY "
        f"AS u({aliases}, ord) ORDER BY u.ord {on_conflict} RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *(values for _, _, values in arrays)])
        return [row[0] for row in cursor.fetchall()]


def rows_update(
    model: type[models.Model], *, ids: Sequence[int], columns: dict[str, Sequence[Any]]
) -> int:
    """Set each named field (by attname) of each row to its value: one statement."""
    if not ids:
        return 0
    fields = {field.attname: field for field in model._meta.concrete_fields}
    sets, arrays = [], [("id", "bigint", list(ids))]
    for name, values in columns.items():
        field = fields[name]
        sent_type, expression = _types(field)
        alias = f"v{len(arrays)}"
        arrays.append((alias, sent_type, _sent(field, values)))
        sets.append(
            f"{connection.ops.quote_name(field.column)} = {expression.format('u.' + alias)}"
        )
    unnest = ", ".join(f"%s::{sent_type}[]" for _, sent_type, _ in arrays)
    aliases = ", ".join(alias for alias, _, _ in arrays)
    sql = (
        f"UPDATE {connection.ops.quote_name(model._meta.db_table)} AS t SET {', '.join(sets)} "
        f"FROM unnest({unnest}) AS u({aliases}) WHERE t.id = u.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [values for _, _, values in arrays])
        return cursor.rowcount
