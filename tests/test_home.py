"""The home page and the site frame (header, footer, error pages) every page shares."""

import re

from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

import pytest
from bs4 import BeautifulSoup

from tests.factories import TreatmentFactory


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def home_html(client, clinic):
    response = client.get("/")
    assert response.status_code == 200
    return soup_of(response)


def test_home_page_shows_hero_and_conditions(home_html, home_page):
    assert home_html.h1.get_text(strip=True) == home_page.hero_heading
    conditions = [h3.get_text(strip=True) for h3 in home_html.select(".treatment h3")]
    assert conditions == ["Anxiety", "PTSD"]


def test_contact_details_come_from_clinic_settings_everywhere(home_html):
    header, footer = home_html.select_one(".site-header"), home_html.select_one(".site-footer")
    cta = home_html.select_one(".contact-cta")
    for region in (header, footer, cta):
        assert region.find("a", href="tel:+17062868344"), region.name
    for region in (footer, cta):
        assert region.find("a", href="mailto:ketamine@ashfordpain.com")
    assert "Ashford Ketamine Clinic" in header.get_text()
    assert "12 Example Street" in footer.address.get_text()


def test_changing_the_phone_in_settings_changes_every_place_without_a_deploy(client, clinic):
    clinic.phone = "+1 555 010 2030"
    clinic.save()
    page = soup_of(client.get("/"))
    phone_links = [
        link
        for link in page.find_all("a", href=re.compile(r"^tel:"))
        if not link.find_parent(class_="crisis-line")
    ]
    assert {a["href"] for a in phone_links} == {"tel:+15550102030"}
    assert len(phone_links) >= 3  # header, hero/CTA and footer
    assert "(706) 286-8344" not in page.get_text()


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("(706) 286-8344", "tel:+17062868344"),
        ("+44 20 7946 0000", "tel:+442079460000"),
        ("911", "tel:911"),
    ],
)
def test_phone_href_is_a_dialable_uri(clinic, phone, href):
    clinic.phone = phone
    assert clinic.phone_href == href


def test_page_has_skip_link_landmarks_and_current_nav_item(home_html):
    skip = home_html.find("a", class_="skip-link")
    assert skip["href"] == "#main"
    assert home_html.find("main", id="main")
    nav = home_html.find("nav", attrs={"aria-label": "Main"})
    assert nav.find("a", attrs={"aria-current": "page"}).get_text(strip=True) == "Home"
    assert home_html.html["lang"] == "en"


def test_page_loads_nothing_from_other_hosts(home_html):
    """Stylesheets, scripts, icons and images are all served by the site itself."""
    links = home_html.find_all("link")
    loaded = [link["href"] for link in links if link.get("rel") != ["canonical"]]
    loaded += [tag["src"] for tag in home_html.find_all(["script", "img"], src=True)]
    loaded += [tag["srcset"] for tag in home_html.find_all("source", srcset=True)]
    assert loaded
    for url in loaded:
        assert not url.startswith(("http:", "https:", "//")), url


def test_public_templates_have_no_inline_script_or_style(home_html):
    assert not home_html.find_all(style=True)
    for script in home_html.find_all("script"):
        assert script.get("src"), "inline <script> found"
    assert not home_html.find_all("style")


def test_home_query_count_does_not_grow_with_conditions(
    client, clinic, home_page, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the budget of a render, not of a cached copy
    client.get("/")  # warm the per-process caches (site root paths, settings)
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    TreatmentFactory.create_batch(10, page=home_page)
    with django_assert_num_queries(len(few)):
        response = client.get("/")
    assert len(soup_of(response).select(".treatment")) == 12


def test_unknown_url_gets_the_styled_404_page(client, clinic):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = soup_of(response)
    assert page.h1.get_text(strip=True) == "We couldn’t find that page"
    assert page.find("a", href="tel:+17062868344")


def test_404_page_offers_the_blog_and_a_search_box(client, clinic, blog_index):
    page = soup_of(client.get("/no-such-page/"))
    main = page.find("main")
    assert main.find("a", href=blog_index.url).get_text(strip=True) == (
        "Browse every article on our blog"
    )
    form = main.find("form", attrs={"role": "search"})
    assert form["action"] == "/search/" and form["method"] == "get"
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True)
    assert main.find("a", href="/")


def test_500_page_renders_without_request_or_database():
    html = render_to_string("500.html")
    assert "Something went wrong" in html
    assert "/static/css/site.css" in html
