"""Share links for an article: plain URLs to each network's own share page.

No scripts, widgets or counters from the networks: nothing reaches them unless the reader
clicks. Every parameter is percent-encoded (spaces as %20, which mail clients also accept).
"""

from typing import NamedTuple
from urllib.parse import quote, urlencode


class ShareLink(NamedTuple):
    """One network's share link. `network` also names its icon in static/img/share-icons.svg;
    `name` goes into the link's accessible name ("Share on X (Twitter), …") and `label` is the
    shorter text shown beside the icon on wide screens (contained in the name, WCAG 2.5.3)."""

    network: str
    name: str
    label: str
    href: str


def _query(params):
    return urlencode({key: value for key, value in params.items() if value}, quote_via=quote)


def share_links(url, title, description="", image_url=""):
    """A `ShareLink` for each share target, in the order the row shows them."""
    return [
        ShareLink(
            "facebook",
            "Facebook",
            "Facebook",
            f"https://www.facebook.com/sharer/sharer.php?{_query({'u': url})}",
        ),
        ShareLink(
            "x",
            "X (Twitter)",
            "X",
            f"https://x.com/intent/tweet?{_query({'url': url, 'text': title})}",
        ),
        ShareLink(
            "pinterest",
            "Pinterest",
            "Pinterest",
            "https://www.pinterest.com/pin/create/button/?"
            + _query({"url": url, "media": image_url, "description": description or title}),
        ),
        ShareLink(
            "linkedin",
            "LinkedIn",
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{_query({'url': url})}",
        ),
    ]


def email_link(url, title, description=""):
    body = f"{description}\n\n{url}" if description else url
    return f"mailto:?{_query({'subject': title, 'body': body})}"
