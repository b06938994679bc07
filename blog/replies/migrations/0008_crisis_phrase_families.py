"""Crisis phrase families by the categories of a suicide-risk screener, and the phrase syntax.

The families follow the Columbia Suicide Severity Rating Scale's screener (wish to be dead,
thoughts of killing oneself, method, intent, plan, preparatory acts), plus self-harm and
overdose, in our own words, written in the syntax of blog/replies/phrases.py ("…" lets a few
words come between, "*" ends a word with anything, "#" is a number). They err on the side of
catching too much: a moderator reads every held reply anyway.

Moderators' own lists are kept: a phrase already there (the same kind and words) is left as
it is, and a starter phrase of 0002 a moderator deleted is not added back. Undoing this
migration removes the crisis phrases of its list.
"""

from django.db import migrations, models

CRISIS_FAMILIES = {
    "wish to be dead": [
        "want … be dead",
        "wish … was dead",
        "wish … were dead",
        "wish … could die",
        "wish … would die",
        "wish … never been born",
        "want to die",
        "ready to die",
        "rather be dead",
        "rather die",
        "better off dead",
        "better off without me",
        "better without me",
        "better off if i was gone",
        "better off if i were gone",
        "no one would miss me",
        "nobody would miss me",
        "no one would care if i",
        "nobody would care if i",
        "not want … be alive",
        "not want to live",
        "not want … live anymore",
        "not want … exist",
        "not want … be here anymore",
        "no longer want … live",
        "no longer want … alive",
        "wish … not wake up",
        "want … not wake up",
        "hope … not wake up",
        "not want … wake up",
        "never wake up again",
        "sleep and never wake*",
        "sleep forever",
        "disappear forever",
        "nothing … live for",
        "no reason … live",
        "no point … living",
        "point of living",
        "not worth living",
        "tired of living",
        "tired of life",
        "tired of being alive",
        "sick of living",
        "sick of being alive",
        "hate being alive",
        "done with life",
        "done with living",
        "can not go on",
        "can not keep going",
        "can not take it anymore",
        "can not do this anymore",
        "want it all to end",
        "want it all to be over",
        "want everything to end",
    ],
    "thoughts of killing oneself": [
        "suicid*",
        "kill myself",
        "killing myself",
        "kill my self",
        "killed myself",
        "unaliv*",
        "end my life",
        "ending my life",
        "end my own life",
        "end it all",
        "ending it all",
        "end things",
        "ending things",
        "end myself",
        "off myself",
        "take my own life",
        "take my life",
        "taking my life",
        "taking my own life",
        "thoughts of dying",
        "thinking about dying",
        "thoughts of death",
    ],
    "method": [
        "how many pills … would take",
        "how many pills … would it take",
        "how many … would kill",
        "how many … to kill me",
        "lethal dose",
        "fatal dose",
        "lethal amount",
        "painless way",
        "way to die",
        "ways to die",
        "how to die",
        "jump* off … bridge",
        "jump* off … roof",
        "jump* off … building",
        "jump* off … cliff",
        "jump* from … bridge",
        "jump* from … roof",
        "jump* from … building",
        "jump* in front of",
        "step* in front of … train",
        "step* in front of … car",
        "step* in front of … bus",
        "in front of a train",
        "in front of a truck",
        "in front of a bus",
        "throw myself",
        "hang myself",
        "hanging myself",
        "noose",
        "shoot myself",
        "shooting myself",
        "have a gun",
        "own a gun",
        "gun at home",
        "gun to my head",
        "slit … wrists",
        "cut* … wrists",
        "drown myself",
        "poison myself",
        "crash … car on purpose",
        "carbon monoxide",
    ],
    "intent": [
        "decided to die",
        "decided to end",
        "going to end it",
        "my last post",
        "my final post",
        "this is goodbye",
        "goodbye forever",
        "final goodbye",
        "by the time … read* this",
        "i will not be here",
        "i will not be around",
        "not be here much longer",
        "not be around much longer",
        "not be here anymore",
        "not be here tomorrow",
    ],
    "plan": [
        "have a plan to die",
        "plan to end … life",
        "plan to kill",
        "plan and a date",
        "a date and a plan",
        "worked out how i would",
        "figured out how i would",
        "worked out how to end",
        "figured out how to end",
        "how i would do it",
        "goodbye note",
        "goodbye letter",
        "farewell note",
        "farewell letter",
        "note for my family",
        "say goodbye for good",
    ],
    "preparatory acts": [
        "saving up … pills",
        "saving up … meds",
        "saving up … tablets",
        "saved up … pills",
        "saved up … meds",
        "saved up … tablets",
        "stockpil*",
        "hoarding … pills",
        "collecting … pills",
        "bought a rope",
        "got a rope",
        "bought … gun",
        "got a gun",
        "giving away … things",
        "given away … things",
        "gave away … things",
        "said my goodbyes",
        "saying my goodbyes",
        "saying goodbye to everyone",
        "affairs in order",
        "tried to kill",
        "tried to end",
        "attempted to end",
        "tried to take my",
    ],
    "self-harm": [
        "self harm*",
        "self injur*",
        "self mutilat*",
        "harm myself",
        "harming myself",
        "hurt myself",
        "hurting myself",
        "cut myself",
        "cutting myself",
        "cutting again",
        "cuts on my",
        "cut* my arms",
        "cut* my legs",
        "cut* my thighs",
        "burn myself",
        "burning myself",
        "burned myself",
        "burnt myself",
        "razor blade*",
    ],
    "overdose": [
        "overdos*",
        "od'd",
        "oded",
        "od on",
        "took all … pills",
        "took all … tablets",
        "took all … meds",
        "took all … medication",
        "took all … medicine",
        "took every … pill",
        "took the rest of … pills",
        "took # pills",
        "took # tablets",
        "taken # pills",
        "taken # tablets",
        "swallowed # pills",
        "swallowed # tablets",
        "swallowed all … pills",
        "swallowed all … tablets",
        "swallowed every … pill",
        "swallowed … bottle",
        "swallowed … handful",
        "whole bottle",
        "entire bottle",
        "whole pack* … pills",
        "whole pack* … tablets",
        "handful of … pills",
        "handful of … tablets",
        "took … too many",
        "taken … too many",
        "swallowed too many",
        "took … too much of my",
        "pills at once",
        "tablets at once",
    ],
}

