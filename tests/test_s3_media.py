"""Uploaded media on S3-compatible object storage (django-storages), against moto's S3 server
on loopback: pictures and their renditions are stored in the bucket, pages show them from
where the settings say, the security policy and `check --deploy` follow, deleting a picture
deletes its files, and a backup says the files are not in it."""

import io
import json
import logging
import tarfile
import urllib.request
from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.images.models import Rendition

import boto3
import pytest
from bs4 import BeautifulSoup
from moto.server import ThreadedMotoServer

from clinicsite.checks import check_media_host
from clinicsite.settings.base import S3_MEDIA_OPTIONS
from tests.factories import BlogPageFactory, DocumentFactory, ImageFactory

pytestmark = pytest.mark.django_db

BUCKET = "clinic-media"
# What README ("Media on S3") asks of a real bucket: anyone may read pictures and their
# renditions; documents are read only by the site, which serves them with Wagtail's checks.
PUBLIC_PICTURES = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": [
                f"arn:aws:s3:::{BUCKET}/media/original_images/*",
                f"arn:aws:s3:::{BUCKET}/media/images/*",
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server on a free loopback port, for the module: its URL."""
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint, monkeypatch):
    """boto3's S3 client for moto, with throwaway credentials in the environment (where
    boto3 and django-storages read them), and nothing read from this machine's AWS files."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_PICTURES))
    yield client
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def use_bucket(settings, endpoint, **options):
    """Point the default storage at the bucket with production's options (base.py), as
    AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL would."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **S3_MEDIA_OPTIONS,
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                **options,
            },
        },
    }


@pytest.fixture
def s3_media(settings, s3_endpoint, s3_client):
    """Media in the bucket, its URLs on the bucket's own host (no custom domain)."""
    use_bucket(settings, s3_endpoint)
    return s3_client


def keys(client):
    """Every object key in the bucket: {str}."""
    listing = client.list_objects_v2(Bucket=BUCKET)
    return {item["Key"] for item in listing.get("Contents", [])}


def img_src(response):
    """The sources of the response's Content-Security-Policy img-src directive: [str]."""
    directives = [part.split() for part in response["Content-Security-Policy"].split(";")]
    return next(sources for name, *sources in directives if name == "img-src")


@pytest.fixture
def picture(s3_media):
    return ImageFactory(title="A calm lake")


@pytest.fixture
def article_with_picture(blog_index, picture, author, anxiety):
    return BlogPageFactory(
        parent=blog_index,
        slug="with-a-picture",
        featured_image=picture,
        featured_image_alt="A calm lake",
        authors=[author],
        topics=[anxiety],
    )


def test_an_uploaded_picture_and_its_renditions_are_stored_in_the_bucket(s3_media, picture):
    rendition = picture.get_rendition("fill-200x100")
    stored = keys(s3_media)
    assert f"media/{picture.file.name}" in stored
    assert f"media/{rendition.file.name}" in stored
    assert picture.file.name.startswith("original_images/")
    assert rendition.file.name.startswith("images/")
    # The rendition was cut from the original read back from the bucket.
    assert (rendition.width, rendition.height) == (200, 100)


def test_a_second_upload_with_the_same_name_keeps_the_first(s3_media):
    first = ImageFactory(file__filename="lake.jpg")
    second = ImageFactory(file__filename="lake.jpg")
    assert first.file.name != second.file.name
    assert {f"media/{first.file.name}", f"media/{second.file.name}"} <= keys(s3_media)


def test_an_article_shows_its_picture_from_the_bucket_and_the_policy_allows_it(
    s3_endpoint, article_with_picture, client
):
    response = client.get(article_with_picture.url)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    sources = [page.select_one(".article img")["src"]]
    sources += [
        candidate.split()[0]
        for source in page.select(".article picture source")
        for candidate in source["srcset"].split(",")
    ]
    assert sources
    for source in sources:
        assert source.startswith(f"{s3_endpoint}/{BUCKET}/media/images/"), source
        with urllib.request.urlopen(source) as image:  # noqa: S310 (moto on loopback)
            assert image.status == 200
            assert image.headers["Cache-Control"] == "public, max-age=86400"
    assert img_src(response) == ["'self'", "data:", s3_endpoint]
    [warning] = check_media_host()
    assert warning.id == "clinicsite.W001" and s3_endpoint in warning.msg


def test_with_the_bucket_behind_the_sites_own_host_pictures_stay_on_the_site(
    settings, s3_endpoint, s3_client, blog_index, author, anxiety
):
    use_bucket(settings, s3_endpoint, custom_domain="clinic.example.org")
    settings.ALLOWED_HOSTS = ["clinic.example.org", "testserver"]
    picture = ImageFactory()
    article = BlogPageFactory(
        parent=blog_index, featured_image=picture, featured_image_alt="A lake", authors=[author]
    )
    response = Client().get(article.url)
    assert response.status_code == 200
    src = BeautifulSoup(response.content, "html.parser").select_one(".article img")["src"]
    assert src.startswith("https://clinic.example.org/media/images/")
    assert f"media/{urlsplit(src).path.removeprefix('/media/')}" in keys(s3_client)
    assert img_src(response) == ["'self'", "data:"]
    assert check_media_host() == []


def test_a_document_in_the_bucket_is_served_by_the_site_never_by_a_redirect_to_it(s3_media, client):
    """Wagtail's default for a remote storage redirects to the file's own (here public)
    URL, which would skip a private collection's checks on every later visit."""
    leaflet = DocumentFactory(file__filename="leaflet.txt", file__data=b"Before your visit")
    assert f"media/{leaflet.file.name}" in keys(s3_media)
    response = client.get(reverse("wagtaildocs_serve", args=[leaflet.pk, leaflet.filename]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Before your visit"


def test_media_on_disk_adds_nothing_to_the_policy(client, article):
    assert img_src(client.get(article.url)) == ["'self'", "data:"]
    assert check_media_host() == []


def test_deleting_a_picture_deletes_its_files_from_the_bucket(
    s3_media, picture, django_capture_on_commit_callbacks
):
    rendition = picture.get_rendition("fill-200x100")
    assert len(keys(s3_media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        Rendition.objects.filter(pk=rendition.pk).delete()
        picture.delete()
    assert keys(s3_media) == set()


@pytest.mark.django_db(transaction=True)
def test_a_backup_with_media_in_the_bucket_holds_the_database_and_says_so(
    migrated_db, s3_media, tmp_path
):
    # Committed, as in tests/test_backups.py: SQLite's backup waits for an open transaction.
    picture = ImageFactory()
    archive = tmp_path / "site.tar.gz"
    errors = io.StringIO()
    call_command("backup_site", output=archive, stdout=io.StringIO(), stderr=errors)
    with tarfile.open(archive) as contents:
        manifest = json.load(contents.extractfile("manifest.json"))
        assert not [name for name in contents.getnames() if name.startswith("media")]
    assert manifest["media"] is False
    assert "Uploaded files are not in it" in errors.getvalue()
    assert default_storage.exists(picture.file.name)  # untouched in the bucket
