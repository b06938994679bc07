"""Configuration: environment variables in, settings out; production refuses to start unsafe."""

import subprocess
import sys
from pathlib import Path

import pytest

from clinicsite.settings.environment import email_settings, env_bool, env_list
from tests.site_process import clean_environment

PROJECT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "clinic.example.org",
}


def load_settings(module, show="s.DEBUG", **env):
    """Import a settings module in a fresh interpreter with exactly these variables set, and
    print `show` (an expression on the module `s`)."""
    clean_env = clean_environment(
        "SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "REDIS_URL"
    )
    return subprocess.run(
        [sys.executable, "-c", f"import clinicsite.settings.{module} as s; print({show})"],
        cwd=PROJECT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_without_required_variable_stops_with_one_line_naming_it(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = load_settings("production", **env)
    assert result.returncode != 0
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1
    assert missing in message


def test_production_with_required_variables_loads_with_debug_off():
    result = load_settings("production", **PRODUCTION_ENV, DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_dev_runs_without_any_variable():
    result = load_settings("dev")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_production_queues_mail_and_tasks_for_the_worker():
    show = "s.TASKS['default']['BACKEND'], s.EMAIL_BACKEND, s.MAIL_DELIVERY_BACKEND"
    result = load_settings("production", show=show, **PRODUCTION_ENV, EMAIL_URL="smtp://relay:25")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_tasks_db.DatabaseBackend",
        "home.mail.QueuedEmailBackend",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_dev_runs_tasks_at_once_and_prints_mail():
    result = load_settings("dev", show="s.TASKS['default']['BACKEND'], s.MAIL_DELIVERY_BACKEND")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django_tasks.backends.immediate.ImmediateBackend",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_dev_sqlite_takes_the_write_lock_when_a_transaction_begins():
    """The editor's autosave and preview write at once; in SQLite's deferred mode one of them
    failed with "database is locked" (a 500 seen under `make run`)."""
    result = load_settings("dev", show="s.DATABASES['default']['OPTIONS']")
    assert result.returncode == 0, result.stderr
    assert "'transaction_mode': 'IMMEDIATE'" in result.stdout
    postgres = load_settings(
        "dev",
        show="s.DATABASES['default'].get('OPTIONS', {})",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/test",
    )
    assert "transaction_mode" not in postgres.stdout


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("TRUE", True), ("on", True), ("0", False), ("no", False)]
)
def test_env_bool_reads_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG") is expected


def test_env_bool_rejects_a_typo_instead_of_guessing(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ValueError, match="SOME_FLAG"):
        env_bool("SOME_FLAG")


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example, ,b.example ")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_smtp_url_with_starttls_and_quoted_password():
    config = email_settings("smtp+tls://mailer%40clinic.org:p%2Fss@smtp.example.org:587")
    assert config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert config["EMAIL_HOST"] == "smtp.example.org"
    assert config["EMAIL_PORT"] == 587
    assert config["EMAIL_HOST_USER"] == "mailer@clinic.org"
    assert config["EMAIL_HOST_PASSWORD"] == "p/ss"
    assert config["EMAIL_USE_TLS"] is True
    assert config["EMAIL_USE_SSL"] is False


def test_console_email_url_picks_console_backend():
    config = email_settings("console://")
    assert config["EMAIL_BACKEND"].endswith("console.EmailBackend")


def test_unknown_email_scheme_is_refused():
    with pytest.raises(ValueError, match="EMAIL_URL"):
        email_settings("carrier-pigeon://loft")
