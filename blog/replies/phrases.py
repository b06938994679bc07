"""How a screening phrase is matched: the syntax moderators write in the admin, and the one
normalisation applied alike to a reply's text and to every phrase.

Both are lower-cased; curly, straight and modifier apostrophes become one; hyphens and dashes
become spaces ("self-harm" is "self harm"); other punctuation and runs of spaces become one
space; and common contractions are spelled out, with or without their apostrophe ("don't",
"dont", "do not" are all "do not"), so a phrase written either way matches both.

In a phrase:

- words match whole words: "end my life" does not match "end my lifelong habit";
- "…" (or "...", or a lone "*") between two words lets up to GAP_WORDS other words come
  between them: "took all … pills" matches "took all my sleeping pills";
- a word ending in "*" matches any ending: "overdos*" matches overdose, overdosed, overdosing;
- "#" matches a number: "took # pills" matches "took 30 pills";
- "/" between words offers either: "took/swallowed all … pills/tablets".
"""

import re

GAP_WORDS = 3
GAP_MARKS = ("…", "...", "*")
NUMBER_MARK = "#"
GAP_MESSAGE = "A “…” goes between two words, e.g. “took all … pills”."

APOSTROPHES = re.compile(r"[’‘ʼ`´′]")
DASHES = re.compile(r"[-‐‑‒–—―]")
# Anything but a letter, digit or apostrophe separates words (the phrase syntax's marks are
# kept apart from the text's by `phrase_regex`, which splits them off first).
SEPARATORS = re.compile(r"[^\w']+")

# Contractions spelled out, keyed by the word with its apostrophe removed. Only those whose
# apostrophe-less spelling is not an everyday word of its own ("its", "id", "well", "were").
CONTRACTIONS = {
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "cant": "can not",
    "cannot": "can not",
    "couldnt": "could not",
    "wont": "will not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "havent": "have not",
    "hasnt": "has not",
    "im": "i am",
    "ive": "i have",
    "i'd": "i would",
    "i'll": "i will",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "got to",
}


def _spell_out(word):
    if word in CONTRACTIONS:
        return CONTRACTIONS[word]
    bare = word.replace("'", "")
    if bare != word and bare in CONTRACTIONS:
        return CONTRACTIONS[bare]
    return word.strip("'")


def normalise(text):
    """`text` (str) as screening compares it: lower case, words separated by single spaces,
    one kind of apostrophe, contractions spelled out. Returns a str."""
    text = DASHES.sub(" ", APOSTROPHES.sub("'", text.casefold()))
    words = (_spell_out(word) for word in SEPARATORS.sub(" ", text).split())
    return " ".join(word for word in words if word)


def _word_regex(token):
    if "/" in token:
        choices = [_word_regex(choice) for choice in token.split("/") if choice]
        if len(choices) < 2 or not all(choices):
            raise ValueError(f"“{token}”: a “/” goes between two words, e.g. “take/took”.")
        return "(?:" + "|".join(choices) + ")"
    if token == NUMBER_MARK:
        return r"\d+"
    if token.endswith("*"):
        stem = normalise(token[:-1])
        if not stem or " " in stem:
            raise ValueError(f"“{token}”: a “*” ends a word, e.g. “overdos*”.")
        return re.escape(stem) + r"[\w']*"
    return re.escape(normalise(token)).replace(r"\ ", " ")


def phrase_regex(phrase):
    """The regular expression (str) that finds `phrase` in normalised text, word boundaries
    included. Raises ValueError, with a message for the moderator, if the phrase has no
    words or begins or ends with a gap."""
    gap = rf"(?: [\w']+){{0,{GAP_WORDS}}}"
    regex = ""
    after_gap = False
    for token in phrase.replace("…", " … ").replace("...", " … ").split():
        if token in GAP_MARKS:
            if not regex or after_gap:
                raise ValueError(GAP_MESSAGE)
            regex += gap
            after_gap = True
            continue
        word = _word_regex(token)
        if word:
            regex += f" {word}" if regex else word
            after_gap = False
    if not regex:
        raise ValueError("Write at least one word.")
    if after_gap:
        raise ValueError(GAP_MESSAGE)
    return r"(?<![\w'])" + regex + r"(?![\w'])"


def phrases_regex(phrases):
    """One regular expression (str) matching any of `phrases` (str) in normalised text, or
    None if there are none. A phrase the syntax refuses is left out (the admin form does not
    let one be saved; an old row must not stop screening)."""
    regexes = []
    for phrase in phrases:
        try:
            regexes.append(phrase_regex(phrase))
        except ValueError:
            continue
    if not regexes:
        return None
    return "|".join(f"(?:{regex})" for regex in sorted(set(regexes), key=len, reverse=True))
