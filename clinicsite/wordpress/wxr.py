"""Reading a WordPress export (WXR, the RSS file of Tools → Export) as a stream.

`WxrReader(path)` yields one record at a time (`WxrAuthor`, `WxrCategory`, `WxrItem`)
and keeps only the record being read in memory, so a file of any size is read in constant
memory. It checks as it goes: well-formed XML (no DTD or entities: defusedxml), a
`wp:wxr_version` from 1.0 to 1.2 before the first record, and each record's required
fields; a failure raises `WxrError` naming the line. Reading the whole file once
(`check_export`) therefore validates it before anything is imported.

The parser is expat's, through defusedxml (a Wagtail dependency, via Willow), driven with
our own target rather than ElementTree's iterparse: the target sees each start tag while
expat still knows its line, and builds elements only inside the records we read.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import unquote
from xml.etree.ElementTree import Element, ParseError, SubElement

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
CHUNK_BYTES = 64 * 1024

# WXR's namespaces carry its version ("http://wordpress.org/export/1.2/"); every version's
# is read under one prefix, and the version itself is checked from wp:wxr_version.
_WORDPRESS_NAMESPACE = re.compile(r"^\{http://wordpress\.org/export/[^/}]+/(excerpt/)?\}")
_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# The channel's children we read whole; everything else at that level is skipped.
_RECORD_TAGS = {"item", "wp:author", "wp:category"}


class WxrError(Exception):
    """The export cannot be imported: `message` says why and, where known, at which line."""

    def __init__(self, message, line=None):
        self.line = line
        super().__init__(f"line {line}: {message}" if line else message)


def short_name(tag):
    """`tag` as expat reports it ("{namespace}local") as WXR writes it: "wp:post_id",
    "content:encoded", "excerpt:encoded", "dc:creator", or the bare name."""
    match = _WORDPRESS_NAMESPACE.match(tag)
    if match:
        prefix = "excerpt" if match.group(1) else "wp"
        return f"{prefix}:{tag[match.end() :]}"
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        prefix = _NAMESPACES.get(namespace)
        return f"{prefix}:{local}" if prefix else tag
    return tag


@dataclass
class WxrAuthor:
    """A `wp:author` of the channel: a WordPress user who wrote posts."""

    line: int
    login: str
    display_name: str


@dataclass
class WxrCategory:
    """A `wp:category` of the channel: a slug (`nicename`) and a name."""

    line: int
    slug: str
    name: str


@dataclass
class WxrComment:
    """A `wp:comment` of an item. `parent_id` is 0 for a comment on the post itself;
    `approved` is WordPress's "1", "0", "spam" or "trash"."""

    line: int
    comment_id: int
    parent_id: int
    approved: str
    comment_type: str
    author: str
    author_email: str
    author_url: str
    author_ip: str
    date: datetime | None
    content: str


@dataclass
class WxrItem:
    """An `item` of the channel: a post, a page, an attachment or another post type."""

    line: int
    post_id: int
    post_type: str
    status: str
    title: str
    link: str
    slug: str
    creator: str
    content: str
    excerpt: str
    date: datetime | None
    modified: datetime | None
    attachment_url: str
    categories: list = field(default_factory=list)  # [(slug, name)]
    tags: list = field(default_factory=list)  # [name]
    meta: dict = field(default_factory=dict)  # postmeta key -> value
    comments: list = field(default_factory=list)  # [WxrComment]


def parse_date(text):
    """A WXR date ("2021-03-04 10:15:00", UTC for the *_gmt fields) as an aware datetime,
    or None for WordPress's "0000-00-00 00:00:00" (a draft never published) or nothing.
    Raises ValueError for anything else."""
    text = (text or "").strip()
    if not text or text.startswith("0000-00-00"):
        return None
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)


