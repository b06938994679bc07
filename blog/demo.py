"""Demo content for the blog: the index page, topics, authors and four reviewed articles.

Like home/demo.py, everything is looked up before it is created and nothing that exists is
changed, so running `seed_demo` again leaves every row as it was. The articles are written
for this demo (their authors are invented); their facts come from the clinic's content guide
and from the studies they cite, whose details were checked against the published records.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model

from blog.models import ArticleAuthor, Author, BlogIndexPage, BlogPage, Topic
from home.demo import demo_image

# Fixed, timezone-aware publication times: the clinic's own clock, so a re-run writes
# nothing new and the listing order never depends on when the demo was seeded.
CLINIC_TIME = ZoneInfo("America/New_York")

BLOG_INTRO = (
    "Plain-language articles from our clinical team about anxiety, PTSD, depression and "
    "ketamine therapy, each one checked by a physician before it is published."
)

TOPICS = [
    ("Anxiety", "anxiety", "Generalized, social and panic disorders, and how they are treated."),
    ("PTSD", "ptsd", "Post-traumatic stress: what keeps it going and what helps it ease."),
    (
        "Depression",
        "depression",
        "Persistent low mood, including depression that has not responded to the usual treatments.",
    ),
    ("Treatment", "treatment", "What ketamine therapy involves, from screening to follow-up."),
]


@dataclass(frozen=True)
class DemoAuthor:
    name: str
    credentials: str
    job_title: str
    bio: str
    photo_seed: int
    photo_palette: str
    username: str = ""  # the demo login this person reviews with, if any


# Invented people: any likeness to a real clinician is accidental.
WRITER_NURSE = DemoAuthor(
    name="Maren Tillbrook",
    credentials="PMHNP-BC",
    job_title="Psychiatric nurse practitioner",
    bio="Maren assesses new patients and plans their treatment. She has spent fifteen years "
    "in outpatient psychiatry, most of them with people whose anxiety outlasted the first "
    "few treatments they tried.",
    photo_seed=121,
    photo_palette="dusk",
)
WRITER_THERAPIST = DemoAuthor(
    name="Jonah Ferreira-Lind",
    credentials="LCSW",
    job_title="Trauma therapist",
    bio="Jonah is a licensed clinical social worker trained in trauma-focused therapy. He "
    "works with patients before and after their ketamine sessions and writes about how "
    "medication and therapy fit together.",
    photo_seed=122,
    photo_palette="moss",
)
REVIEWER = DemoAuthor(
    name="Rita Okonkwo-Hale",
    credentials="MD",
    job_title="Medical director",
    bio="Dr. Okonkwo-Hale is a board-certified psychiatrist who oversees every treatment "
    "plan at the clinic and reviews each article for medical accuracy before it goes live.",
    photo_seed=123,
    photo_palette="dawn",
    username="reviewer",
)
AUTHORS = [WRITER_NURSE, WRITER_THERAPIST, REVIEWER]


# --- Body blocks, as raw StreamField data -----------------------------------------------


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level, "anchor": ""}}


def paragraph(*paragraphs):
    """One paragraph block holding one or more <p> paragraphs."""
    return {"type": "paragraph", "value": "".join(f"<p>{text}</p>" for text in paragraphs)}


def pull_quote(text, attribution=""):
    return {"type": "pull_quote", "value": {"text": text, "attribution": attribution}}


def callout(style, title, text):
    return {"type": "callout", "value": {"style": style, "title": title, "text": f"<p>{text}</p>"}}


def call_to_action():
    """Empty text on purpose: the block then uses the wording and contact details kept in
    Clinic settings, so the demo never holds a second copy of the phone number."""
    return {"type": "call_to_action", "value": {"heading": "We’re here to help!", "text": ""}}


def key_takeaways(*items):
    return {"type": "key_takeaways", "value": {"heading": "Key takeaways", "items": list(items)}}


def references(*entries):
    return {"type": "references", "value": {"heading": "References", "references": list(entries)}}


def faq(*questions_and_answers):
    items = [
        {"question": question, "answer": f"<p>{answer}</p>"}
        for question, answer in questions_and_answers
    ]
    return {"type": "faq", "value": {"heading": "Frequently asked questions", "items": items}}


CRISIS_NOTE = (
    "If you are thinking about ending your life or harming yourself, do not wait for an "
    "appointment: call or text <strong>988</strong> (Suicide &amp; Crisis Lifeline) at any "
    "hour, or call 911 in an emergency."
)


# --- The studies the articles cite ------------------------------------------------------
# DOIs and PubMed IDs were checked against the publishers' and PubMed's records; a PubMed
# ID that could not be confirmed is left empty rather than guessed.


def reference(authors, title, publication, year, doi, pubmed_id=""):
    return {
        "authors": authors,
        "title": title,
        "publication": publication,
        "year": year,
        "url": "",
        "doi": doi,
        "pubmed_id": pubmed_id,
    }


FEDER_2014 = reference(
    "Feder A, Parides MK, Murrough JW, et al.",
    "Efficacy of intravenous ketamine for treatment of chronic posttraumatic stress "
    "disorder: a randomized clinical trial",
    "JAMA Psychiatry",
    2014,
    "10.1001/jamapsychiatry.2014.62",
    "24740528",
)
FEDER_2021 = reference(
    "Feder A, et al.",
    "A randomized controlled trial of repeated ketamine administration for chronic "
    "posttraumatic stress disorder",
    "American Journal of Psychiatry",
    2021,
    "10.1176/appi.ajp.2020.20050596",
    "33397139",
)
GLUE_2017 = reference(
    "Glue P, Medlicott NJ, Harland S, et al.",
    "Ketamine's dose-related effects on anxiety symptoms in patients with treatment "
    "refractory anxiety disorders",
    "Journal of Psychopharmacology",
    2017,
    "10.1177/0269881117705089",
    "28441895",
)
GLUE_2018 = reference(
    "Glue P, Neehoff SM, Medlicott NJ, et al.",
    "Safety and efficacy of maintenance ketamine treatment in patients with "
    "treatment-refractory generalised anxiety and social anxiety disorders",
    "Journal of Psychopharmacology",
    2018,
    "10.1177/0269881118762073",
    "29561204",
)
ABDALLAH_2022 = reference(
    "Abdallah CG, Roache JD, Gueorguieva R, et al.",
    "Dose-related effects of ketamine for antidepressant-resistant symptoms of "
    "posttraumatic stress disorder in veterans and active duty military: a double-blind, "
    "randomized, placebo-controlled multi-center clinical trial",
    "Neuropsychopharmacology",
    2022,
    "10.1038/s41386-022-01266-9",
)
TAYLOR_2018 = reference(
    "Taylor JH, Landeros-Weisenberger A, Coughlin C, et al.",
    "Ketamine for social anxiety disorder: a randomized, placebo-controlled crossover trial",
    "Neuropsychopharmacology",
    2018,
    "10.1038/npp.2017.194",
)


# --- The articles -----------------------------------------------------------------------


@dataclass(frozen=True)
class Picture:
    """A demo picture: drawn once under `title`, described for screen-reader users."""

    title: str
    seed: int
    palette: str
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class DemoArticle:
    slug: str
    title: str
    intro: str
    featured: Picture
    figure: Picture
    authors: tuple
    topics: tuple
    tags: tuple
    date_published: datetime.datetime
    last_reviewed: datetime.date
    body: object  # a function: the figure's image block -> the body's raw StreamField data
    # Empty means one year after last_reviewed (the model's rule).
    next_review_due: datetime.date | None = None


def anxiety_body(figure):
    return [
        key_takeaways(
            "Ketamine is considered when anxiety stays severe after therapy and standard "
            "medicines have helped only partly.",
            "It acts on glutamate, not serotonin, and many people notice a change within "
            "hours or days.",
            "Early studies are small but encouraging; not everyone responds.",
            "Every session is supervised, and every plan starts with a medical assessment.",
        ),
        heading("When anxiety does not let go"),
        paragraph(
            "For most people with an anxiety disorder, talk therapy and medicines such as "
            "SSRIs, SNRIs or benzodiazepines make a real difference. For a sizeable group the "
            "difference is only partial: the dread softens, the panic attacks come less often, "
            "yet work, friendships and sleep stay smaller than they should be.",
            "That second group is who our clinicians have in mind when they talk about "
            "ketamine. We see people with generalized anxiety disorder, social anxiety "
            "disorder and panic disorder. For none of them is ketamine a first step, and it "
            "never replaces a careful assessment of what is going on.",
        ),
        heading("A different route through the brain"),
        paragraph(
            "Most anxiety medicines work on serotonin, noradrenaline or GABA. Ketamine works "
            "on glutamate, the brain's main signal for switching nerve cells on. It blocks a "
            "docking site called the NMDA receptor, and the brain responds with a short burst "
            "of glutamate release. That burst raises BDNF, a growth factor that helps nerve "
            "cells form fresh connections.",
            "Researchers call this neural plasticity. The working idea is that, for a while, "
            "the brain finds it easier to leave the grooves that fear has worn into it, and "
            "emotions become easier to steady.",
        ),
        heading("Hours or days rather than weeks", "h3"),
        paragraph(
            "What people notice first is speed. An SSRI or SNRI usually needs several weeks "
            "to show its full effect; in the studies below, many participants felt calmer "
            "within hours or a few days. Quick relief can also fade, which is why a plan "
            "normally includes a series of sessions and regular check-ins."
        ),
        figure,
        heading("What the research shows"),
        paragraph(
            "Research on ketamine for anxiety is younger and smaller than the work on "
            "depression. In a New Zealand study of twelve people whose generalized or social "
            "anxiety had resisted treatment, rising weekly doses eased anxiety within an hour, "
            "and at the higher doses the effect held for up to a week. Ten of the twelve met "
            "the study's definition of a response.",
            "The same team then gave twenty responders weekly doses for three months. "
            "Eighteen said their social life or their work had improved, and the dreamlike "
            "side effects grew milder as the weeks went by. There was no comparison group, "
            "so those findings still need confirming.",
            "At Yale, eighteen adults with social anxiety disorder each received one "
            "ketamine infusion and one salt-water infusion, in random order. Clinicians rated "
            "social anxiety lower after ketamine than after placebo, although the "
            "participants' own ratings of their anxiety did not differ clearly.",
        ),
        pull_quote(
            "Ketamine is not a shortcut around good care. For the right person, it can be a "
            "way back into it.",
            "Maren Tillbrook, PMHNP-BC",
        ),
        callout(
            "info",
            "Who may be a candidate",
            "Adults whose anxiety is severe or long-lasting and who have had only partial "
            "relief from therapy and at least one standard medicine. Whether ketamine suits "
            "you is decided in a medical assessment, not by an article.",
        ),
        heading("What ketamine cannot promise"),
        paragraph(
            "Not everyone responds. Some people feel more anxious during a session, "
            "especially the first, and a few dislike the floating, detached feeling it can "
            "bring. Blood pressure usually rises for a while, and dizziness or nausea are "
            "possible. These effects tend to pass soon after the dose, and trained staff stay "
            "with you throughout. Improvement does not always last, so we plan follow-up with you "
            "instead of assuming that one course will be enough."
        ),
        callout("warning", "Never a do-it-yourself treatment", CRISIS_NOTE),
        faq(
            (
                "Do I have to stop my current medicines?",
                "Usually not, but some medicines call for extra care alongside ketamine. "
                "Bring a full list to your assessment, and never stop a prescription on your "
                "own.",
            ),
            (
                "Can ketamine replace therapy?",
                "No. Many people find that therapy goes further once their anxiety eases, "
                "and we encourage you to keep working with your therapist.",
            ),
        ),
        call_to_action(),
        references(GLUE_2017, GLUE_2018, TAYLOR_2018),
    ]


def ptsd_body(figure):
    return [
        key_takeaways(
            "In controlled trials, ketamine reduced PTSD symptoms faster than an active "
            "placebo, sometimes within a day.",
            "In a two-week course, two in three people responded, against one in five on the "
            "comparison drug.",
            "Gains can fade, so follow-up and therapy matter.",
            "Results have not been the same in every group studied.",
        ),
        heading("Living on high alert"),
        paragraph(
            "Post-traumatic stress disorder keeps the body braced for a danger that has "
            "already passed. Memories break in uninvited, nights are broken by nightmares, "
            "and ordinary sounds or places set off a surge of alarm. Many people organize "
            "their whole lives around avoiding reminders, and the effort is exhausting.",
            "Trauma-focused therapy and medication help many people with PTSD. Yet a good "
            "number keep struggling after doing everything asked of them. For adults with "
            "long-standing symptoms like these, ketamine is one more option worth discussing "
            "with a doctor.",
        ),
        heading("What the trials found"),
        paragraph(
            "In a trial at Mount Sinai in New York, forty-one adults with chronic PTSD were "
            "randomly given a single infusion of either ketamine or midazolam, a sedative "
            "chosen because it also produces noticeable effects. Twenty-four hours later, "
            "PTSD symptoms had fallen significantly more after ketamine.",
            "The same group then tested a course: thirty people received six infusions over "
            "two weeks of either ketamine or midazolam. Two in three of the ketamine group "
            "responded, against one in five of the comparison group. Among those who "
            "responded, the improvement lasted a median of about four weeks after the last "
            "infusion, and no serious adverse events were reported.",
        ),
        heading("Why a single session is rarely the whole plan", "h3"),
        paragraph(
            "Both trials were small, and a larger one in military veterans and service "
            "members did not find the same clear benefit for PTSD symptoms. We read the "
            "evidence as a reason to try ketamine carefully, with a clear plan for measuring "
            "whether it is helping you, not as a guarantee."
        ),
        figure,
        pull_quote(
            "Relief from the constant alarm can give people enough room to start working "
            "through what happened.",
            "Jonah Ferreira-Lind, LCSW",
        ),
        heading("How ketamine may help"),
        paragraph(
            "Ketamine blocks NMDA receptors and sets off a short rise in glutamate that "
            "encourages nerve cells to form new connections. In PTSD, researchers think this "
            "window of flexibility may help the brain relearn that a memory is a memory, not "
            "a present threat. That is one reason many clinicians pair ketamine with "
            "trauma-focused therapy rather than offering it on its own.",
        ),
        callout(
            "info",
            "Therapy still matters",
            "If you already see a therapist, we will ask for your permission to keep them "
            "informed, so your sessions with us and with them pull in the same direction.",
        ),
        callout(
            "warning",
            "Talking about trauma can stir things up",
            "Tell the team if a session leaves you shaken, or if nightmares or flashbacks get "
            "worse for more than a day or two. " + CRISIS_NOTE,
        ),
        faq(
            (
                "Will I have to talk about my trauma during a session?",
                "No. A ketamine session is quiet, and you are not asked to describe what "
                "happened. Processing the trauma belongs with your therapist, at your pace.",
            ),
            (
                "Is ketamine approved for PTSD?",
                "Not specifically. Doctors prescribe it off-label, which is why screening, "
                "supervision and honest discussion of the evidence are part of every plan.",
            ),
        ),
        call_to_action(),
        references(FEDER_2014, FEDER_2021, ABDALLAH_2022),
    ]


def session_body(figure):
    return [
        key_takeaways(
            "A medical screening comes before any treatment.",
            "Sessions take place in a quiet room, with staff monitoring you throughout.",
            "Dissociation, changes in perception, raised blood pressure and dizziness are "
            "common and usually short-lived.",
            "Someone else drives you home, and you take the rest of the day easy.",
        ),
        heading("Before your first session"),
        paragraph(
            "Everything starts with an assessment. A clinician asks about your symptoms and "
            "the treatments you have tried, takes your blood pressure and goes through your "
            "medical history, including heart problems, past psychosis, substance use, "
            "pregnancy and every medicine you take. Some of these make ketamine unsuitable; "
            "others simply call for extra care.",
            "If ketamine looks right for you, we write an individual plan: how many sessions, "
            "how far apart, and how we will judge whether they are helping. The same steps "
            "apply whether you come to us for depression, anxiety or PTSD.",
        ),
        heading("On the day"),
        paragraph(
            "Wear comfortable clothes and arrange for an adult to take you home: you may not "
            "drive until the next day. We will tell you beforehand whether to skip food for a "
            "few hours. Plan on spending a couple of hours with us, most of it resting."
        ),
        heading("During the session", "h3"),
        paragraph(
            "You settle into a reclining chair in a dim, quiet room. A nurse checks your "
            "blood pressure, heart rate and oxygen level before the dose and keeps checking "
            "them until it wears off. In the two PTSD trials cited below, ketamine was "
            "given as a slow infusion into a vein over about forty minutes; other studies "
            "have used an injection under the skin.",
            "Within minutes, many people feel light or detached, as if watching themselves "
            "from a short distance. Sounds and colors can seem altered and time may stretch. "
            "Some find this peaceful; others find it strange or briefly unsettling. A member "
            "of staff is with you the whole time and can slow things down.",
        ),
        figure,
        heading("Side effects and how we manage them"),
        paragraph(
            "The common effects are dissociation, temporary changes in perception, a rise in "
            "blood pressure, dizziness and sometimes nausea or blurred vision. In a study of "
            "weekly doses over three months, blood pressure was on average about 10 mmHg "
            "higher half an hour after a dose, and the dissociative feelings became milder "
            "with repeated sessions. In the trials listed here, these effects generally "
            "faded soon after dosing, and no serious adverse events were reported in the "
            "two-week PTSD course.",
            "Our staff are trained to recognize and treat each of these. If your blood "
            "pressure climbs too high, or a session becomes distressing, we can pause, adjust "
            "or stop.",
        ),
        pull_quote(
            "The strangeness passes. What we watch for is how you are doing in the days "
            "that follow.",
            "Rita Okonkwo-Hale, MD",
        ),
        callout(
            "info",
            "Bring a playlist, or don't",
            "Many people like quiet music and an eye mask. Others prefer silence. Tell us "
            "what helps you feel safe and we will set up the room that way.",
        ),
        heading("Afterwards"),
        paragraph(
            "You rest until the effects have worn off and your readings are back to where "
            "they started, usually within an hour or two. We call within a day or two to see "
            "how you are, and we review your progress with you at set points in the plan. "
            "Not everyone responds, and if ketamine is not helping, we will say so and talk "
            "through other options."
        ),
        callout("warning", "Call us, or call for help", CRISIS_NOTE),
        faq(
            (
                "Will I lose consciousness?",
                "No. The doses used for mental-health treatment are well below those used in "
                "anesthesia. You stay awake and can talk to the staff.",
            ),
            (
                "Is ketamine addictive?",
                "Ketamine can be misused, which is one reason it is given only under "
                "supervision, in measured doses. Tell us about any past substance use so we "
                "can plan safely.",
            ),
        ),
        call_to_action(),
        references(FEDER_2014, FEDER_2021, GLUE_2018),
    ]


def psychotherapy_body(figure):
    return [
        key_takeaways(
            "Ketamine can ease symptoms quickly; therapy builds skills that last.",
            "The brain may be more open to new learning in the days after a session.",
            "Pairing ketamine with exposure or trauma-focused therapy is promising but still "
            "being studied.",
            "Your prescriber and your therapist should work from the same plan.",
        ),
        heading("Two treatments, two jobs"),
        paragraph(
            "A medicine and a therapy do different work. Ketamine can lower the volume of "
            "anxiety, low mood or trauma symptoms, sometimes within a day. Therapy helps you "
            "understand those symptoms, change the habits that keep them going and practice "
            "new ways of responding. When the medicine's effect fades, what you learned in "
            "therapy stays with you.",
            "That is why we rarely think of ketamine as a treatment to have on its own. For "
            "most of our patients it sits alongside therapy they already have, or therapy we "
            "help them find.",
        ),
        heading("A window for learning"),
        paragraph(
            "Ketamine blocks NMDA receptors and triggers a brief rise in glutamate, which "
            "increases BDNF and helps nerve cells form new connections. Researchers think "
            "this heightened plasticity may make the days after a session a good time to "
            "learn something new, including the lesson at the heart of exposure therapy: "
            "that a feared situation or memory is survivable.",
        ),
        heading("Fear extinction, in plain words", "h3"),
        paragraph(
            "In exposure and trauma-focused therapy you face, gradually and safely, what you "
            "have been avoiding. Each time nothing terrible happens, the brain files a new "
            "memory that competes with the old fear. Early research suggests ketamine may "
            "help this relearning and make painful emotions easier to process. The studies "
            "that combine the two are still small, so we present this as a reasonable hope, "
            "not a proven result.",
        ),
        figure,
        pull_quote(
            "The medicine can open a door. Therapy is how you walk through it and stay on "
            "the other side.",
            "Jonah Ferreira-Lind, LCSW",
        ),
        heading("How we coordinate care"),
        paragraph(
            "With your permission, we share your plan with your therapist and agree on "
            "timing: some people book a therapy session within a few days of a ketamine "
            "session, while they feel clearer and less guarded. Some use the time to review "
            "what came up during the session; others simply find that exposure tasks feel "
            "more possible.",
            "Studies of ketamine on its own have found that improvement can fade within "
            "weeks of the last dose; in one maintenance study, most participants reported "
            "better day-to-day functioning while weekly doses continued. Therapy is one "
            "of the ways we try to keep those gains once sessions become less frequent.",
        ),
        callout(
            "info",
            "No therapist yet?",
            "Ask us. We can suggest therapists experienced in exposure and trauma-focused "
            "work, and we will coordinate with whoever you choose.",
        ),
        callout(
            "warning",
            "Therapy can feel harder before it feels easier",
            "Facing difficult memories can bring a short spell of stronger feelings. Tell "
            "your therapist and our team if it becomes too much. " + CRISIS_NOTE,
        ),
        faq(
            (
                "Do I need to be in therapy to have ketamine?",
                "It is not a strict rule, but we strongly recommend it, and we will talk "
                "with you about why before you start.",
            ),
            (
                "Does my therapist need special training?",
                "Not for ordinary sessions between ketamine treatments. Experience with "
                "exposure or trauma-focused therapy helps, and we are happy to talk with "
                "your therapist about the plan.",
            ),
        ),
        call_to_action(),
        references(FEDER_2014, FEDER_2021, GLUE_2018),
    ]


def clinic_time(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=CLINIC_TIME)


ARTICLES = [
    DemoArticle(
        slug="ketamine-and-anxiety",
        title="Unlocking Relief: Ketamine and Anxiety",
        intro="When worry, panic or social fear persists despite therapy and medication, "
        "ketamine may be worth discussing. How it works, what the research shows and what "
        "it cannot promise.",
        featured=Picture(
            "Warm morning light in soft circles (illustration)",
            101,
            "dawn",
            "Soft circles of sand, pale teal and deep green blurred together like morning light.",
        ),
        figure=Picture(
            "Still lake in blue and cream (illustration)",
            111,
            "lake",
            "Blurred shapes in lake blue and cream, calm and low in contrast.",
            "Relief can come within hours for some people, more slowly or not at all for others.",
        ),
        authors=(WRITER_NURSE,),
        topics=("anxiety", "treatment"),
        tags=("ketamine", "anxiety", "research"),
        date_published=clinic_time(2026, 1, 20),
        last_reviewed=datetime.date(2026, 1, 15),
        # The anxiety evidence moves fast, so this one is reviewed every six months (and is
        # due now, which gives the "medical review due" report something to show).
        next_review_due=datetime.date(2026, 7, 15),
        body=anxiety_body,
    ),
    DemoArticle(
        slug="ketamine-and-ptsd",
        title="Ketamine and PTSD: Easing the Grip of Trauma",
        intro="PTSD keeps the body braced for danger long after it has passed. What "
        "controlled trials say about ketamine for chronic PTSD, and why we offer it as one "
        "part of a wider plan.",
        featured=Picture(
            "Dusk over quiet hills (illustration)",
            102,
            "dusk",
            "Lilac, blue and apricot shapes blurred together like the sky at dusk.",
        ),
        figure=Picture(
            "Green shade and soft sunlight (illustration)",
            112,
            "moss",
            "Soft moss-green and honey-colored shapes, gently blurred.",
            "In one trial, two in three people responded to a two-week course.",
        ),
        authors=(WRITER_THERAPIST, WRITER_NURSE),
        topics=("ptsd", "treatment"),
        tags=("ketamine", "ptsd", "trauma"),
        date_published=clinic_time(2026, 4, 14),
        last_reviewed=datetime.date(2026, 4, 8),
        body=ptsd_body,
    ),
    DemoArticle(
        slug="what-a-ketamine-session-is-like",
        title="What a Ketamine Session Is Like: Safety and Side Effects",
        intro="From the first screening to the drive home: what happens before, during and "
        "after a supervised ketamine session, which side effects are common and how our "
        "staff manage them.",
        featured=Picture(
            "Calm water in pale teal (illustration)",
            103,
            "lake",
            "Pale teal and sand-colored shapes blurred like light on still water.",
        ),
        figure=Picture(
            "Evening colors, softly blurred (illustration)",
            113,
            "dusk",
            "Blurred lilac and pale blue shapes with a warm apricot glow.",
            "Sounds and colors can seem altered during a session; the feeling passes.",
        ),
        authors=(WRITER_NURSE,),
        topics=("treatment", "depression"),
        tags=("ketamine", "safety", "side effects"),
        date_published=clinic_time(2026, 7, 9),
        last_reviewed=datetime.date(2026, 7, 1),
        body=session_body,
    ),
    DemoArticle(
        slug="ketamine-and-psychotherapy",
        title="Ketamine Alongside Psychotherapy: Making the Most of a Window",
        intro="Ketamine can ease symptoms quickly; therapy builds skills that last. Why we "
        "pair the two, what fear extinction means, and how we coordinate with your "
        "therapist.",
        featured=Picture(
            "Moss and sunlight (illustration)",
            104,
            "moss",
            "Moss-green, sage and honey shapes softly blurred together.",
        ),
        figure=Picture(
            "Sand and teal at first light (illustration)",
            114,
            "dawn",
            "Blurred sand-colored and teal shapes on a pale background.",
            "The days after a session may be a good time for therapy.",
        ),
        authors=(WRITER_THERAPIST,),
        topics=("treatment", "ptsd", "anxiety", "depression"),
        tags=("ketamine", "psychotherapy", "trauma"),
        date_published=clinic_time(2026, 10, 6),
        last_reviewed=datetime.date(2026, 9, 28),
        body=psychotherapy_body,
    ),
]


# --- Seeding ------------------------------------------------------------------------------


def seed_blog_index(home):
    """The one blog index (there may only be one), published at /blog/."""
    blog_index = BlogIndexPage.objects.first()
    if blog_index is not None:
        return blog_index
    blog_index = BlogIndexPage(title="Blog", slug="blog", intro=BLOG_INTRO, show_in_menus=True)
    home.add_child(instance=blog_index)
    blog_index.save_revision().publish()
    return blog_index


def seed_topics():
    """Topics by slug; an editor's renamed or re-described topic is left as it is."""
    topics = {}
    for name, slug, description in TOPICS:
        topic = Topic.objects.filter(slug=slug).first() or Topic.objects.filter(name=name).first()
        if topic is None:
            topic = Topic.objects.create(name=name, slug=slug, description=description)
        topics[slug] = topic
    return topics


