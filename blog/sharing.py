"""Share links for an article: plain URLs to each network's own share page.

No scripts, widgets or counters from the networks: nothing reaches them unless the reader
clicks. Every parameter is percent-encoded (spaces as %20, which mail clients also accept).
"""

from urllib.parse import quote, urlencode


def _query(params):
    return urlencode({key: value for key, value in params.items() if value}, quote_via=quote)


def share_links(url, title, description="", image_url=""):
    """(network, label, href) for each share target, in the order the row shows them."""
    return [
        (
            "facebook",
            "Facebook",
            f"https://www.facebook.com/sharer/sharer.php?{_query({'u': url})}",
        ),
        (
            "x",
            "X (Twitter)",
            f"https://x.com/intent/tweet?{_query({'url': url, 'text': title})}",
        ),
        (
            "pinterest",
            "Pinterest",
            "https://www.pinterest.com/pin/create/button/?"
            + _query({"url": url, "media": image_url, "description": description or title}),
        ),
        (
            "linkedin",
            "LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{_query({'url': url})}",
        ),
    ]


def email_link(url, title, description=""):
    body = f"{description}\n\n{url}" if description else url
    return f"mailto:?{_query({'subject': title, 'body': body})}"
