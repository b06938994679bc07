"""Where someone in crisis can get help at once: the one definition every page, email and
admin screen uses (through home/templatetags/crisis_tags.py).

Source: the 988 Suicide & Crisis Lifeline (988lifeline.org), reached in the United States by
calling or texting 988, free and open 24/7; 911 is the US emergency number. A clinic
elsewhere changes these three values and nothing else.
"""

CRISIS_LINE_NAME = "Suicide & Crisis Lifeline"
CRISIS_LINE_NUMBER = "988"
EMERGENCY_NUMBER = "911"


def crisis_line_text():
    """The crisis line as plain words, for emails: "call or text 988 (…) or dial 911"."""
    return (
        f"call or text {CRISIS_LINE_NUMBER} ({CRISIS_LINE_NAME}, free, 24/7) "
        f"or dial {EMERGENCY_NUMBER}"
    )
