"""Security headers: a strict Content-Security-Policy without nonces on every public page,
the admin's own (Wagtail 8 needs 'unsafe-inline'), and a Permissions-Policy everywhere; and
nothing inline in public pages that the strict policy would block."""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from tests.factories import BlogPageFactory, ContactPageFactory, ReplyFactory

PUBLIC_STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy(response):
    """The response's Content-Security-Policy as {directive: sources}; fails if absent."""
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    return dict((directive.strip().split(" ", 1) + [""])[:2] for directive in header.split(";"))


@pytest.fixture
def public_site(article, blog_index, home_page, clinic):
    """One page of every public type, and an approved reply to the article."""
    article.tags.add("sleep")
    article.save()
    clinic.contact_page = ContactPageFactory(parent=home_page)
    clinic.save()
    BlogPageFactory(parent=blog_index, slug="second-article")
    reply = ReplyFactory(article=article)
    return {
        "home": "/",
        "article": article.url,
        "index": blog_index.url,
        "topic": "/blog/topic/anxiety/",
        "tag": "/blog/tag/sleep/",
        "search": "/search/?q=ketamine",
        "contact": clinic.contact_page.url,
        "reply page": f"/replies/reply/{reply.pk}/",
        "report page": f"/replies/{reply.pk}/report/",
        "404": "/no-such-page/",
    }


def public_responses(client, public_site):
    for name, url in public_site.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), name
        yield name, response


def test_every_public_page_type_has_the_strict_policy_without_nonces(client, public_site):
    for name, response in public_responses(client, public_site):
        directives = policy(response)
        for directive, sources in PUBLIC_STRICT.items():
            assert directives.get(directive) == sources, (name, directive, directives)
        header = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in header, name
        assert "unsafe-eval" not in header, name
        assert "nonce-" not in header, name


def test_public_pages_carry_no_inline_script_style_or_event_handler(client, public_site):
    """The strict policy would block them: scripts and styles are static files; the only
    inline script is the article's JSON-LD, a data block browsers never run."""
    for name, response in public_responses(client, public_site):
        soup = BeautifulSoup(response.content, "html.parser")
        inline_scripts = [
            script
            for script in soup.find_all("script")
            if not script.get("src") and script.get("type") != "application/ld+json"
        ]
        assert inline_scripts == [], name
        assert soup.find_all("style") == [], name
        assert soup.find_all(style=True) == [], name
        handlers = [
            (tag.name, attribute)
            for tag in soup.find_all(True)
            for attribute in tag.attrs
            if attribute.lower().startswith("on")
        ]
        assert handlers == [], name
        javascript_links = soup.find_all(href=lambda href: href and href.startswith("javascript:"))
        assert javascript_links == [], name


def test_the_article_keeps_its_structured_data_as_a_data_block(client, article, clinic):
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")

    assert soup.find("script", type="application/ld+json").string.strip().startswith("{")


def test_public_pages_seen_by_a_signed_in_editor_keep_the_strict_policy(
    client, public_site, editor
):
    """Wagtail's userbar loads its own script and style sheet from this origin."""
    client.force_login(editor)

    response = client.get(public_site["article"])

    assert "wagtail-userbar" in response.content.decode()
    assert policy(response)["script-src"] == "'self'"
    assert policy(response)["style-src"] == "'self'"


def test_the_admin_has_its_own_policy_with_inline_allowed_and_no_nonce(client, admin_user, article):
    client.force_login(admin_user)
    pages = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[article.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[article.pk]),
        reverse("login_lockouts"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["script-src"] == "'self' 'unsafe-inline'", url
        assert directives["style-src"] == "'self' 'unsafe-inline'", url
        assert directives["object-src"] == "'none'", url
        assert directives["frame-ancestors"] == "'self'", url
        assert "nonce-" not in response.headers["Content-Security-Policy"], url


def test_the_admin_sign_in_page_has_the_admin_policy(client, db):
    directives = policy(client.get(reverse("wagtailadmin_login")))

    assert directives["script-src"] == "'self' 'unsafe-inline'"


def test_every_page_denies_the_browser_features_the_site_never_uses(
    client, public_site, admin_user
):
    client.force_login(admin_user)
    for url in [*public_site.values(), reverse("wagtailadmin_home")]:
        header = client.get(url).headers.get("Permissions-Policy", "")
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in header, (url, feature)
        assert "browsing-topics=()" in header, url
        # The share row uses the Web Share API and the clipboard.
        assert "web-share" not in header, url
        assert "clipboard-write" not in header, url
