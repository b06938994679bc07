"""The demo's content, read from the TOML files beside this module:

    data/clinic.toml       Clinic settings, the conditions treated (home page), the crisis note
    data/pages.toml        the fields of the home, blog index, contact and privacy pages
    data/topics.toml       article topics, by slug
    data/authors.toml      the (invented) authors, by key
    data/references.toml   the studies the articles cite, by key
    data/replies.toml      readers' replies on the published articles, and a clinic answer
    articles/<slug>.toml   one article each: its fields, pictures and body (see body.py)

Long text may be wrapped over several lines: a line break reads as a space, and a blank line
starts a new paragraph where paragraphs are allowed (paragraph blocks, callouts, FAQ answers).
The clinic's address and opening hours and the privacy policy's HTML are kept as written; the
policy's {ip_kept_days} and {spam_kept_days} become the days the settings keep them for.
A misspelt or unknown key is an error (ContentError), never silently ignored.
"""

import datetime
from dataclasses import dataclass, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings

from .body import read_body
from .pictures import PALETTES, SCENES, Picture, initials_of
from .reading import ContentError, Table, fill_in, lookup, prose, read_toml

DATA_DIR = Path(__file__).resolve().parent / "data"
ARTICLES_DIR = Path(__file__).resolve().parent / "articles"

# Publication times are written as the clinic's wall-clock time and fixed, so a re-run
# writes nothing new and the listing order never depends on when the demo was seeded.
CLINIC_TIME = ZoneInfo("America/New_York")

PUBLISHED = "published"
# Saved as a draft by the demo's editor and submitted to the "Medical review" workflow.
IN_REVIEW = "in review"


@dataclass(frozen=True)
class Topic:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Person:
    """An author; `username` is the demo login that reviews articles as this person."""

    key: str
    name: str
    credentials: str
    job_title: str
    bio: str
    portrait: Picture
    username: str = ""


@dataclass(frozen=True)
class Article:
    """One article file. `authors` and `reviewed_by` are keys of `Content.people`, `topics`
    slugs of `Content.topics`, `pictures` Pictures by key; `body` is read_body's raw data."""

    slug: str
    title: str
    intro: str
    status: str  # PUBLISHED or IN_REVIEW
    authors: tuple
    topics: tuple
    tags: tuple
    pictures: dict
    body: tuple
    date_published: datetime.datetime | None = None
    last_reviewed: datetime.date | None = None
    # Empty means one year after last_reviewed (the model's rule).
    next_review_due: datetime.date | None = None
    reviewed_by: str | None = None

    @property
    def featured(self):
        """The featured picture (the `featured` key of [pictures]), or None."""
        return self.pictures.get("featured")

    def stream_data(self, image_id):
        """The body as raw StreamField data, `image_id(picture)` giving each image's id."""
        return [
            {**block, "value": {**block["value"], "image": image_id(block["value"]["image"])}}
            if block["type"] == "image"
            else block
            for block in self.body
        ]


@dataclass(frozen=True)
class DemoReply:
    """One reply of data/replies.toml. `answer_to` is an earlier reply's key, or "";
    a `clinic` answer is written by the moderator login, so it has no name or email here."""

    key: str
    article: str  # a published article's slug
    text: str
    posted: datetime.datetime
    approved: bool  # else awaiting a moderator
    name: str = ""
    email: str = ""
    answer_to: str = ""
    clinic: bool = False


@dataclass(frozen=True)
class Content:
    """Everything the demo seeds. Settings and pages are dicts of model field values."""

    clinic_settings: dict  # ClinicSettings field -> value
    treatments: tuple  # of Treatment field dicts, in the home page's order
    home_page: dict
    home_hero: Picture
    blog_index: dict
    contact_page: dict
    privacy_page: dict
    topics: dict  # slug -> Topic
    people: dict  # key -> Person
    articles: tuple  # published ones in order of publication, then those in review
    replies: tuple = ()  # DemoReply, answers after what they answer


def retention_days():
    """The placeholders the privacy policy's text may use: how many days replies keep their
    IP address and spam is kept, as the purges (and the reply form's privacy note) apply them.
    """
    return {
        "ip_kept_days": settings.REPLIES_IP_KEPT_DAYS,
        "spam_kept_days": settings.REPLIES_SPAM_KEPT_DAYS,
    }


