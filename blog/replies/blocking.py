"""Blocking a reader: their next replies go straight to spam (screening asks `is_blocked`).

A moderator blocks from one of the reader's replies, by its email address and/or its
network address. Neither is stored in the clear: a block holds a keyed hash (HMAC with the
site's SECRET_KEY), which recognises the next reply but cannot be turned back into the
address. Blocks expire: after REPLIES_BLOCK_DAYS, and an address block within the days
replies keep IP addresses (REPLIES_IP_KEPT_DAYS), the promise the privacy note makes;
`purge_comment_ips` deletes expired blocks.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from wagtail.log_actions import log

from blog.replies.models import ReaderBlock

BLOCK_SALT = "replies.block"


def block_key(value):
    """The keyed hash a block stores for an email or IP address (str, 64 hex digits; case
    and outer spaces ignored)."""
    return salted_hmac(BLOCK_SALT, str(value).strip().lower(), algorithm="sha256").hexdigest()


def masked_email(email):
    """`email` as the list of blocks shows it: "d•••@example.com"."""
    local, _, domain = email.strip().partition("@")
    return f"{local[:1]}•••@{domain}"


def block_days(kind):
    """How many days a new block of `kind` lasts."""
    if kind == ReaderBlock.Kind.ADDRESS:
        return min(settings.REPLIES_BLOCK_DAYS, settings.REPLIES_IP_KEPT_DAYS)
    return settings.REPLIES_BLOCK_DAYS


def blocks_of(reply):
    """The active blocks that would catch `reply`'s author (a queryset; one query)."""
    keys = []
    if reply.user_email:
        keys.append((ReaderBlock.Kind.EMAIL, block_key(reply.user_email)))
    if reply.ip_address:
        keys.append((ReaderBlock.Kind.ADDRESS, block_key(reply.ip_address)))
    if not keys:
        return ReaderBlock.objects.none()
    matches = ReaderBlock.objects.none()
    for kind, key in keys:
        matches = matches | ReaderBlock.objects.filter(kind=kind, key=key)
    return matches.active()


def is_blocked(reply):
    """Whether `reply` (unsaved is fine) comes from a blocked email or network address."""
    return blocks_of(reply).exists()


@transaction.atomic
def block_reader(reply, moderator, email=False, address=False, note=""):
    """Block `reply`'s author by its email and/or network address (those it has); a block
    that exists already is renewed. Returns the blocks made or renewed ([ReaderBlock])."""
    wanted = []
    if email and reply.user_email:
        wanted.append(
            (ReaderBlock.Kind.EMAIL, block_key(reply.user_email), masked_email(reply.user_email))
        )
    if address and reply.ip_address:
        wanted.append(
            (
                ReaderBlock.Kind.ADDRESS,
                block_key(reply.ip_address),
                f"the network address of reply #{reply.pk}",
            )
        )
    now = timezone.now()
    blocks = []
    for kind, key, shown_as in wanted:
        block, _ = ReaderBlock.objects.update_or_create(
            kind=kind,
            key=key,
            defaults={
                "shown_as": shown_as,
                "from_reply": reply,
                "note": note,
                "created_at": now,
                "created_by": moderator,
                "expires_at": now + timezone.timedelta(days=block_days(kind)),
            },
        )
        blocks.append(block)
    if blocks:
        log(
            instance=reply,
            action="replies.block",
            user=moderator,
            title=f"Reply #{reply.pk}",
            data={"blocked": [block.get_kind_display().lower() for block in blocks]},
        )
    return blocks


def purge_expired_blocks():
    """Delete blocks past their date (their hashes have no purpose left). Returns how many."""
    deleted, _ = ReaderBlock.objects.expired().delete()
    return deleted