# The crisis phrases migration 0002 added: a moderator who deleted one meant it.
STARTER_PHRASES = {
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "ending my life",
    "take my own life",
    "want to die",
    "wish i were dead",
    "better off dead",
    "no reason to live",
    "self-harm",
    "self harm",
    "hurt myself",
    "hurting myself",
    "cut myself",
    "cutting myself",
    "overdose",
}

HELP_TEXT = (
    "Whole words, ignoring case, apostrophes (’ or '), hyphens, extra spaces and "
    "contractions (“don’t” = “do not”), e.g. “end my life”. Write “…” (or a lone *) "
    "where up to three words may come between: “took all … pills” also finds “took "
    "all my sleeping pills”. End a word with * for any ending: “overdos*” finds "
    "overdose, overdosed, overdosing. # stands for a number: “took # pills”."
)


def new_phrases():
    """The crisis phrases this migration adds: [str], without 0002's starters."""
    return [
        phrase
        for phrases in CRISIS_FAMILIES.values()
        for phrase in phrases
        if phrase.lower() not in STARTER_PHRASES
    ]


def add_families(apps, schema_editor):
    phrase_model = apps.get_model("replies", "ScreeningPhrase")
    existing = {
        phrase.lower()
        for phrase in phrase_model.objects.filter(kind="crisis").values_list("phrase", flat=True)
    }
    phrase_model.objects.bulk_create(
        [
            phrase_model(kind="crisis", phrase=phrase)
            for phrase in new_phrases()
            if phrase.lower() not in existing
        ]
    )


def remove_families(apps, schema_editor):
    phrase_model = apps.get_model("replies", "ScreeningPhrase")
    phrase_model.objects.filter(kind="crisis", phrase__in=new_phrases()).delete()


class Migration(migrations.Migration):
    dependencies = [("replies", "0007_moderators_without_comments_permission")]

    operations = [
        migrations.AlterField(
            model_name="screeningphrase",
            name="phrase",
            field=models.CharField(max_length=100, help_text=HELP_TEXT),
        ),
        migrations.RunPython(add_families, remove_families),
    ]