class _RecordBuilder:
    """The parser's target: builds one record element at a time (an `item`, `wp:author` or
    `wp:category` under the channel) and hands it over, with its line, once closed."""

    def __init__(self):
        self.parser = None  # set once the parser exists (it needs this target first)
        self.path = []  # short names of the open elements
        self.stack = []  # the open elements of the record being built
        self.record_line = None
        self.records = []  # (line, element) closed since the last drain
        self.version = None
        self.version_text = None

    def start(self, tag, attrib):
        name = short_name(tag)
        self.path.append(name)
        if self.stack:
            self.stack.append(SubElement(self.stack[-1], name, attrib))
        elif self.path[:-1] == ["rss", "channel"] and name in _RECORD_TAGS:
            self.record_line = self.parser.parser.CurrentLineNumber
            self.stack.append(Element(name, attrib))
        elif self.path == ["rss", "channel", "wp:wxr_version"]:
            self.version_text = []

    def data(self, text):
        if self.stack:
            current = self.stack[-1]
            if len(current):
                current[-1].tail = (current[-1].tail or "") + text
            else:
                current.text = (current.text or "") + text
        elif self.version_text is not None:
            self.version_text.append(text)

    def end(self, tag):
        self.path.pop()
        if self.stack:
            element = self.stack.pop()
            if not self.stack:
                self.records.append((self.record_line, element))
        elif self.version_text is not None:
            self.version = "".join(self.version_text).strip()
            self.version_text = None

    def close(self):
        return None


# Records are searched by hand: ElementPath would read "wp:post_id" as a namespace prefix.
def _child(element, name):
    return next((child for child in element if child.tag == name), None)


def _children(element, name):
    return [child for child in element if child.tag == name]


def _raw(element, name):
    """The text of `element`'s child `name` as written (content keeps its white space)."""
    child = _child(element, name)
    return (child.text or "") if child is not None else ""


def _text(element, name):
    return _raw(element, name).strip()


def _required(element, name, line, where):
    child = _child(element, name)
    if child is None:
        raise WxrError(f"{where} has no <{name}>.", line)
    return (child.text or "").strip()


def _integer(element, name, line, where):
    value = _required(element, name, line, where)
    if not value.isdigit():
        raise WxrError(f"{where}: <{name}> should be a number, not {value!r}.", line)
    return int(value)


def _date(element, name, line, where, fallback=None):
    try:
        return parse_date(_text(element, name)) or (
            parse_date(_text(element, fallback)) if fallback else None
        )
    except ValueError as error:
        raise WxrError(f"{where}: <{name}> is not a date ({error}).", line) from error


def _comment(element, item_line, where):
    # Comments carry no line of their own here; the item's line leads to them.
    comment_id = _integer(element, "wp:comment_id", item_line, f"{where}, a comment")
    where = f"{where}, comment {comment_id}"
    return WxrComment(
        line=item_line,
        comment_id=comment_id,
        parent_id=_integer(element, "wp:comment_parent", item_line, where)
        if _text(element, "wp:comment_parent")
        else 0,
        approved=_required(element, "wp:comment_approved", item_line, where),
        comment_type=_text(element, "wp:comment_type"),
        author=_text(element, "wp:comment_author"),
        author_email=_text(element, "wp:comment_author_email"),
        author_url=_text(element, "wp:comment_author_url"),
        author_ip=_text(element, "wp:comment_author_IP"),
        date=_date(element, "wp:comment_date_gmt", item_line, where, "wp:comment_date"),
        content=_raw(element, "wp:comment_content"),
    )


def _item(element, line):
    post_id = _integer(element, "wp:post_id", line, "An item")
    where = f"item {post_id}"
    item = WxrItem(
        line=line,
        post_id=post_id,
        post_type=_required(element, "wp:post_type", line, where),
        status=_required(element, "wp:status", line, where),
        title=_required(element, "title", line, where),
        link=_text(element, "link"),
        slug=unquote(_text(element, "wp:post_name")),
        creator=_text(element, "dc:creator"),
        content=_raw(element, "content:encoded"),
        excerpt=_raw(element, "excerpt:encoded"),
        date=_date(element, "wp:post_date_gmt", line, where, "wp:post_date"),
        modified=_date(element, "wp:post_modified_gmt", line, where, "wp:post_modified"),
        attachment_url=_text(element, "wp:attachment_url"),
    )
    for category in _children(element, "category"):
        name = (category.text or "").strip()
        slug = unquote(category.get("nicename", ""))
        if category.get("domain") == "category" and name:
            item.categories.append((slug, name))
        elif category.get("domain") == "post_tag" and name:
            item.tags.append(name)
    for meta in _children(element, "wp:postmeta"):
        item.meta[_text(meta, "wp:meta_key")] = _raw(meta, "wp:meta_value")
    item.comments = [_comment(comment, line, where) for comment in _children(element, "wp:comment")]
    return item


