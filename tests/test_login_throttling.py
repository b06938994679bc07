"""Login throttling (django-axes, home/lockouts.py): a username from one address is locked
after a few failures, an address after more; the lockout page says when to try again;
administrators unlock under Settings → Login lockouts; Redis is never needed."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.admin.forms.collections import CollectionViewRestrictionForm
from wagtail.admin.forms.pages import PageViewRestrictionForm
from wagtail.models import PageViewRestriction

import pytest
from axes.models import AccessAttempt

from home.lockouts import current_lockouts

LOGIN = "/admin/login/"
PASSWORD = "password"  # pytest-django's admin_user


def sign_in(client, username, password):
    """POST the admin's sign-in form as a browser does."""
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def address():
    """A browser at one address (REMOTE_ADDR, the socket's address)."""
    return Client(REMOTE_ADDR="203.0.113.7")


def test_thirty_wrong_passwords_lock_the_account_and_the_right_one_is_refused(
    admin_user, address, settings
):
    answers = [sign_in(address, "admin", f"guess-{n}").status_code for n in range(30)]

    limit = settings.AXES_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(answers[limit - 1 :]) == {429}
    response = sign_in(address, "admin", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed sign-in attempts" in page
    assert "Try again after" in page
    assert not signed_in(address)


def test_the_lockout_page_says_when_to_try_again(admin_user, address, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = sign_in(address, "admin", f"guess-{n}")

    assert response.status_code == 429
    cool_off = settings.AXES_COOLOFF_TIME.total_seconds()
    assert cool_off - 60 <= int(response["Retry-After"]) <= cool_off
    until = timezone.localtime(current_lockouts()[0].until)
    assert until - timezone.now() > timedelta(minutes=29)
    page = response.content.decode()
    assert f'Try again after <strong><time datetime="{until.isoformat()}">' in page
    assert f"{until:%-I:%M}" in page
    # In the admin's sign-in layout.
    assert 'class="login' in page.split("<body", 1)[1].split(">", 1)[0]


def test_attempts_while_locked_out_do_not_move_the_time_to_try_again(admin_user, address, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(address, "admin", f"guess-{n}")
    first = current_lockouts()[0].until

    for n in range(10):
        sign_in(address, "admin", f"again-{n}")

    assert current_lockouts()[0].until == first


def test_the_lockout_ends_after_the_cool_off(admin_user, address, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(address, "admin", f"guess-{n}")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    response = sign_in(address, "admin", PASSWORD)

    assert response.status_code == 302
    assert signed_in(address)


def test_an_account_lockout_holds_one_address_only(admin_user, address, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(address, "admin", f"guess-{n}")

    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert sign_in(elsewhere, "admin", PASSWORD).status_code == 302
    assert signed_in(elsewhere)


def test_an_address_trying_many_usernames_is_locked_for_all_of_them(admin_user, address, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 8
    # Never more than two tries a username: no account is locked.
    answers = [sign_in(address, f"user-{n // 2}", "guess").status_code for n in range(8)]

    assert answers == [200] * 7 + [429]
    response = sign_in(address, "admin", PASSWORD)

    assert response.status_code == 429
    assert not signed_in(address)
    assert sign_in(Client(REMOTE_ADDR="198.51.100.20"), "admin", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(admin_user, address, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(address, "admin", f"guess-{n}")

    response = address.post(
        LOGIN,
        {"username": "admin", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="192.0.2.99",
    )

    assert response.status_code == 429


def test_signing_in_works_while_redis_is_down(admin_user, address, redis_down, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(address, "admin", f"guess-{n}").status_code == 200

    response = sign_in(address, "admin", PASSWORD)

    assert response.status_code == 302
    assert signed_in(address)


def test_lockouts_still_hold_while_redis_is_down(admin_user, address, redis_down, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(address, "admin", f"guess-{n}")

    assert sign_in(address, "admin", PASSWORD).status_code == 429


# --- Unlocking ------------------------------------------------------------------------------


@pytest.fixture
def locked_out(editor, address, settings):
    """The editor, locked out from their address."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(address, editor.username, f"guess-{n}")
    assert sign_in(address, editor.username, "pw").status_code == 429
    return editor


def test_an_administrator_sees_the_lockouts_and_unlocks_one(
    client, admin_user, locked_out, address
):
    client.force_login(admin_user)

    page = client.get(reverse("login_lockouts"))

    assert page.status_code == 200
    assert locked_out.username in page.content.decode()
    assert "203.0.113.7" in page.content.decode()

    response = client.post(
        reverse("login_lockouts_unlock"),
        {"ip_address": "203.0.113.7", "username": locked_out.username},
    )

    assert response.status_code == 302
    assert current_lockouts() == []
    assert sign_in(address, locked_out.username, "pw").status_code == 302
    assert signed_in(address)


def test_an_administrator_unlocks_an_address(client, admin_user, address, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for n in range(4):
        sign_in(address, f"user-{n}", "guess")
    assert [lockout.scope for lockout in current_lockouts()] == ["Address"]
    client.force_login(admin_user)

    client.post(reverse("login_lockouts_unlock"), {"ip_address": "203.0.113.7"})

    assert current_lockouts() == []
    assert sign_in(address, "admin", PASSWORD).status_code == 302


def test_unlocking_one_lockout_leaves_the_others(client, admin_user, locked_out, settings):
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(elsewhere, "admin", f"guess-{n}")
    client.force_login(admin_user)

    client.post(reverse("login_lockouts_unlock"), {"ip_address": "", "username": ""})
    client.post(
        reverse("login_lockouts_unlock"),
        {"ip_address": "203.0.113.7", "username": locked_out.username},
    )

    assert [(lockout.username, lockout.ip_address) for lockout in current_lockouts()] == [
        ("admin", "198.51.100.20")
    ]


def test_the_lockouts_screen_is_under_settings_for_administrators(client, admin_user):
    client.force_login(admin_user)

    page = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("login_lockouts") in page


@pytest.mark.parametrize("role", ["editor", "reviewer", "moderator"])
def test_staff_who_are_not_administrators_cannot_see_or_unlock_lockouts(
    client, request, role, locked_out
):
    user = request.getfixturevalue(role)
    client.force_login(user)

    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("login_lockouts") not in dashboard
    listing = client.get(reverse("login_lockouts"))
    unlocking = client.post(
        reverse("login_lockouts_unlock"),
        {"ip_address": "203.0.113.7", "username": locked_out.username},
    )

    assert listing.status_code == 302  # Wagtail's "no permission": back to the dashboard
    assert unlocking.status_code == 302
    assert len(current_lockouts()) == 1


# --- No other password form -------------------------------------------------------------------


def test_pages_and_documents_cannot_be_hidden_behind_a_shared_password(db):
    """A shared-password form on a public page would be a password no throttle watches."""
    every_option = [choice for choice, _ in PageViewRestriction.RESTRICTION_CHOICES]
    for form in (
        PageViewRestrictionForm(private_page_options=every_option),
        CollectionViewRestrictionForm(),
    ):
        choices = [choice for choice, _ in form.fields["restriction_type"].choices]
        assert PageViewRestriction.PASSWORD not in choices
        assert PageViewRestriction.LOGIN in choices
        assert "password" not in form.fields
