"""The article page's query for its publication, compiled once per database and field
list (PublicationQuerySet.shown_by_slug): compiling it was most of a cached page's time
(bench/profile_article.py)."""

from typing import Any, NamedTuple

from django.db import connections, models


class ShownQuery(NamedTuple):
    sql: str
    params: tuple[Any, ...]
    at: int  # where the slug goes among the parameters
    attnames: list[str]  # the model's columns the row starts with
    columns: list[tuple[Any, list[Any]]]  # each column's expression and its converters


def compile_shown(model: type[models.Model], alias: str, fields: tuple[str, ...]) -> ShownQuery:
    manager = model._default_manager.db_manager(alias)
    query = manager.with_clock().only(*fields).filter(slug=SLUG_MARKER).order_by()  # type: ignore[attr-defined]
    compiler = query.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    connection = connections[alias]
    columns, attnames = [], []
    for expression, _, _ in compiler.select:
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        columns.append((expression, converters))
        if getattr(expression, "target", None) is not None:
            attnames.append(expression.target.attname)
    return ShownQuery(sql, tuple(params), params.index(SLUG_MARKER), attnames, columns)


SLUG_MARKER = "\x00slug"  # a value no slug can be, to find where the slug goes among the parameters
SHOWN_SQL: dict[tuple[str, tuple[str, ...]], ShownQuery] = {}
