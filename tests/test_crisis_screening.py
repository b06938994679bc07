"""Crisis screening catches what people in danger actually write, and not everyday figures
of speech.

The corpus follows the categories of the Columbia Suicide Severity Rating Scale's screener
(wish to be dead, thoughts of killing oneself, method, intent, plan, preparatory acts), plus
self-harm and overdose. It was written from those categories, in readers' words, not from the
phrase lists in the migrations: the lists are the moderators' and change in the admin, and a
phrasing in neither place must still be caught.
"""

import importlib
import re

from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from blog.replies.models import Reply, ScreeningPhrase
from blog.replies.phrases import normalise, phrase_regex
from blog.replies.screening import screen
from tests.reply_forms import post, reader_view

pytestmark = pytest.mark.usefixtures("no_minimum_wait")

CRISIS = {
    "wish to be dead": [
        "I don't want to be alive anymore and nothing has worked",
        "Honestly I wish I was dead.",
        "Some mornings I wish I wouldn’t wake up at all",
        "i just want to go to sleep and never wake up",
        "My family would be better off without me.",
        "I have nothing left to live for",
        "What is the point of living like this?",
        "I'm so tired of being alive",
        "Life isn't worth living any more.",
        "I don't want to exist anymore",
        "Sometimes I wish I could just disappear forever",
        "I have wished I could go to sleep and not wake up",
        "Everyone would be better off if I died",
    ],
    "thoughts of killing oneself": [
        "I keep thinking about killing myself",
        "I've been having suicidal thoughts again since the last infusion",
        "I want to end it all",
        "I think about taking my own life every day",
        "Ive thought about ending things for good",
        "I'm going to kill my self",
        "The thoughts of suicide won’t stop",
        "I have had thoughts of killing myself",
        "I think about dying all the time",
    ],
    "method": [
        "I looked up how many pills it would take",
        "I keep thinking about jumping off the bridge near my house",
        "I've thought about hanging myself",
        "I think about stepping in front of a train",
        "I have a gun at home and I think about using it on myself",
        "What is a lethal dose of ketamine?",
        "I've been thinking about how I might do this",
    ],
    "intent": [
        "I'm going to do it this weekend, I have decided to die",
        "This is my last post, goodbye everyone.",
        "By the time anyone reads this I won't be here",
        "I won’t be around much longer",
        "I am ready to die",
        "I have had these thoughts and I intend to act on them",
    ],
    "plan": [
        "I have a plan and a date",
        "I've been planning how to end my life",
        "I have worked out how I would kill myself",
        "I wrote a suicide note last night",
        "I've written my goodbye letters",
    ],
    "preparatory acts": [
        "I have been saving up my pills for weeks",
        "I bought a rope yesterday",
        "I've given away most of my things and said my goodbyes",
        "I wrote letters to my kids to say goodbye for good",
        "I've been stockpiling my meds",
        "I got a gun last week",
        "I took out the pills but didn't swallow any",
        "I held a gun to my head but changed my mind",
    ],
    "self-harm": [
        "I started cutting myself again",
        "I self harm when it gets bad",
        "I've been self-harming since I was a teen",
        "I burn myself with cigarettes when the anxiety peaks",
        "There are fresh cuts on my arms",
        "I hurt myself on purpose last night",
    ],
    "overdose": [
        "I took all my pills last night, what should I do",
        "I swallowed a whole bottle of sleeping pills",
        "I took 40 tablets an hour ago",
        "I think I overdosed on my meds",
        "I took way too many of my pills",
        "I took a handful of my mother's pills",
        "I drank a bottle of vodka and took all my xanax",
    ],
}

ORDINARY = [
    "the nausea was killing me",
    "I'm dying to know the price",
    "This heat is killing me, is the clinic air-conditioned?",
    "I could kill for a coffee after a session",
    "My back pain was killing me before I started treatment.",
    "I laughed so hard I nearly died",
    "The dissociation felt strange but I felt alive for the first time in years.",
    "I want to feel alive again.",
    "I take my pills every morning with breakfast.",
    "I overdid it at the gym the day after my infusion.",
    "Is it safe to cut my dose in half?",
    "I cut my hair short before the first session, silly I know.",
    "My plan is to book six sessions.",
    "Goodbye anxiety, hello life!",
    "I had a dead battery and missed my appointment.",
    "Will I be able to drive home after the session?",
    "The first infusion was a bit overwhelming but the staff were great.",
    "My mother took her medication as prescribed and it helped.",
    "I was dead tired after the treatment.",
    "Does insurance cover ketamine for depression?",
    "The waiting list is killing my hopes a bit, how long is it now?",
    "I'd die for a nap after those sessions.",
    "I have nothing but praise for the nurses.",
    "Thank you, this article saved me a lot of worry.",
    "I take all my medication in the morning.",
    "Can I take both pills at once?",
    "Can I take my pills with alcohol?",
    "I want the details of how the treatment works.",
    "I never wake up feeling rested after an infusion.",
    "I'm trying to end my reliance on benzos.",
    "I have a plan to taper off my antidepressants.",
    "How many pills do I take before the session?",
]


