"""Path converters for ids in URLs.

An id typed into a URL can be any number of digits, but SQLite's integers and PostgreSQL's
bigint stop at 2**63 - 1: a larger one makes SQLite raise OverflowError (a 500) before any
row is looked up. `<id:…>` matches only ids a row can have, so anything else is a 404.
"""

# The largest id either database can store (SQLite INTEGER, PostgreSQL bigint).
MAX_DATABASE_ID = 2**63 - 1


def is_database_id(number):
    """Whether the int `number` is an id a row can have: 1 to MAX_DATABASE_ID."""
    return 1 <= number <= MAX_DATABASE_ID


class DatabaseIdConverter:
    """`<id:name>`: a positive whole number no larger than MAX_DATABASE_ID, as an int.

    Registered as "id" in HomeConfig.ready(), before any URLconf is loaded."""

    regex = "[0-9]{1,19}"

    def to_python(self, value):
        number = int(value)
        if not is_database_id(number):
            raise ValueError(f"{value} is not an id a row can have")  # the URL does not match
        return number

    def to_url(self, value):
        return str(value)


def ids_in_range(values):
    """The values (strings or ints, e.g. a query string's `id` list) that are ids a row can
    have, as ints; anything else (words, negative or too large numbers) is left out."""
    numbers = [int(value) for value in map(str, values) if value.isdigit()]
    return [number for number in numbers if is_database_id(number)]
