"""What a new reply is screened for before it is stored, and the state it is stored in.

Order matters: spam rules first (spam is never shown; a reader a moderator blocked is spam
too), then the care rules for a clinic's readers (crisis language, personal health
information), then the moderation policy.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from blog.replies.blocking import is_blocked
from blog.replies.models import Reply, ScreeningPhrase, Status
from blog.replies.permissions import can_moderate
from blog.replies.phrases import normalise, phrases_regex

LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# The spam rule of a reply whose author a moderator blocked (blog/replies/blocking.py).
BLOCKED_READER = "blocked_reader"
# Seven or more digits, allowing the spaces, dots, dashes and brackets people type.
PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d\s().-]{5,}\d(?!\w)")
DATE = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d{2}\b|\b(?:19|20)\d{2}-\d{2}-\d{2}\b")
BIRTH_WORDS = re.compile(r"\b(?:date of birth|d\.?o\.?b\.?|born on)\b", re.IGNORECASE)

PHRASES_CACHE_KEY = "replies:screening-phrases:2"


@dataclass
class Screening:
    """What screening found in one reply."""

    spam_rule: str = ""
    mentions_crisis: bool = False
    health_info: list = field(default_factory=list)

    @property
    def is_spam(self):
        return bool(self.spam_rule)


def phrase_patterns():
    """{kind: compiled pattern} of the moderators' phrase lists, cached until they change.
    The patterns find phrases in `normalise`d text (blog/replies/phrases.py has the syntax)."""
    patterns = cache.get(PHRASES_CACHE_KEY)
    if patterns is None:
        phrases = {}
        for kind, phrase in ScreeningPhrase.objects.values_list("kind", "phrase"):
            phrases.setdefault(kind, []).append(phrase)
        patterns = {kind: phrases_regex(words) for kind, words in phrases.items()}
        cache.set(PHRASES_CACHE_KEY, patterns, 60 * 60)
    return {kind: re.compile(pattern) for kind, pattern in patterns.items() if pattern}


def forget_phrase_patterns(**kwargs):
    cache.delete(PHRASES_CACHE_KEY)


def health_info_in(text):
    """Which kinds of personal details the text seems to contain."""
    found = []
    if PHONE.search(text):
        found.append("phone number")
    if EMAIL.search(text):
        found.append("email address")
    if DATE.search(text) or BIRTH_WORDS.search(text):
        found.append("date of birth")
    return found


def screen(text):
    """What `text` (a reply's words, str) contains: a Screening."""
    patterns = phrase_patterns()
    words = normalise(text)
    result = Screening()
    if len(LINK.findall(text)) > settings.REPLIES_MAX_LINKS:
        result.spam_rule = "too_many_links"
    elif "disallowed" in patterns and patterns["disallowed"].search(words):
        result.spam_rule = "disallowed_words"
    result.mentions_crisis = bool("crisis" in patterns and patterns["crisis"].search(words))
    result.health_info = health_info_in(text)
    return result


def apply_policy(reply, screening, user=None):
    """Set the reply's status and held reason from what screening found, whether its author
    is blocked (its email and IP address, one query) and the site's moderation policy
    (REPLIES_POLICY). Returns the reply, unsaved."""
    reply.spam_rule = screening.spam_rule
    reply.mentions_crisis = screening.mentions_crisis
    reply.health_info_found = ", ".join(screening.health_info)
    reply.status = Status.AWAITING
    if not screening.is_spam and not can_moderate(user) and is_blocked(reply):
        reply.spam_rule = BLOCKED_READER
    if reply.spam_rule:
        reply.status = Status.SPAM
        reply.held_reason = Reply.HeldReason.SPAM
    elif screening.mentions_crisis:
        reply.held_reason = Reply.HeldReason.CRISIS
    elif screening.health_info:
        reply.held_reason = Reply.HeldReason.HEALTH_INFO
    elif can_moderate(user):
        reply.held_reason = ""
        reply.status = Status.APPROVED
    elif settings.REPLIES_POLICY == "hold_first_time":
        known = Reply.objects.approved().filter(user_email__iexact=reply.user_email).exists()
        reply.status = Status.APPROVED if known else Status.AWAITING
        reply.held_reason = "" if known else Reply.HeldReason.FIRST_TIME
    else:
        reply.held_reason = Reply.HeldReason.POLICY
    return reply
