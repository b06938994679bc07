"""Starter phrase lists moderators then maintain in the admin.

Crisis phrases hold a reply whatever the policy and show the reader crisis resources; they
err on the side of catching too much, since a moderator reads every held reply anyway.
"""

from django.db import migrations

CRISIS_PHRASES = [
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my own life",
    "want to die",
    "wish I were dead",
    "better off dead",
    "no reason to live",
    "self-harm",
    "self harm",
    "hurt myself",
    "hurting myself",
    "cut myself",
    "cutting myself",
    "overdose",
]

DISALLOWED_PHRASES = [
    "casino",
    "viagra",
    "crypto giveaway",
    "buy followers",
    "payday loan",
]


def add_phrases(apps, schema_editor):
    phrase_model = apps.get_model("replies", "ScreeningPhrase")
    for kind, phrases in (("crisis", CRISIS_PHRASES), ("disallowed", DISALLOWED_PHRASES)):
        for phrase in phrases:
            phrase_model.objects.get_or_create(kind=kind, phrase=phrase)


def remove_phrases(apps, schema_editor):
    phrase_model = apps.get_model("replies", "ScreeningPhrase")
    phrase_model.objects.filter(kind="crisis", phrase__in=CRISIS_PHRASES).delete()
    phrase_model.objects.filter(kind="disallowed", phrase__in=DISALLOWED_PHRASES).delete()


class Migration(migrations.Migration):
    dependencies = [("replies", "0001_initial")]

    operations = [migrations.RunPython(add_phrases, remove_phrases)]
