"""Is a page inert? The checks tests/test_xss.py and tests/test_properties.py share: a
document parsed as a browser parses it (html5lib), and everything in it that could run."""

import json
import re

from bs4 import BeautifulSoup

# What each payload would do if it ran: anything of the kind in a script means it is live.
MARKERS = re.compile(r"alert|msgbox|evil\.example", re.IGNORECASE)
URL_ATTRIBUTES = {
    "action",
    "background",
    "data",
    "formaction",
    "href",
    "lowsrc",
    "ping",
    "poster",
    "src",
    "xlink:href",
}
# Elements the site never renders: any one of them came from reader text.
FOREIGN_ELEMENTS = {"applet", "base", "embed", "frame", "frameset", "iframe", "object"}
JSON_TYPES = {"application/ld+json", "application/json"}


def parse(content):
    """The document as a browser builds it."""
    return BeautifulSoup(content, "html5lib")


def is_dangerous_url(value):
    """A javascript:, data: or vbscript: address, as a browser reads it (it ignores ASCII
    white space and controls anywhere in the scheme)."""
    squeezed = re.sub(r"[\x00-\x20]", "", value).lower()
    return squeezed.startswith(("javascript:", "data:", "vbscript:"))


def live_parts(document, inline_scripts_allowed=False):
    """What in `document` (a parsed page) could run: [description], empty when inert.

    The site's own scripts are files under /static/ and JSON (structured data, admin
    settings) whose text holds no "<"; the admin also has inline scripts of its own, which
    are allowed there (`inline_scripts_allowed`) unless they carry a payload's marker."""
    found = []
    for element in document.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}>")
            if name.lower() in URL_ATTRIBUTES and is_dangerous_url(value):
                found.append(f"<{element.name} {name}={value!r}>")
            if name.lower() == "srcdoc":
                found.append(f"<{element.name} srcdoc>")
            if name.lower() == "style" and re.search(r"javascript|expression", value, re.I):
                found.append(f"<{element.name} style={value!r}>")
        if element.name in FOREIGN_ELEMENTS:
            found.append(f"<{element.name}>")
        if element.name == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if element.name == "script":
            found += script_problems(element, inline_scripts_allowed)
    return found


def script_problems(script, inline_scripts_allowed):
    text = script.string or ""
    src = script.get("src")
    if src is not None:
        same_site = src.startswith("/") and not src.startswith("//")
        return [] if same_site and not text.strip() else [f"<script src={src}>"]
    if script.get("type", "").lower() in JSON_TYPES:
        if "<" in text:
            return ["a < inside a JSON script element"]
        json.loads(text)
        return []
    if inline_scripts_allowed and not MARKERS.search(text):
        return []
    return [f"inline <script>{text[:60]!r}"]


def assert_inert(response, inline_scripts_allowed=False, status=200):
    assert response.status_code == status, response.status_code
    document = parse(response.content)
    assert live_parts(document, inline_scripts_allowed) == []
    return document
