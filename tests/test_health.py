"""/healthz for the load balancer: 200 ok, 200 degraded without the cache, 503 only without
the database; nothing secret, never cached, reachable by address over plain HTTP."""

import pytest


def health(client, **headers):
    response = client.get("/healthz", **headers)
    return response, response.content.decode().splitlines()


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_and_cache_answer(client):
    response, lines = health(client)
    assert response.status_code == 200
    assert lines == ["ok", "database: ok", "cache: ok"]
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies


@pytest.mark.django_db
def test_healthz_reports_a_cache_outage_as_degraded_and_stays_in_rotation(client, redis_down):
    response, lines = health(client)
    assert response.status_code == 200
    assert lines == ["degraded", "database: ok", "cache: unavailable"]


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, database_down):
    response, lines = health(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert lines == ["unavailable", "database: unavailable", "cache: ok"]


@pytest.mark.django_db
def test_healthz_ignores_mail(client, settings, closed_port):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    response, lines = health(client)
    assert response.status_code == 200
    assert lines[0] == "ok"


@pytest.mark.django_db
def test_a_load_balancer_probing_by_address_over_http_gets_the_answer(client, settings):
    settings.ALLOWED_HOSTS = ["clinic.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response, lines = health(client, HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert lines[0] == "ok"
    # Every other address still checks the host and redirects to HTTPS.
    assert client.get("/", HTTP_HOST="clinic.example.org").status_code == 301


@pytest.mark.django_db
def test_healthz_takes_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
