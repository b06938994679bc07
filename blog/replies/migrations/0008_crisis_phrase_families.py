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
        "want/wanted/wanting … be dead",
        "wish/wished/wishing … was/were dead",
        "wish/wished/wishing … could/would die",
        "wish/wished/wishing … never born",
        "wish/wished/wishing … not exist",
        "wish/wished/wishing … not here",
        "want/wanted to die",
        "ready to die",
        "rather be dead",
        "rather die",
        "feel* like dying",
        "better off dead",
        "better off without me",
        "better without me",
        "better off if i … dead/gone/died/here",
        "if i was/were gone",
        "if i died",
        "if i was/were dead",
        "no one would miss/notice/care",
        "nobody would miss/notice/care",
        "burden to/on everyone/everybody",
        "burden to/on my family",
        "not want … be alive",
        "not want to live",
        "not want … live anymore",
        "not want … exist",
        "not want … be here anymore",
        "no longer want … live/alive/exist",
        "sleep/asleep … not/never wake*",
        "wish/wished/want/hope … not wake*",
        "not want … wake up",
        "never wake up again",
        "and never wake up",
        "not to wake up",
        "sleep forever",
        "disappear forever",
        "want/wanted to disappear",
        "wish … could disappear",
        "nothing … live for",
        "no reason … live",
        "will to live",
        "no point … living/alive/life",
        "no point … going on",
        "point in/of living/life/existing",
        "point in/of going on",
        "point in/of being alive",
        "not worth living",
        "life … not worth",
        "life is pointless/meaningless",
        "tired of living/life",
        "tired of being alive",
        "sick of living/life",
        "sick of being alive",
        "hate being alive",
        "done with life/living",
        "give/giving/gave/given up on life/living",
        "no way out",
        "can not go on",
        "can not keep going",
        "can not live like this",
        "can not live … anymore",
        "can not take it anymore",
        "can not do this anymore",
        "want … all to end/stop",
        "want … all to be over",
        "want everything to end/stop",
        "end* my suffering",
        "end … pain forever",
    ],
    "thoughts of killing oneself": [
        "suicid*",
        "kill/killing/killed my self",
        "kill/killing/killed myself",
        "unaliv*",
        "end/ending/ended my life",
        "end/ending/ended my own life",
        "end/ending it all",
        "end/ending things",
        "end myself",
        "off myself",
        "take/taking/took my life",
        "take/taking/took my own life",
        "end* it forever",
        "thought*/think*/dream* about/of dying/death",
        "act/acting on … thoughts/urges",
        "intend* to act",
        "intention of acting",
    ],
    "method": [
        "how many pills … would take",
        "how many pills … would it take",
        "how many … would kill",
        "how many … to kill me",
        "lethal/fatal/deadly dose",
        "lethal/fatal/deadly amount",
        "painless way",
        "way/ways/how to die",
        "way/ways/how to end it",
        "way/ways/how to end … life",
        "how i might/would/could/will do it/this",
        "details of how to kill/die/end",
        "jump*/throw* off … bridge/roof/building/cliff/balcony",
        "jump* from … bridge/roof/building/cliff/balcony",
        "jump* in front of",
        "step*/walk*/throw* … in front of … train/car/bus/truck",
        "in front of a train/truck/bus",
        "throw myself",
        "hang/hanging/hanged myself",
        "noose",
        "shoot/shooting myself",
        "gun to my head",
        "slit … wrist*",
        "cut* … wrist*",
        "knife to my",
        "drown/drowning myself",
        "poison/poisoning myself",
        "crash … car on purpose",
        "carbon monoxide",
        "pills to end/die/kill",
            ],
    "intent": [
        "decided to die",
        "decided to end it",
        "going to end it",
        "my last/final post",
        "this is goodbye",
        "goodbye forever",
        "final goodbye",
        "by the time … read* this",
        "i will not be here/around",
        "not be here/around much longer",
        "not be here anymore",
        "not be here tomorrow",
    ],
    "plan": [
        "have a plan to die",
        "plan to end … life",
        "plan to kill",
        "plan and a date",
        "a date and a plan",
        "worked/figured out how i would",
        "worked/figured out how to end/die",
        "goodbye note*",
        "goodbye letter*",
        "farewell note*",
        "farewell letter*",
        "note for my family",
        "say/said goodbye for good",
        "pills/rope/gun/noose/razor/blades ready",
    ],
    "preparatory acts": [
        "saving/saved up … pill*/meds/tablet*",
        "stockpil*",
        "hoard* … pill*/meds/tablet*",
        "collect* … pill*/meds/tablet*",
        "gather* … pill*/meds/tablet*",
        "bought/buy/buying/got/have/obtained a rope",
        "bought/buy/buying/got/obtained … gun",
        "have/own a gun",
        "gun at home",
        "held/hold/holding a gun/knife",
        "give/giving/given/gave away … things/stuff/belongings/possessions/valuables",
        "said/saying my goodbyes",
        "goodbye to everyone",
        "wrote/written/writing my will",
        "took out … pills",
        "affairs in order",
        "tried/trying/attempted to kill/hang/drown/overdose/shoot",
        "tried to take my",
    ],
    "self-harm": [
        "self harm*",
        "self injur*",
        "self mutilat*",
        "harm/harming/harmed myself",
        "hurt/hurting myself",
        "cut/cutting myself",
        "cutting again",
        "cuts on my",
        "cut* my arms/legs/thighs/wrists/skin",
        "burn/burning/burned/burnt myself",
        "razor blade*",
        "make myself bleed",
        "until i bleed",
        "starve/starving myself",
    ],
    "overdose": [
        "overdos*",
        "od'd",
        "oded",
        "od on",
        "took an od",
        "took/taken/swallowed/downed all … pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "swallow/swallowing all … pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "plan/planning/going/want to take all … pill*/tablet*/med*/sleeping/painkiller*",
        "took/taken/swallowed/downed all … xanax/valium/tylenol/paracetamol/ibuprofen/aspirin/insulin",
        "took/taken/swallowed every … pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "took/taken/swallowed every … xanax/valium/tylenol/paracetamol/ibuprofen/aspirin/insulin",
        "swallow*/downed every … pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "swallow*/downed every … xanax/valium/tylenol/paracetamol/ibuprofen/aspirin/insulin",
        "took/swallowed the rest of … pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "took/swallowed the rest of … xanax/valium/tylenol/paracetamol/ibuprofen/aspirin/insulin",
        "took/taken/swallowed/downed # pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "took/taken/swallowed/downed # xanax/valium/tylenol/paracetamol/ibuprofen/aspirin/insulin",
        "took/swallowed a/the bottle of … pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "took/swallowed a/the bottle of … xanax/valium/tylenol/paracetamol/ibuprofen/aspirin/insulin",
        "swallowed/downed … bottle",
        "swallowed … handful",
        "whole/entire bottle",
        "whole pack* … pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "whole pack* … xanax/valium/tylenol/paracetamol/ibuprofen/aspirin/insulin",
        "handful of … pill*/tablet*/med*/sleeping/antidepressant*/painkiller*/benzo*",
        "handful of … xanax/valium/tylenol/paracetamol/ibuprofen/aspirin/insulin",
        "took/taken … too many",
        "swallowed too many",
        "took … too much of my",
                "double/triple my dose on purpose",
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
    "overdose, overdosed, overdosing. # stands for a number: “took # pills”. A / "
    "between words offers either: “took/swallowed all … pills”."
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
