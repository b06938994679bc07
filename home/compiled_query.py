"""A queryset's SQL compiled once per process, run again with other values.

Django builds and compiles a QuerySet anew each time one is evaluated. For a query of many
subqueries that is most of its cost: the thread under an article (blog/replies/thread.py,
four subqueries) took 1.5 ms of CPU to build and 3.0 ms to compile on PostgreSQL, against
0.6 ms to run and fetch. A query whose shape never changes, only a few of its values, can be
compiled once: built with *markers* standing in for those values, compiled, and run with
the real values put where the markers are in the parameters. The ORM stays the one
definition of the query; this only skips rebuilding the same SQL text.

No maintained library does this for Django: django-prepared-queries (last release January
2019) supports Django < 2.2, and django-query-preparer (February 2020) prepares statements
in PostgreSQL, not the compilation in Python.
"""

from threading import local

from django.db import connections
from django.db.models.query import ValuesListIterable


class CompiledQuery:
    """The SQL of `queryset`, a `values_list()` QuerySet (not flat, not named), compiled
    once; `rows(*values)` runs it with `values` in place of `markers`.

    `markers`: strings the queryset was built with where the values will go, each distinct
    and unlike anything else in the query (no other parameter may contain one). Each must
    reach the query's parameters as given, which an `exact` filter on a text column does;
    anything that would transform it (`contains`, `iexact`, a cast in Python) or put it in
    the SQL text is refused: ValueError, as is a marker the parameters do not hold.

    What Django writes into the SQL text rather than passing as a parameter is part of the
    shape: a slice's LIMIT and OFFSET, so a different page is a different CompiledQuery, and
    so is another database alias. Composite primary keys are not read (ValueError). Raises
    EmptyResultSet as compiling the queryset would (a filter that can match nothing, such
    as `pk__in=[]`).
    """

    def __init__(self, queryset, markers):
        if queryset._iterable_class is not ValuesListIterable:
            raise ValueError("CompiledQuery takes a values_list() queryset (not flat, not named)")
        self.alias = queryset.db
        self.query = queryset.query
        compiler = self.query.get_compiler(self.alias)
        self.sql, params = compiler.as_sql()
        self.params = list(params)
        slot_of = {marker: slot for slot, marker in enumerate(markers)}
        if len(slot_of) != len(markers):
            raise ValueError("the markers must be distinct")
        # (position in the parameters, position in `values`), for each marker's occurrence.
        self.slots = []
        for position, param in enumerate(self.params):
            if isinstance(param, str) and param in slot_of:
                self.slots.append((position, slot_of[param]))
            elif isinstance(param, str) and any(marker in param for marker in markers):
                raise ValueError(f"a marker was transformed into the parameter {param!r}")
        missing = set(markers) - {self.params[position] for position, _ in self.slots}
        if missing or any(marker in self.sql for marker in markers):
            raise ValueError(f"markers not passed as parameters: {sorted(missing) or markers}")
        # Columns as values_list() reads them: the selected ones, each through its converters
        # (e.g. SQLite's text into an aware datetime, 0/1 into a bool). Extra columns Django
        # adds for its own ordering are cut off, as `SQLCompiler.execute_sql` does.
        self.columns = [expression for expression, _, _ in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(self.columns):
            raise ValueError("CompiledQuery does not read composite primary keys")
        self.col_count = compiler.col_count if compiler.has_extra_select else None
        # Per thread: (its connection, a compiler of it for the converters only, them). Each
        # thread has its own connection, and the converters are bound to the one that runs
        # the query; getting them costs about a tenth of running this query, so not per call.
        self.per_thread = local()

    def rows(self, *values):
        """The rows (tuples, as the `values_list()` queryset gives them) with `values` in
        place of the markers, in the markers' order: one query on the queryset's database,
        through Django's cursor (logged and counted like any other). Each value is passed
        to the database as is, so give what the filter would have (a str for a text
        column)."""
        params = list(self.params)
        for position, slot in self.slots:
            params[position] = values[slot]
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.col_count is not None:
            rows = [row[: self.col_count] for row in rows]
        known = getattr(self.per_thread, "converters", None)
        if known is None or known[0] is not connection:
            compiler = self.query.get_compiler(connection=connection)
            known = (connection, compiler, compiler.get_converters(self.columns))
            self.per_thread.converters = known
        _, compiler, converters = known
        if converters:
            rows = list(map(tuple, compiler.apply_converters(rows, converters)))
        return rows
