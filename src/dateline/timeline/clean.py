"""Which sentences a reader can trust in a timeline, and which two say the same thing.

A timeline entry is read out of context: a photo caption, a byline, "Click here", a time stamp or a
headline fragment under a date reads as a broken product, even when its words earn ROUGE. `is_clean`
rejects such page furniture; tests/data/junk/ holds real examples cut from Timeline17 pages that it must
reject, and Timeline17's own reference sentences (written by editors) are the clean sentences it must
keep. `same_gist` tells a headline from its own lead, or two wordings of one fact, so a date does not
show both.
"""

from __future__ import annotations

import re

#: Words a shown sentence has at least / at most: shorter ones are fragments and captions, longer ones
#: are run-on lists or sentence-splitter failures. A word has a letter and is not a PTB bracket, so that
#: "Benghazi , Libya -LRB- CNN -RRB- --" (seven tokens) counts three words.
MIN_WORDS = 6
MAX_WORDS = 60
_WORD = re.compile(r"(?!-[LR][RSC]B-)\S*[A-Za-z]\S*")

#: Page furniture anywhere in the sentence, matched against the lower-cased text: captions and photo
#: credits, links and calls to action, wire credits of the reporters, copyright lines.
_JUNK = re.compile(
    r"photo(graph)?\s*:|picture:|image caption|\bphoto\s*(\\?/|by\b)|(ap|afp|reuters|getty|file|undated|handout)\s+"
    r"(photo|image|picture)|photograph(ed)? by|getty images|\\/(ap|afp|reuters|getty)\b|\bin this (undated )?"
    r"(photo|image|picture|handout|file)|\bfile photo|click here|follow us|follow (the latest|all the)|"
    r"read more|sign up|subscribe|share this|email this|on twitter|on facebook|(reporting|editing|writing) by|"
    r"additional reporting|contributed to this report|all rights reserved|copyright|https?://|www\.|a href|"
    r"@\w+\.(com|co\.uk|org)|report abuse|posted by|photo credits?\b|\b(reuters|ap|afp|epa|getty images)\s*\\?/"
)
#: Bylines and stamps open a sentence: "By Jane Smith", "By the CNN Wire Staff", "Updated: ...",
#: "Last updated at ...", "Watch :", "Related :", "LONDON |".
_STAMP = re.compile(r"(By\s+(?:the\s+)?[A-Z][A-Za-z]+\s+[A-Z]|(Updated|Posted|Last updated|Watch|Related|"
                    r"Listen|See also|Video|Pictures)\b\s*:?|[A-Z .,]+\s\|)")
#: A clock time with a zone or a weekday stamp: "11:02 pm EDT", "Thu Jun 3 , 2010 4:42 pm".
_TIME_STAMP = re.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?\s*)?(?:edt|est|gmt|bst|cet|utc|et|pt)\b|"
                         r"\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\.? \w+\.? \d{1,2} , \d{4} \d{1,2}:\d\d")
#: A wire credit ends a dateline or a headline glued to one: "... join al Qaeda (CNN) --",
#: "ZAWIYAH , Libya -LRB- Reuters -RRB- -".
_CREDIT_END = re.compile(r"(?:-LRB-|\()\s*[A-Z][\w.&]*(?:\s[A-Z][\w.&]*)?\s*(?:-RRB-|\))\s*-+\s*$")
#: Verbs without the usual endings that news sentences are built on: auxiliaries, modals, reporting
#: verbs and irregular forms. With the endings below they decide whether a sentence has a verb at all.
_VERBS = frozenset(
    "is are was were be been being am has have had do does did will would can could may might must shall "
    "should said says say told tells made make makes took take takes gave give gives went go goes came come "
    "comes found find left leave leaves met meet won win wins lost lose began begin begins saw see sees fell "
    "fall falls rose rise rises hit hits held hold holds led lead leads sent send sends put puts set sets cut "
    "cuts got get gets kept keep keeps ran run runs paid pay pays sought seek struck strike broke break "
    "breaks spent spend fled flee flees shot shoot stood stand stands became become becomes brought bring "
    "thought think knew know wrote write hurt let lets quit spread bid sold sell sells built build bought "
    "buy told fought fight slid slide sank sink swept sweep threw throw dies die killed dead agree agreed "
    "ask urge warn vote reach hope fear want need plan expect remain seem appear continue".split()
)
_VERB_ENDING = re.compile(r"[a-z]{2,}(?:ed|ing|[^su'\W]s)$")


