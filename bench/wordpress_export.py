"""A WordPress export of any size, for timing `import_wordpress` (bench/wordpress_import.py).

`write_export(path, posts=2000, comments=20000)` writes a WXR 1.2 file like the clinic's:
three authors, four categories, posts in the block editor (headings, paragraphs, a list, a
quote, an image whose file is missing one time in ten, the old theme's share row) and in the
classic editor, a few drafts and private posts, comments spread over the posts in every
status, threaded up to four deep. The same arguments always write the same file; it is
written line by line, so its size costs no memory.

    python -m bench.wordpress_export export.xml --posts 2000 --comments 20000 --uploads DIR
"""

import argparse
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:wfw="http://wellformedweb.org/CommentAPI/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Benchmark clinic</title>
<link>https://old.bench.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
"""
AUTHORS = [("mpark", "Mina Park"), ("jlaurent", "Jérôme Laurent"), ("tokafor", "Tobi Okafor")]
CATEGORIES = [("anxiety", "Anxiety"), ("ptsd", "PTSD"), ("depression", "Depression"),
              ("treatment", "Treatment")]  # fmt: skip
TAGS = ["ketamine", "glutamate", "sleep", "therapy", "research", "aftercare"]
SENTENCES = [
    "Ketamine acts on glutamate, not serotonin, which is why it can work within hours.",
    "Sessions take place in a quiet room, with a nurse nearby the whole time.",
    "Most people feel some dissociation during a session; it fades soon after.",
    "We ask about your history first, because ketamine is not right for everyone.",
    "Talk therapy alongside the sessions can help the gains last.",
    "Maintenance sessions are spaced out once the first series is done.",
]
COMMENTS = [
    "Thank you, this answered what my doctor could not.",
    "How many sessions did most people need?",
    "I had my <em>third</em> session last week and slept well for the first time.",
    'Is there a <a href="https://example.org/waiting-list">waiting list</a>?',
    "<blockquote>It fades soon after.</blockquote>That matched my experience.",
]
STATUSES = ["1"] * 16 + ["0", "0", "spam", "trash"]
EPOCH = datetime(2016, 1, 1, tzinfo=UTC)


def cdata(text):
    return f"<![CDATA[{text.replace(']]>', ']]]]><![CDATA[>')}]]>"


def block(name, html):
    """One Gutenberg block: `html` between its delimiting comments."""
    return f"<!-- wp:{name} -->\n{html}\n<!-- /wp:{name} -->"


def picture_path(post_id):
    """The uploads path of a block-editor post's picture; one in ten is never drawn."""
    name = "gone" if post_id % 10 == 0 else "picture"
    return f"20{16 + post_id % 8}/0{1 + post_id % 9}/{name}-{post_id}.jpg"


def gutenberg_body(rng, post_id):
    uploads = "https://old.bench.example/wp-content/uploads"
    parts = []
    for section in range(3):
        parts.append(block("heading", f"<h2>Part {section + 1}</h2>"))
        for _ in range(2):
            parts.append(block("paragraph", f"<p>{' '.join(rng.sample(SENTENCES, 3))}</p>"))
    parts += [
        block("list", "<ul><li>Screening</li><li>Sessions</li><li>Follow-up</li></ul>"),
        block(
            "image",
            f'<figure class="wp-block-image"><img src="{uploads}/{picture_path(post_id)}" '
            'alt="A calm picture"/></figure>',
        ),
        block("quote", "<blockquote><p>It felt lighter.</p><cite>A patient</cite></blockquote>"),
        block("paragraph", "<p>share this article:</p>"),
    ]
    return "\n\n".join(parts)


def classic_body(rng):
    paragraphs = [" ".join(rng.sample(SENTENCES, 2)) for _ in range(6)]
    return "\n\n".join(paragraphs[:3]) + "\n<h3>What next</h3>\n" + "\n\n".join(paragraphs[3:])