def corpus(categories):
    return [
        pytest.param(text, id=f"{category}: {text[:40]}")
        for category, texts in categories.items()
        for text in texts
    ]


def test_corpus_is_large_enough_to_mean_something():
    assert sum(len(texts) for texts in CRISIS.values()) >= 40
    assert len(ORDINARY) >= 20


@pytest.mark.parametrize("text", corpus(CRISIS))
def test_crisis_phrasing_is_caught(db, text):
    assert screen(text).mentions_crisis


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_sentence_is_not_taken_for_crisis(db, text):
    assert not screen(text).mentions_crisis


# --- The two replies of the issue, end to end -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I don't want to be alive anymore and nothing has worked",
        "I took all my pills last night, what should I do",
    ],
)
def test_reply_in_crisis_is_held_shows_crisis_resources_and_mails_moderators_urgently(
    client, article, moderator, django_capture_on_commit_callbacks, text
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article, comment=text)
    reply = Reply.objects.get()
    assert reply.mentions_crisis and reply.held_reason == "crisis" and not reply.is_approved
    notice = reader_view(client, response["Location"]).select_one(".reply-notice")
    assert notice.find("a", href="tel:988") and notice.find("a", href="tel:911")
    assert [m.subject for m in mail.outbox] == ["URGENT: a reply mentions self-harm or suicide"]
    assert mail.outbox[0].to == [moderator.email]


# --- How phrases are matched ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I DON'T WANT TO BE ALIVE",
        "I don’t want to be alive",  # right single quotation mark
        "I don‘t want to be alive",  # left single quotation mark
        "I donʼt want to be alive",  # modifier letter apostrophe
        "I dont want to be alive",
        "I do not   want\nto be\talive",
        "I…took all  my pills.",
    ],
)
def test_case_apostrophes_contractions_and_spaces_do_not_hide_crisis_language(db, text):
    assert screen(text).mentions_crisis


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("end my life", "I want to END MY LIFE.", True),
        ("end my life", "to end my lifelong habit", False),
        ("took all … pills", "took all of my sleeping pills", True),
        ("took all … pills", "took all four of my sleeping pills", False),  # more than 3 words
        ("took all * pills", "took all my pills", True),
        ("overdos*", "I overdosed", True),
        ("overdos*", "an overdue bill", False),
        ("took # pills", "I took 30 pills", True),
        ("took # pills", "I took some pills", False),
        ("self-harm", "I self harm", True),
        ("self harm", "self-harm", True),
        ("can't go on", "I cannot go on", True),
        ("took/swallowed all … pills", "I swallowed all the pills", True),
        ("took/swallowed all … pills", "I counted all the pills", False),
    ],
)
def test_phrase_syntax_matches_whole_words_with_small_gaps(phrase, text, found):
    assert bool(re.search(phrase_regex(phrase), normalise(text))) is found


@pytest.mark.parametrize(
    "phrase", ["…", "* pills", "took all …", "took … … pills", "  ", "'", "took/ pills"]
)
def test_phrase_that_could_never_match_is_refused_in_the_admin(phrase):
    with pytest.raises(ValidationError) as error:
        ScreeningPhrase(kind="crisis", phrase=phrase).full_clean()
    assert "phrase" in error.value.message_dict


def test_moderators_phrase_with_a_gap_takes_effect_at_once(client, article, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("wagtailsnippets_replies_screeningphrase:add"),
        {"kind": "crisis", "phrase": "give up … everything"},
    )
    assert response.status_code == 302
    assert screen("I want to give up on absolutely everything").mentions_crisis
    ScreeningPhrase.objects.filter(phrase="give up … everything").delete()
    assert not screen("I want to give up on absolutely everything").mentions_crisis


def test_admin_explains_the_phrase_syntax(client, moderator):
    client.force_login(moderator)
    page = client.get(reverse("wagtailsnippets_replies_screeningphrase:add")).content.decode()
    assert "took all … pills" in page and "overdos*" in page and "took # pills" in page


# --- The families' migration keeps the moderators' lists -------------------------------------

families = importlib.import_module("blog.replies.migrations.0008_crisis_phrase_families")


def test_adding_the_families_keeps_moderators_edits(db):
    ScreeningPhrase.objects.filter(kind="crisis").delete()
    ScreeningPhrase.objects.create(kind="crisis", phrase="Whole/Entire Bottle")  # their spelling
    ScreeningPhrase.objects.create(kind="crisis", phrase="give up on myself")  # their own
    families.add_families(django_apps, None)
    phrases = list(ScreeningPhrase.objects.filter(kind="crisis").values_list("phrase", flat=True))
    assert "give up on myself" in phrases and "Whole/Entire Bottle" in phrases
    assert "whole/entire bottle" not in phrases
    assert "overdose" not in phrases  # a starter phrase a moderator deleted stays deleted
    assert "suicid*" in phrases and "stockpil*" in phrases
    assert len(phrases) == len(set(families.new_phrases())) + 1


def test_every_family_phrase_is_valid_syntax():
    for phrase in families.new_phrases():
        ScreeningPhrase(kind="crisis", phrase=phrase).clean_fields()
        ScreeningPhrase(kind="crisis", phrase=phrase).clean()