def load_content(data_dir=DATA_DIR, articles_dir=ARTICLES_DIR):
    """Read every demo data file. Returns a Content; raises ContentError naming the file and
    the key at fault if one is malformed or refers to something the others do not hold."""
    with Table(read_toml(data_dir / "clinic.toml"), "clinic.toml") as clinic:
        clinic_settings = clinic["settings"]
        crisis_note = prose(clinic["crisis_note"])
        treatments = tuple(
            read_fields(data, f"clinic.toml, treatment {position}")
            for position, data in enumerate(clinic["treatments"], start=1)
        )
    with Table(read_toml(data_dir / "pages.toml"), "pages.toml") as pages:
        with Table(pages["home"], "pages.toml, [home]") as home:
            home_hero = read_picture(home["hero_image"], "pages.toml, [home.hero_image]")
            home_page = field_values(home)
        blog_index = read_fields(pages["blog"], "pages.toml, [blog]")
        contact_page = read_fields(pages["contact"], "pages.toml, [contact]")
        privacy_page = read_fields(pages["privacy"], "pages.toml, [privacy]", ["body"])
        privacy_page["body"] = fill_in(
            privacy_page["body"], retention_days(), "pages.toml, [privacy] body"
        )
    topics = {
        slug: read_topic(slug, data, f"topics.toml, [{slug}]")
        for slug, data in read_toml(data_dir / "topics.toml").items()
    }
    people = {
        key: read_person(key, data, f"authors.toml, [{key}]")
        for key, data in read_toml(data_dir / "authors.toml").items()
    }
    references = {
        key: read_reference(data, f"references.toml, [{key}]")
        for key, data in read_toml(data_dir / "references.toml").items()
    }
    articles = [
        read_article(
            path, topics=topics, people=people, references=references, crisis_note=crisis_note
        )
        for path in sorted(articles_dir.glob("*.toml"))
    ]
    # The order they are seeded in, so page ids and the page tree follow the dates.
    published = [article for article in articles if article.status == PUBLISHED]
    in_review = [article for article in articles if article.status == IN_REVIEW]
    return Content(
        clinic_settings=clinic_settings,
        treatments=treatments,
        home_page=home_page,
        home_hero=home_hero,
        blog_index=blog_index,
        contact_page=contact_page,
        privacy_page=privacy_page,
        topics=topics,
        people=people,
        articles=(*sorted(published, key=lambda article: article.date_published), *in_review),
        replies=read_replies(
            read_toml(data_dir / "replies.toml"), {article.slug for article in published}
        ),
    )


REPLY_STATES = {"approved": True, "awaiting": False}


def read_replies(data, published_slugs):
    """The DemoReplies of replies.toml (`data`, its parsed TOML), in file order; each on a
    published article, answering an earlier approved reply of the same article, if any."""
    replies = {}
    for position, entry in enumerate(data.get("reply", ()), start=1):
        where = f"replies.toml, reply {position}"
        with Table(entry, where) as reply:
            key, article = reply["key"], reply["article"]
            if article not in published_slugs:
                raise ContentError(f"{where}: {article!r} is not a published article")
            if key in replies:
                raise ContentError(f"{where}: the key {key!r} is used twice")
            if reply["status"] not in REPLY_STATES:
                raise ContentError(f"{where}: status must be one of {', '.join(REPLY_STATES)}")
            answer_to = reply.get("answer_to", "")
            if answer_to:
                parent = lookup(replies, answer_to, "earlier reply", where)
                if parent.article != article or not parent.approved:
                    raise ContentError(f"{where}: answers must go to an approved reply above")
            clinic = reply.get("clinic", False)
            name, email = ("", "") if clinic else (reply["name"], reply["email"])
            posted = reply["posted"]
            if not isinstance(posted, datetime.datetime):
                raise ContentError(f"{where}: posted must be a date and time")
            replies[key] = DemoReply(
                key=key,
                article=article,
                text=prose(reply["text"]),
                posted=posted.replace(tzinfo=posted.tzinfo or CLINIC_TIME),
                approved=REPLY_STATES[reply["status"]],
                name=name,
                email=email,
                answer_to=answer_to,
                clinic=clinic,
            )
    return tuple(replies.values())