def seed_authors():
    """The demo authors by name; the reviewer is tied to the `reviewer` login if it exists."""
    user_model = get_user_model()
    authors = {}
    for person in AUTHORS:
        author = Author.objects.filter(name=person.name).first()
        if author is None:
            author = Author.objects.create(
                name=person.name,
                credentials=person.credentials,
                job_title=person.job_title,
                bio=person.bio,
                photo=demo_image(
                    f"Portrait placeholder for {person.name}",
                    seed=person.photo_seed,
                    palette=person.photo_palette,
                ),
                user=user_model.objects.filter(username=person.username).first()
                if person.username
                else None,
            )
        authors[person] = author
    return authors


def image_block(picture):
    image = demo_image(picture.title, seed=picture.seed, palette=picture.palette)
    return {
        "type": "image",
        "value": {
            "image": image.pk,
            "alt_text": picture.alt,
            "caption": picture.caption,
            "credit": "",
        },
    }


def seed_article(blog_index, article, authors, topics, reviewer):
    """One article, created and published with its bylines, topics and tags in the
    published revision, so the live page and the editor's draft agree."""
    if blog_index.get_children().filter(slug=article.slug).exists():
        return
    page = BlogPage(
        title=article.title,
        slug=article.slug,
        intro=article.intro,
        featured_image=demo_image(
            article.featured.title, seed=article.featured.seed, palette=article.featured.palette
        ),
        featured_image_alt=article.featured.alt,
        date_published=article.date_published,
        reviewed_by=reviewer,
        last_reviewed=article.last_reviewed,
        next_review_due=article.next_review_due,
        body=article.body(image_block(article.figure)),
    )
    page.article_authors = [
        ArticleAuthor(author=authors[person], sort_order=position)
        for position, person in enumerate(article.authors)
    ]
    page.topics = [topics[slug] for slug in article.topics]
    page.tags.add(*article.tags)
    blog_index.add_child(instance=page)
    page.save_revision().publish()


def seed_blog(home):
    """The blog and its demo articles under `home`. Returns the blog index page."""
    blog_index = seed_blog_index(home)
    topics = seed_topics()
    authors = seed_authors()
    for article in ARTICLES:
        seed_article(blog_index, article, authors, topics, reviewer=authors[REVIEWER])
    return blog_index