def comment_xml(comment_id, parent_id, date, rng):
    return f"""<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>
<wp:comment_author>{cdata(f"Reader {comment_id % 997}")}</wp:comment_author>
<wp:comment_author_email>{cdata(f"reader{comment_id % 997}@example.com")}</wp:comment_author_email>
<wp:comment_author_url></wp:comment_author_url>
<wp:comment_author_IP>{cdata("192.0.2.1")}</wp:comment_author_IP>
<wp:comment_date_gmt>{cdata(date.strftime("%Y-%m-%d %H:%M:%S"))}</wp:comment_date_gmt>
<wp:comment_content>{cdata(rng.choice(COMMENTS))}</wp:comment_content>
<wp:comment_approved>{cdata(rng.choice(STATUSES))}</wp:comment_approved>
<wp:comment_type>{cdata("comment")}</wp:comment_type>
<wp:comment_parent>{parent_id}</wp:comment_parent></wp:comment>
"""


def item_xml(post_id, comment_ids, rng):
    date = EPOCH + timedelta(hours=post_id * 7)
    status = "draft" if post_id % 50 == 0 else "private" if post_id % 97 == 0 else "publish"
    slug = f"article-{post_id}"
    body = gutenberg_body(rng, post_id) if post_id % 3 else classic_body(rng)
    category, name = CATEGORIES[post_id % len(CATEGORIES)]
    tag = TAGS[post_id % len(TAGS)]
    lines = [
        "<item>",
        f"<title>{escape(f'Article {post_id}: living with anxiety')}</title>",
        f"<link>https://old.bench.example/{date:%Y/%m}/{slug}/</link>",
        f"<dc:creator>{cdata(AUTHORS[post_id % len(AUTHORS)][0])}</dc:creator>",
        f"<content:encoded>{cdata(body)}</content:encoded>",
        f"<excerpt:encoded>{cdata('')}</excerpt:encoded>",
        f"<wp:post_id>{post_id}</wp:post_id>",
        f"<wp:post_date_gmt>{cdata(date.strftime('%Y-%m-%d %H:%M:%S'))}</wp:post_date_gmt>",
        f"<wp:post_name>{cdata(slug)}</wp:post_name>",
        f"<wp:status>{cdata(status)}</wp:status>",
        f"<wp:post_type>{cdata('post')}</wp:post_type>",
        f'<category domain="category" nicename="{category}">{cdata(name)}</category>',
        f'<category domain="post_tag" nicename="{tag}">{cdata(tag)}</category>',
    ]
    earlier = []
    for comment_id in comment_ids:
        # A new thread one time in three, otherwise an answer to an earlier comment.
        parent = rng.choice(earlier) if earlier and rng.random() > 0.33 else 0
        lines.append(comment_xml(comment_id, parent, date + timedelta(hours=comment_id % 500), rng))
        earlier.append(comment_id)
    lines.append("</item>")
    return "\n".join(lines) + "\n"


def write_export(path, posts=2000, comments=20000, uploads=None):
    """Write the export to `path` (see the module's docstring); with `uploads`, draw the
    pictures it refers to there (all but the missing ones). Returns `path`."""
    rng = random.Random(16)  # noqa: S311 (benchmark data, not secrets)
    per_post, extra = divmod(comments, posts)
    next_comment = 100_000
    with open(path, "w", encoding="utf-8") as export:
        export.write(HEADER)
        for login, display_name in AUTHORS:
            export.write(
                f"<wp:author><wp:author_login>{cdata(login)}</wp:author_login>"
                f"<wp:author_display_name>{cdata(display_name)}</wp:author_display_name>"
                "</wp:author>\n"
            )
        for slug, name in CATEGORIES:
            export.write(
                f"<wp:category><wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
                f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
            )
        for post_id in range(1, posts + 1):
            count = per_post + (1 if post_id <= extra else 0)
            ids = range(next_comment, next_comment + count)
            next_comment += count
            export.write(item_xml(post_id, ids, rng))
        export.write("</channel>\n</rss>\n")
    if uploads:
        draw_pictures(Path(uploads), posts)
    return path


def draw_pictures(folder, posts):
    """Small JPEGs for every picture the block-editor posts show, but the missing ones."""
    from PIL import Image

    for post_id in range(1, posts + 1):
        if post_id % 3 and post_id % 10:
            picture = folder / picture_path(post_id)
            picture.parent.mkdir(parents=True, exist_ok=True)
            Image.new("RGB", (64, 40), (post_id % 256, 120, 140)).save(picture, "JPEG")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--comments", type=int, default=20000)
    parser.add_argument("--uploads", help="Also draw the pictures into this folder.")
    options = parser.parse_args(argv)
    write_export(options.path, options.posts, options.comments, options.uploads)


if __name__ == "__main__":
    main()