def read_article(path, *, topics, people, references, crisis_note):
    """An Article from `articles/<slug>.toml`; its authors, topics and the keys in its body
    are checked here, so a wrong one is reported with its file."""
    where = path.name
    with Table(read_toml(path), where) as article:
        slug = article["slug"]
        if slug != path.stem:
            raise ContentError(f"{where}: the file is named after the slug, {slug!r}")
        status = article["status"]
        if status not in (PUBLISHED, IN_REVIEW):
            raise ContentError(f"{where}: status must be {PUBLISHED!r} or {IN_REVIEW!r}")
        date_published = article.get("date_published")
        if status == PUBLISHED and not isinstance(date_published, datetime.datetime):
            raise ContentError(f"{where}: a published article needs a date_published time")
        if date_published is not None and date_published.tzinfo is None:
            date_published = date_published.replace(tzinfo=CLINIC_TIME)
        authors = tuple(article["authors"])
        for key in authors:
            lookup(people, key, "author", where)
        reviewed_by = article.get("reviewed_by")
        if reviewed_by is not None:
            lookup(people, reviewed_by, "author", where)
        topic_slugs = tuple(article.get("topics", ()))
        for topic_slug in topic_slugs:
            lookup(topics, topic_slug, "topic", where)
        pictures = {
            key: read_picture(data, f"{where}, picture {key!r}")
            for key, data in article.get("pictures", {}).items()
        }
        return Article(
            slug=slug,
            title=prose(article["title"]),
            intro=prose(article["intro"]),
            status=status,
            authors=authors,
            topics=topic_slugs,
            tags=tuple(article.get("tags", ())),
            pictures=pictures,
            body=read_body(
                article["body"],
                pictures=pictures,
                references=references,
                crisis_note=crisis_note,
                where=where,
            ),
            date_published=date_published,
            last_reviewed=article.get("last_reviewed"),
            next_review_due=article.get("next_review_due"),
            reviewed_by=reviewed_by,
        )


def read_picture(data, where):
    """A Picture from its table: title, seed, palette (a key of PALETTES), scene (one of
    SCENES), alt, caption."""
    with Table(data, where) as picture:
        palette = picture["palette"]
        lookup(PALETTES, palette, "palette", where)
        scene = picture["scene"]
        lookup(dict.fromkeys(SCENES), scene, "scene", where)
        return Picture(
            title=picture["title"],
            seed=picture["seed"],
            palette=palette,
            scene=scene,
            alt=prose(picture.get("alt", "")),
            caption=prose(picture.get("caption", "")),
        )


def read_topic(slug, data, where):
    with Table(data, where) as topic:
        return Topic(slug=slug, name=topic["name"], description=prose(topic["description"]))


def read_person(key, data, where):
    with Table(data, where) as person:
        return Person(
            key=key,
            name=person["name"],
            credentials=person["credentials"],
            job_title=person["job_title"],
            bio=prose(person["bio"]),
            # A monogram of the person's own initials.
            portrait=replace(
                read_picture(person["portrait"], f"{where}, portrait"),
                initials=initials_of(person["name"]),
            ),
            username=person.get("username", ""),
        )


def read_reference(data, where):
    """A study, as ReferenceBlock's raw value."""
    with Table(data, where) as reference:
        return {
            "authors": prose(reference["authors"]),
            "title": prose(reference["title"]),
            "publication": prose(reference["publication"]),
            "year": reference["year"],
            "url": reference.get("url", ""),
            "doi": reference.get("doi", ""),
            "pubmed_id": reference.get("pubmed_id", ""),
        }


def read_fields(data, where, kept_as_written=()):
    """A table of a model's field values (see field_values)."""
    with Table(data, where) as table:
        return field_values(table, kept_as_written)


def field_values(table, kept_as_written=()):
    """The keys of an open Table not read yet, as model field values: text is unwrapped,
    except in the fields named in `kept_as_written`, which are only stripped."""
    values = {}
    for field, value in table.rest().items():
        if isinstance(value, str):
            value = value.strip() if field in kept_as_written else prose(value)
        values[field] = value
    return values