def is_clean(text: str) -> bool:
    """Whether a sentence can stand in a timeline: a complete statement, not page furniture.

    Rejects fragments and run-ons (word count outside MIN_WORDS..MAX_WORDS, no verb, or a start in
    mid-sentence: lower case or punctuation, the splitter's leftovers), questions,
    sentences that are only a quotation (pull quotes), captions and photo credits, bylines and reporting
    credits, calls to action ("Click here", "Follow us"), time stamps, update stamps and links.
    """
    words = _WORD.findall(text)
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return False
    stripped = text.strip()
    lower = stripped.lower()
    if (stripped.endswith("?") or stripped[0].islower() or stripped[0] in ",;:|" or _JUNK.search(lower)
            or _STAMP.match(stripped) or _TIME_STAMP.search(lower)
            or _CREDIT_END.search(stripped) or not has_verb(words)):
        return False
    return not (stripped[0] in "\"\u201c'`" and stripped.rstrip(". ")[-1] in "\"\u201d'")


def has_verb(words: list[str]) -> bool:
    """Whether any word is a verb form: a known verb, a lower-case word ending in -ed, -ing or a
    third-person -s, a lower-case word after "to" ("to join") or after a capitalised plural ("Rebels
    enter"). Headlines and captions without one ("Jackson Wildlife Center in Buras , Louisiana May 23 ,
    2010") are fragments. Crude on purpose: it must hardly ever reject a real sentence (tests)."""
    if title_case(words):
        return _title_has_verb(words)
    before = ""
    for i, word in enumerate(words):
        w = word.strip(".,;:!\"'`()")
        # a capitalised known verb counts only first ("Has"), not in mid-sentence ("May 23")
        if (w if i else w.lower()) in _VERBS or (w[:1].islower() and (
                _VERB_ENDING.search(w) or (w not in _NOT_VERBS and (before == "to" or _PLURAL.match(before))))):
            return True
        before = w
    return False


def title_case(words: list[str]) -> bool:
    """Whether a text is written in Title Case, as feed headlines of many outlets are ("Crypto Exchange
    Binance to Acquire Rival FTX"): every word of four letters or more capitalised, at least three of
    them. Its verbs are capitalised too, so `has_verb`'s lower-case rules cannot see them."""
    long = [w for w in (word.strip(".,;:!\"'`()") for word in words) if len(w) >= 4 and w.isalpha()]
    return len(long) >= 3 and all(w[0].isupper() for w in long)


def _title_has_verb(words: list[str]) -> bool:
    """`has_verb` of a Title Case text: a known verb in any case but "May" (a month as often), or any
    word after "to" ("to Acquire"). The ending rules stay off: in Title Case "United", "Beijing" and
    "Officers" would pass for verbs, and so would captions such as "Jackson Wildlife Center in Buras ,
    Louisiana May 23 , 2010"."""
    before = ""
    for word in words:
        w = word.strip(".,;:!\"'`()").lower()
        if (w in _VERBS and w != "may") or (before == "to" and w.isalpha() and w not in _NOT_VERBS):
            return True
        before = w
    return False


_PLURAL = re.compile(r"[A-Z][a-z]+[^su'\W]s$")
_NOT_VERBS = frozenset("a an the this that these those his her its their our my your some all any no every "
                       "and or but of in on at by for with from as than".split())


#: Two sentences have the same gist when this share of the shorter one's content words (cut to
#: GIST_PREFIX letters, a cheap stemmer: "fires"/"fired", "Korea"/"Korean") is in the other.
GIST_SHARE = 0.7
GIST_PREFIX = 5
_CONTENT = re.compile(r"[a-z][a-z'-]{2,}")
_GIST_STOP = frozenset(
    "the and for that with from has have had was were are this its their his her they them will would said "
    "says after before over into about than also been but not who which what when where while more most".split()
)


def gist(text: str) -> frozenset[str]:
    """The content words of a sentence, lower-cased and cut to GIST_PREFIX letters."""
    return frozenset(w[:GIST_PREFIX] for w in _CONTENT.findall(text.lower()) if w not in _GIST_STOP)


def same_gist(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two `gist`s say the same thing: a headline and its own lead ("North Korea fires missile
    over Japan" / "A North Korean missile has been fired over Japan"), or near paraphrases."""
    short = min(len(a), len(b))
    return short > 0 and len(a & b) >= GIST_SHARE * short