def _record(name, element, line):
    if name == "item":
        return _item(element, line)
    if name == "wp:author":
        login = _required(element, "wp:author_login", line, "An author")
        return WxrAuthor(line, login, _text(element, "wp:author_display_name") or login)
    return WxrCategory(
        line,
        unquote(_required(element, "wp:category_nicename", line, "A category")),
        _text(element, "wp:cat_name"),
    )


def _check_version(builder, line):
    if builder.version is None:
        raise WxrError(
            "No <wp:wxr_version> before the first post: this is not a WordPress export "
            "(Tools → Export in WordPress writes one).",
            line,
        )
    if builder.version not in SUPPORTED_VERSIONS:
        raise WxrError(
            f"WXR version {builder.version} is not supported; this importer reads versions "
            f"{', '.join(SUPPORTED_VERSIONS)} (WordPress's Tools → Export writes 1.2).",
            line,
        )


class WxrReader:
    """The records of the WXR file at `path`, read as a stream each time it is iterated:
    `WxrAuthor`, `WxrCategory` and `WxrItem` (each with its comments), in file order.
    `version` holds the file's `wp:wxr_version` once read.

    Iterating raises `WxrError` (naming the line) for a file that is not well-formed XML,
    declares entities or a DTD, has no supported `wp:wxr_version` before its first record,
    or lacks a required field; OSError if it cannot be read.
    """

    def __init__(self, path):
        self.path = path
        self.version = None

    def __iter__(self):
        builder = _RecordBuilder()
        parser = DefusedXMLParser(target=builder)
        builder.parser = parser
        with open(self.path, "rb") as export:
            while chunk := export.read(CHUNK_BYTES):
                yield from self._parse(parser, builder, chunk)
            yield from self._parse(parser, builder, None)
        _check_version(builder, None)
        self.version = builder.version

    @staticmethod
    def _parse(parser, builder, chunk):
        """Feed `chunk` (None: the end of the file) and yield the records it completed."""
        try:
            if chunk is None:
                parser.close()
            else:
                parser.feed(chunk)
        except ParseError as error:
            line, column = error.position
            reason = str(error).split(": line ", 1)[0]  # expat adds the position we give
            raise WxrError(
                f"the file is not well-formed XML ({reason}, column {column + 1}).", line
            ) from None
        except DefusedXmlException as error:
            line = parser.parser.CurrentLineNumber
            raise WxrError(f"the file is refused: {error}.", line) from None
        for line, element in builder.records:
            _check_version(builder, line)
            yield _record(element.tag, element, line)
        builder.records.clear()


@dataclass
class ExportSummary:
    """What the first pass over an export found: its version, how many records of each
    kind, and every attachment (post id -> (URL, alt text), for featured images)."""

    version: str = ""
    authors: int = 0
    categories: int = 0
    items: int = 0
    posts: int = 0
    comments: int = 0
    attachments: dict = field(default_factory=dict)


def check_export(path):
    """Read the whole export at `path` once, checking it (`WxrReader`), and return an
    `ExportSummary`. Raises `WxrError` naming the line of the first problem."""
    summary = ExportSummary()
    reader = WxrReader(path)
    for record in reader:
        if isinstance(record, WxrAuthor):
            summary.authors += 1
        elif isinstance(record, WxrCategory):
            summary.categories += 1
        else:
            summary.items += 1
            if record.post_type == "post":
                summary.posts += 1
                summary.comments += len(record.comments)
            elif record.post_type == "attachment" and record.attachment_url:
                alt = record.meta.get("_wp_attachment_image_alt", "").strip()
                summary.attachments[record.post_id] = (record.attachment_url, alt)
    summary.version = reader.version
    return summary
