"""How the demo's TOML files are read: strictly, with wrapped text, and with errors that name
the file and the key at fault."""

import re
import tomllib


class ContentError(ValueError):
    """A demo data file that cannot be seeded; the message names the file and the problem."""


class Table:
    """A TOML table being read, for use in a `with` block: reading a key it lacks, or leaving
    one unread, raises ContentError naming `where`, so a misspelt key never passes unseen."""

    def __init__(self, data, where):
        if not isinstance(data, dict):
            raise ContentError(f"{where}: expected a table, found {data!r}")
        self.data, self.where, self.used = data, where, set()

    def __enter__(self):
        return self

    def __exit__(self, error_type, error, traceback):
        unknown = set(self.data) - self.used
        if error is None and unknown:
            raise ContentError(f"{self.where}: unknown key(s) {', '.join(sorted(unknown))}")

    def __getitem__(self, key):
        self.used.add(key)
        if key not in self.data:
            raise ContentError(f"{self.where}: {key!r} is missing")
        return self.data[key]

    def get(self, key, default=None):
        self.used.add(key)
        return self.data.get(key, default)

    def rest(self):
        """The keys not read yet, as a dict (they count as read)."""
        rest = {key: value for key, value in self.data.items() if key not in self.used}
        self.used.update(rest)
        return rest


def read_toml(path):
    """The TOML document at `path`, as a dict; ContentError if it is not valid TOML."""
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except tomllib.TOMLDecodeError as error:
        raise ContentError(f"{path.name}: {error}") from error


def lookup(known, key, what, where):
    """`known[key]`, or ContentError saying that `where` names an unknown `what`."""
    if key not in known:
        raise ContentError(f"{where}: no {what} {key!r}")
    return known[key]


def prose(text):
    """Wrapped text as one line: each line break, with the indentation around it, is a space."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", text.strip())


def html_paragraphs(text):
    """Wrapped text as HTML paragraphs, a blank line separating them ("" stays "")."""
    paragraphs = re.split(r"\n[ \t]*\n", text.strip()) if text.strip() else []
    return "".join(f"<p>{prose(paragraph)}</p>" for paragraph in paragraphs)


def fill_in(text, values, where):
    """`text` with each `{name}` replaced by `values[name]`; a name `values` lacks, or a stray
    brace, is a ContentError naming `where`."""
    try:
        return text.format_map(values)
    except KeyError as error:
        known = ", ".join(f"{{{name}}}" for name in values)
        raise ContentError(
            f"{where}: unknown placeholder {{{error.args[0]}}} (known: {known})"
        ) from error
    except (IndexError, ValueError) as error:
        raise ContentError(f"{where}: a brace that is not a placeholder ({error})") from error
