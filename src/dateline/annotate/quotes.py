"""Who said what: quotations and reported speech with their speakers, by rules, in one pass.

Why rules: ingest must keep several hundred articles a second per core, and a parser-based extractor
(spaCy + textacy, ../shared/research/deps.md §B) manages about 12-40 documents a second. News reports
speech in a small number of shapes, and those shapes are what this module looks for:

Direct quotations (words inside quotation marks):
- The marks: straight (" '), curly (“ ” ‘ ’), guillemets (« » ‹ ›), low-high („ “) and the
  Penn-Treebank marks of Timeline17 (`` '' and ` '). Marks are paired in one left-to-right pass with a
  stack two deep: a quote of the other family inside a quote is a nested quote and stays part of the
  outer one. A single quote mark between letters is an apostrophe; in tokenised (PTB) text a straight
  single quote never opens a quote, since `'s` and `'re` stand after a space there.
- A quote ends at its closing mark, else at the end of its paragraph (a blank line): the convention for
  speech that runs over several paragraphs is to leave each paragraph's quote open and to open the next
  paragraph with a mark again. A line break followed by an opening mark also ends an open quote there.
  A quote still open after `MAX_LINES` line breaks is an unbalanced mark: it ends at its own line's end.
  So no quote passes a paragraph end, and pairing is linear in the length of the text.
- The speaker is found next to the quote, in its own sentence: after it (`"...," he said`, `"...,"
  said Mr Smith`), or before it (`Kim said: "..."`, `saying he was in "no rush"`, `according to X: "..."`).
  A cue without a subject ("..., saying", "but pledged to ...") takes the sentence's subject. A quote with
  no cue of its own takes the speaker of the quote that follows it directly (`"A." "B," she said.`), else
  of the quote just before it when it starts a sentence soon after (the paragraphs that carry on one
  person's speech), or of the quote, direct or reported, on the line just before it. Else it is kept
  unattributed, when it is long enough (`MIN_UNATTRIBUTED_WORDS`) to be speech rather than a title or a
  scare-quoted term; a short quote inside a sentence whose words are all capitalised is a name in
  quotation marks ("British Petroleum"), not speech.

Indirect speech (a reported clause), sentence by sentence, outside direct quotations:
- `X said (that) ...`, `X told reporters (on Monday) (that) ...`, `X warned/denied/announced that ...`
  (verbs other than say/tell need "that" or a finite verb soon after them, "predicted the rebels would
  fail", so "denied the charges" is not a report of speech);
- `..., X said (on Monday).` and `..., said X.` at the end of a sentence, also when `, and ...` follows
  (`..., officials said, and scientists reported that ...`: a second clause with its own speaker);
- `According to X, ...` and `..., according to X.`;
- a participle (`..., saying (that) ...`) takes the sentence's subject;
- a second cue after ", and <subject>" starts a second clause with its own speaker.

Speakers are resolved within the article: a name to the fullest name the article gives it ("Trump",
"Mr Trump" -> "Donald Trump"; "Kim" -> "Kim Jong Un"), a definite role ("the president", "the North Korean
leader") to the name the article puts after that role ("US President Donald Trump"), "the company" to the
organisation that spoke (or was named) last, "the official" to "a British official" introduced before,
and "he"/"she" to the nearest person who spoke before, else the nearest person named before as the
subject of a sentence or of a speech verb. An apposition that ends in a name names the speaker ("The
White House energy adviser, Carol Browner, said"). A fullest name never starts with a sentence's
first word that the article also writes in lower case ("Yesterday Barack Obama" -> "Barack Obama").
Speaker phrases: a plural noun of agents can speak without a name ("oceanographers reported"), someone
unnamed keeps their organisation ("a spokeswoman from the Energy Ministry", as "a spokesman for BP"),
and a lower-case "-ed" word after a noun is a verb that ends the phrase ("Mr Svanberg expressed regret,
saying" -> Mr Svanberg). `speaker_key` is the rule that makes one person one speaker across articles
(see its docstring).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from dateline.model import Quote

__all__ = ["extract_quotes", "speaker_key", "speaker_matches", "MAX_LINES", "MIN_UNATTRIBUTED_WORDS", "PRONOUN_SPEAKERS"]

#: Line breaks an open quote may run over (Timeline17 has one sentence a line and no blank lines).
MAX_LINES = 6
#: The `speaker_key`s of a speaker left as a pronoun the article did not resolve ("it said"): nobody
#: to list, filter by or match a name against.
PRONOUN_SPEAKERS = ("he", "she", "they", "it", "we", "i", "you")
#: An unattributed quote shorter than this is most likely a title or a scare-quoted term, not speech.
MIN_UNATTRIBUTED_WORDS = 5
# Distinct names (`_Doc._fullest`) and sentence-opening words (`_Doc._common_opener`) an article's text
# is searched for. Each search reads the whole text: news articles have a few dozen of each, a megabyte of
# distinct names ("W1 Ann Lee said ... W2 Ann Lee said ...") made the searches quadratic (12 s a MB).
_MAX_LOOKUPS = 1000
# How far from a quote its speaker is looked for (characters), so that work per quote is bounded.
_LEFT = 300
_RIGHT = 200

# ---------------------------------------------------------------------------------------------- words

_SAY = frozenset(
    "said says say told tells tell added adds announced announces warned warns denied denies claimed claims "
    "insisted insists stated states reported reports acknowledged acknowledges admitted admits argued argues "
    "explained explains confirmed confirms suggested suggests noted notes stressed stresses declared declares "
    "alleged alleges asserted asserts predicted predicts concluded concludes revealed reveals disclosed "
    "testified wrote writes replied replies responded responds complained complains maintained maintains "
    "contended contends conceded concedes recalled recalls tweeted emphasised emphasized cautioned "
    "observed remarked commented countered affirmed reiterated indicated assured informed estimated ruled "
    "proposed promised testified estimates contend testifies "
    "announce warn deny insist admit argue explain confirm declare predict reply respond complain".split()
)
# Verbs that take a quote but not a reported clause ("called it 'a disaster'", "urged calm").
_QUOTE_ONLY = frozenset(
    "urged urges pledged pledges vowed vows promised promises accused accuses described describes describe "
    "called calls call branded brands dubbed dubs slammed labelled labeled hailed praised criticised "
    "criticized condemned welcomed blamed asked asks ask shouted shouts chanted chants cried yelled screamed read reads".split()
)
_PARTICIPLES = frozenset(
    "saying adding telling warning insisting claiming arguing noting stressing explaining announcing denying "
    "describing calling declaring urging accusing predicting suggesting acknowledging admitting vowing "
    "pledging promising writing asking branding dubbing labelling labeling chanting shouting".split()
)
# Cues that need "that" before a reported clause (anything but say/tell, whose clause may drop it).
_SAY_BARE = frozenset("said says say told tells tell added adds saying adding telling".split())
_TAIL_PREPOSITIONS = frozenset("in on at during after from before while when".split())
# Words that start no reported clause right after a speech verb ("said as officials announced ...").
_NOT_REPORTED = frozenset("as amid".split())
# A wire dateline before an article's first sentence: "BEIJING , June 14 -LRB- Reuters -RRB- - ...".
_DATELINE = re.compile(r"(?:-LRB-|\()[ \t]*(?:Reuters|CNN|AP|AFP|UPI)[ \t]*(?:-RRB-|\))[ \t]*(?:--?|—|–)[ \t]*")
# The colon of "X said: ..."; not one between digits ("6:37 pm").
_COLON = re.compile(r":(?!\d)")
_CLOSERS = frozenset(("''", "”", "’", '"', "'"))
_COORDINATION = re.compile(r",?[ \t]+(?:and|but)[ \t]+(?:also[ \t]+)?$")
_CONJUNCTION = re.compile(r"[,;][ \t]+(?:and|but|while)[ \t]")
_NEW_SUBJECT = re.compile(r"[ \t]*[,;][ \t]+(?:and|but|while)[ \t]+$")
_INVERTED = frozenset("said says added adds".split())
_TAKES_OBJECT = frozenset("told tells tell telling informed assured promised promises warned warns reminded".split())
_CUES = _SAY | _QUOTE_ONLY | _PARTICIPLES
_AUX = frozenset(
    "has have had was were is are be been would will could may might did does do also later then again "
    "earlier previously repeatedly recently once today yesterday publicly privately reportedly already "
    "further simply flatly quickly just still separately subsequently initially originally".split()
)
_WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())
_CALENDAR = _WEEKDAYS | frozenset(
    "January February March April May June July August September October November December".split()
)
_OBJECTS = frozenset(
    "me us him her them you reporters journalists crowd audience committee news conference parliament "
    "lawmakers legislators interviewer newspaper agency radio television senators congress supporters "
    "press briefing state media".split()
)
_TIME_NOUNS = frozenset("morning afternoon evening night week weekend month year".split())
_PRONOUNS = frozenset("he she they it we i".split())
_CONNECTIVES = frozenset(
    "but and however still yet so also meanwhile instead indeed now then thus later earlier separately "
    "nevertheless nonetheless moreover furthermore".split()
)
# Words a speaker phrase does not run across (scanning left from the cue or right from the quote).
_STOP = frozenset(
    "that which who whom whose when while as because if so than to into in on at from after before during "
    "with without by since under over about against among between through until unless although though "
    "where whether what why how not no nor or but is was are were be been being has have had do does did "
    "close familiar speaking quoted "
    "will would can could should may might must this these those there here it its".split()
) | _CONNECTIVES
_DETERMINERS = frozenset("the a an".split())
# Nouns that can head a speaker phrase without a name ("officials said", "a spokeswoman said").
_SPEAKER_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson spokesmen spokeswomen official officials source sources minister "
    "ministers president leader leaders police analyst analysts expert experts witness witnesses resident "
    "residents critic critics lawyer lawyers attorney prosecutor prosecutors judge secretary chairman chief "
    "executive director governor senator ambassador general commander envoy mayor adviser advisers advisor "
    "diplomat diplomats activist activists officer officers statement report study agency ministry "
    "government company group doctor doctors scientist scientists researchers investigators authorities "
    "military army people protesters protester campaigners engineers organisers organizers aide aides "
    "family friend friends neighbour neighbors spokespeople regulator regulators negotiator negotiators "
    "head founder manager economist economists observers insiders sources".split()
)
# Role words that a name follows ("US President Donald Trump", "press secretary Sarah Sanders").
_ROLES = frozenset(
    "president leader minister secretary spokesman spokeswoman spokesperson chairman chairwoman chief "
    "executive director governor senator ambassador general commander envoy mayor adviser advisor king "
    "queen prince premier chancellor pope judge prosecutor lawyer attorney founder head captain coach "
    "manager editor correspondent negotiator representative".split()
)
# Words before a name that are not part of it ("President", "Mr", "Dr", "Sen.").
_TITLES = frozenset(
    "mr mrs ms miss mx dr prof professor sir lord lady dame rev reverend father sister brother sheikh "
    "president vice prime minister secretary sen senator rep representative gov governor gen general lt "
    "col colonel maj major capt captain adm admiral cmdr commander sgt chancellor king queen prince "
    "princess pope judge justice chairman chairwoman chief executive leader foreign defence defense "
    "interior health finance home state press deputy former acting ambassador mayor premier "
    "spokesman spokeswoman director envoy emir ayatollah crown chair chairperson ceo commissioner speaker "
    "officer inspector sheriff superintendent".split()
)
# Nouns that "the company", "the firm" use to point back at an organisation named before.
_ORG_HEADS = frozenset(
    "company firm group bank agency ministry newspaper organisation organization operator government institute "
    "department council commission office administration authority committee association embassy".split()
)
_ORG_WORDS = frozenset(
    "house agency ministry department guard service council party committee organisation organization "
    "bank reuters cnn bbc kcna association union corp inc ltd plc group commission office police army "
    "administration government court congress senate parliament university centers centre center "
    "institute news times post journal network company federation foundation board authority "
    "council fund forces force navy military coalition campaign network television tv radio "
    "press unit command embassy cabinet programme program research media institution watch republic kingdom "
    "organisation organization institute".split()
)

# ---------------------------------------------------------------------------------------------- regexes

_MARK = re.compile(r"``|''|[\"“”„«»‹›‘’`']")
_DOUBLE_OPEN = frozenset(("``", "“", "„", "«"))
_DOUBLE_CLOSE = frozenset(("''", "”", "»"))
_SINGLE_OPEN = frozenset(("‘", "`", "‹"))
_SINGLE_CLOSE = frozenset(("’", "›"))
_NEWLINE = re.compile(r"\n")
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")
# PTB's bracket tokens and the abbreviations of titles are one token each ("-LRB-", "Adm.", "Sen."), so
# that a speaker phrase neither runs into a bracket nor stops at a title's full stop.
# The lookahead first: `re` then skips white space at C speed instead of trying every alternative there
# (a quarter of tokenising).
_TOKEN = re.compile(
    r"(?=\S)(?:-[LR][RSC]B-|(?:[A-Za-z]\.){2,}|(?:Mr|Mrs|Ms|Dr|Adm|Gen|Sen|Rep|Gov|Lt|Col|Sgt|Capt|Maj|Cmdr|Prof|Rev|St|Jr|Sr)\."
    r"|\w[\w'’.-]*\w|\w|``|''|['’]s\b|\S)"
)
# The character class first: `re` then scans for it fast (an alternation at the top would be tried at
# every character).
# A title's full stop ("Adm. Thad Allen", "Mr. Obama") ends no sentence, nor do initials' ("the U.S. Travel
# Association"; PTB text puts a sentence's own full stop after them, "the U.S. .").
_SENTENCE_END = re.compile(
    r"[.!?\n](?<!\b(?:Mr|Dr|Ms|St|Jr|Sr|Lt)\.)(?<!\b(?:Mrs|Adm|Gen|Sen|Rep|Gov|Col|Sgt|Maj|Rev)\.)"
    r"(?<!\b(?:Capt|Cmdr|Prof)\.)(?<![A-Z]\.[A-Z]\.)(?:(?<=\n)|(?:''|[\"'”’»)])*(?=\s))"
)


def _trie(words: list[str]) -> str:
    """A regular expression that matches any of `words`, as a trie: `re` tries alternatives one by one,
    so a flat alternation of 150 words costs 150 tries at every word of an article."""
    tree: dict = {}
    for w in words:
        node = tree
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def walk(node: dict) -> str:
        ends = "" in node
        parts = [re.escape(c) + walk(child) for c, child in sorted(node.items()) if c]
        if not parts:
            return ""
        body = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return "(?:" + body + ")?" if ends else body

    return walk(tree)


_CUE_HINT = re.compile(r"\b(?:" + _trie(sorted(_SAY | _PARTICIPLES | {"according to"})) + r")\b")
_FAST_WORDS = frozenset("said says say saying told tell tells telling added adds adding".split())
_RARE_CUES = _SAY - _FAST_WORDS
_RARE_PAST = frozenset(w for w in _RARE_CUES if w.endswith("ed"))
_ED = re.compile(r"ed\b")
_THAT = re.compile(r"that\b")
_LINE_OPENS_WITH_CUE = re.compile(r"[ \t]*(?:said|says|added|told)\b")
_WORD = re.compile(r"[A-Za-z]+")
# Each with the number of its word's characters left out before the match: a pattern that starts with a
# literal is scanned for at C speed, one that starts with a class ("[Aa]ccording") ten times slower.
_FAST_CUES = (
    (re.compile(r"sa(?:id|ys|ying|y)\b"), 0),
    (re.compile(r"told\b"), 0),
    (re.compile(r"tell(?:s|ing)?\b"), 0),
    (re.compile(r"add(?:ed|s|ing)\b"), 0),
    (re.compile(r"ccording to\b(?<=[Aa]ccording to)"), 1),
)
# Speech verbs in any case, looked for in a lower-cased copy of a window (`_lowered`): a case-sensitive
# pattern is scanned for about three times faster than the same one with IGNORECASE.
_QUOTE_CUE = re.compile(r"\b(?:" + _trie(sorted(_CUES | {"according to"})) + r")\b")
# A capitalised word, an initial or initials ("U.S."). The character class comes first so that `re` scans
# for it fast: a group of alternatives at the top is tried at every character.
_NAME_PART = r"[A-Z](?:[\w’'-]*\w|\.(?:[A-Z]\.)*)"
_NAME = re.compile(
    _NAME_PART + r"(?:[ \t]+(?:(?:al|el|bin|ibn|van|von|de|da|del|di|du|der|den|la|le|dos|das)[ \t]+|al-|el-)?"
    + _NAME_PART + ")*"
)
_NAME_WORD = r"(?<![\w’'-])(?:[A-Z][\w’'-]*\w|[A-Z]\.|(?:al|bin|de|van|von|el)(?=[ \t-]))"
_PARTICLES = frozenset("al bin de van von el".split())
_NAME_BEFORE = re.compile(rf"(?:{_NAME_WORD}[ \t]+){{1,3}}$")
_NAME_AFTER = re.compile(rf"(?:[ \t]+{_NAME_WORD}){{0,3}}")
_POSSESSIVE = re.compile(r"['’]s\b")
_NEXT_WORDS = re.compile(r"[ \t]+([a-z]+)(?:[ \t]+([a-z]+))?")
_QUANTIFIERS = frozenset("most many some all few several both other more those these".split())
# Quantifiers that start a speaker phrase as a determiner does ("a strategy some critics have described as");
# not "most", which is as often a superlative ("the most senior diplomats").
_PHRASE_QUANTIFIERS = frozenset("some many several".split())
_NEXT_WORD = re.compile(r"[\w’'.-]*[ \t]+([a-z]+)")
_NOT_WORD = re.compile(r"[^\w]+|_")
_PTB = re.compile(r"``| n't | 's ")


# ---------------------------------------------------------------------------------------------- public


def extract_quotes(text: str) -> list[Quote]:
    """The direct and indirect quotations of an article's `text`, in text order.

    Offsets are into `text`. Never raises on odd input (unbalanced marks, a quote that never closes,
    megabytes of quotation marks); the work is linear in the length of the text.
    """
    if not text:
        return []
    doc = _Doc(text)
    directs = doc.direct_quotes()
    indirects = doc.indirect_quotes(directs)
    quotes = directs + indirects
    quotes.sort(key=lambda q: q.start)
    doc.carry_on(quotes)
    doc.resolve(quotes)
    return [q.to_quote(text) for q in quotes if q.keep]


@lru_cache(maxsize=8192)
def speaker_key(name: str) -> str:
    """The normalised form under which one speaker is one speaker across articles and outlets.

    The rule: accents removed and lower case; hyphens, full stops and apostrophes become spaces
    ("Kim Jong-un" = "Kim Jong Un", "U.S." = "u s"); a trailing possessive "s" goes; leading
    determiners and titles are dropped ("the", "Mr", "President", "Dr": "Mr Kim" -> "kim"); runs of
    spaces become one. Within one article a short name is first resolved to the fullest name the article
    gives ("Mr Kim" -> "Kim Jong Un"), so the key of a resolved speaker is the full name's key. Spelling
    variants of transliterated names (Gaddafi / Qaddafi) are not merged.
    """
    if name.isascii():  # most names: no accents to remove, and the character-by-character pass is slow
        folded = name.lower()
    else:
        folded = unicodedata.normalize("NFKD", name)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    words = _NOT_WORD.sub(" ", _POSSESSIVE.sub("", folded)).split()
    while len(words) > 1 and (words[0] in _DETERMINERS or words[0] in _TITLES):
        words.pop(0)
    return " ".join(words)


def speaker_matches(query: str, speaker: str) -> bool:
    """Whether a user's `query` ("Kim", "Kim Jong-un") names `speaker`: the query's key is the
    speaker's key or a run of whole words inside it."""
    q, s = speaker_key(query), speaker_key(speaker)
    return bool(q) and (q == s or f" {q} " in f" {s} ")


# ---------------------------------------------------------------------------------------------- internals


@dataclass
class _Found:
    """A quote while the article is being read; `to_quote` freezes it."""

    start: int
    end: int
    kind: str
    speaker: str | None = None
    cue: str | None = None
    speaker_pos: int = -1
    resolved: str | None = None
    keep: bool = True
    opens_line: bool = False
    open_at: int = 0
    close_at: int = 0
    attribution_end: int = 0

    def to_quote(self, text: str) -> Quote:
        return Quote(text[self.start : self.end], self.start, self.end, self.kind, self.speaker, self.resolved, self.cue)  # type: ignore[arg-type]


class _Token(NamedTuple):
    text: str
    start: int
    end: int


class _Doc:
    def __init__(self, text: str) -> None:
        self.text = text
        self.ptb = bool(_PTB.search(text[:20000]))
        self._fullest_cache: dict[str, str] = {}
        self._written_lower: dict[str, bool] = {}  # words the text also writes in lower case
        self._ends: tuple[list[int], list[int]] | None = None
        self.used_cues: set[int] = set()  # cues that attribute a direct quote before them
        self.newlines = [m.start() for m in _NEWLINE.finditer(text)]

    # ---- paragraphs and sentences

    def paragraphs(self) -> Iterator[tuple[int, int]]:
        start = 0
        for m in _PARAGRAPH.finditer(self.text):
            yield start, m.start()
            start = m.end()
        yield start, len(self.text)

    # Sentence bounds: the ends are found by one scan of the text, on first need, and looked up by
    # bisection. The look-ups give what a scan of the window alone would give: a sentence end counts
    # only inside the window, and a full stop only with the character after it inside the window too.
    def _sentence_ends(self) -> tuple[list[int], list[int]]:
        """(starts, ends) of the sentence ends; an end is a line break when its text is "\n". Built from
        one list of spans: a list per attribute of the matches cost as much as the scan."""
        if self._ends is None:
            spans = [m.span() for m in _SENTENCE_END.finditer(self.text)]
            self._ends = ([a for a, _ in spans], [b for _, b in spans])
        return self._ends

    def sentence_start(self, pos: int) -> int:
        """Where the sentence that `pos` is in starts (at most `_LEFT` characters back)."""
        starts, ends = self._sentence_ends()
        i = bisect_right(ends, pos) - 1
        if i >= 0 and ends[i] == pos and self.text[starts[i]] != "\n":
            i -= 1
        window = max(0, pos - _LEFT)
        return ends[i] if i >= 0 and starts[i] >= window else window

    def sentence_end(self, pos: int) -> int:
        """Where the sentence that `pos` is in ends (at most `_RIGHT` characters on)."""
        starts, ends = self._sentence_ends()
        limit = pos + _RIGHT
        j = bisect_left(starts, pos)
        if j < len(starts) and (ends[j] < limit or ends[j] == limit and self.text[starts[j]] == "\n"):
            return ends[j]
        return min(len(self.text), limit)

    # ---- direct quotes

    def direct_quotes(self) -> list[_Found]:
        found: list[_Found] = []
        for start, end in self.paragraphs():
            found.extend(self._pair(start, end))
        for i, q in enumerate(found):
            self._attribute_direct(q)
        self._fallbacks(found)
        for q in found:
            words = self.text[q.start : q.end].split()
            if q.speaker is None and len(words) < MIN_UNATTRIBUTED_WORDS or self._quoted_name(q, words):
                q.keep = False
        return found

    def _quoted_name(self, q: _Found, words: list[str]) -> bool:
        """Whether a short quote inside a sentence is a name or a title in quotation marks (`used the
        old name "British Petroleum"`, `names like "Square Handkerchief"`) rather than someone's words:
        every word of it capitalised. At a sentence start (`"Yes," he said`) capitals prove nothing."""
        named = [w for w in words if w[0].isalnum()]
        if not 1 <= len(named) <= 4 or not all(w[0].isupper() for w in named):
            return False
        before = self.text[max(0, q.open_at - 3) : q.open_at].rstrip(" \t`'\"“‘«")
        return bool(before) and before[-1] not in ".!?:\n"

    def _pair(self, pstart: int, pend: int) -> Iterator[_Found]:
        """Quotes of one paragraph, from its marks, in one pass."""
        text = self.text
        outer: tuple[int, int, str] | None = None  # (position after the opening mark, its position, family)
        inner: str | None = None
        for m in _MARK.finditer(text, pstart, pend):
            mark, pos = m[0], m.start()
            if outer is not None:
                line_end = self._next_break(outer[0], pos)
                if line_end is not None and (outer[2] == "s" or self._breaks(outer[0], pos) > MAX_LINES):
                    if outer[2] == "d":
                        yield self._span(outer, line_end, None)
                    outer, inner = None, None
            role = self._mark_role(mark, pos, pend)
            if role is None:
                continue
            kind, family = role
            if outer is None:
                if kind == "open":
                    outer = (m.end(), pos, family)
                continue
            if kind == "open" and family == outer[2]:
                # A second opening mark while one is open: the continuation convention across a line
                # break, else the first mark was unbalanced.
                line_end = self._last_break(outer[0], pos)
                if line_end is not None and family == "d":
                    yield self._span(outer, line_end, None)
                outer, inner = (m.end(), pos, family), None
            elif kind == "open":
                inner = family
            elif family == inner:
                inner = None
            elif family == outer[2]:
                yield self._span(outer, pos, m.end())
                outer, inner = None, None
        if outer is not None and outer[2] == "d":
            too_long = self._breaks(outer[0], pend) > MAX_LINES
            yield self._span(outer, (self._next_break(outer[0], pend) or pend) if too_long else pend, None)

    # Line breaks are looked up in a sorted list, never searched for in the text: a search from an
    # opening mark to the next mark would make a megabyte-long line of marks quadratic.
    def _next_break(self, start: int, end: int) -> int | None:
        i = bisect_right(self.newlines, start - 1)
        return self.newlines[i] if i < len(self.newlines) and self.newlines[i] < end else None

    def _last_break(self, start: int, end: int) -> int | None:
        i = bisect_right(self.newlines, end - 1) - 1
        return self.newlines[i] if i >= 0 and self.newlines[i] >= start else None

    def _breaks(self, start: int, end: int) -> int:
        return bisect_right(self.newlines, end - 1) - bisect_right(self.newlines, start - 1)

    def _mark_role(self, mark: str, pos: int, pend: int) -> tuple[str, str] | None:
        """("open"|"close", "d"|"s") for a quotation mark at `pos`, None for an apostrophe or a stray."""
        text = self.text
        before = text[pos - 1] if pos > 0 else " "
        after = text[pos + len(mark)] if pos + len(mark) < pend else " "
        if mark in _DOUBLE_OPEN:
            return ("open", "d")
        if mark in _DOUBLE_CLOSE:
            return ("close", "d")
        if mark == '"':
            if before.isspace() or before in "([{—–-/":
                return None if after.isspace() else ("open", "d")
            return ("close", "d")
        if mark in _SINGLE_OPEN:
            if mark == "‘" and (before.isalnum() or after.isdigit()):
                return None
            return ("open", "s")
        if mark in _SINGLE_CLOSE:
            if after.isalnum() or (mark == "’" and before.isspace() and not self.ptb):
                return None
            return ("close", "s")
        # a straight single quote
        if before.isalnum() and after.isalnum():
            return None
        if self.ptb:
            return ("close", "s") if before.isspace() and (after.isspace() or after in ".,;:") else None
        if (before.isspace() or before in "([{—–-") and after.isalpha():
            return ("open", "s")
        if not before.isspace() and not after.isalnum():
            return ("close", "s")
        return None

    def _span(self, outer: tuple[int, int, str], end: int, close_end: int | None) -> _Found:
        text = self.text
        start = outer[0]
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and (text[stop - 1].isspace() or text[stop - 1] == ","):
            stop -= 1
        lead = outer[1]
        while lead > 0 and outer[1] - lead < 8 and text[lead - 1] in " \t-—–•*":
            lead -= 1
        opens_line = lead == 0 or text[lead - 1] == "\n"
        return _Found(start, stop, "direct", opens_line=opens_line, open_at=outer[1], close_at=close_end or end)

    def _attribute_direct(self, q: _Found) -> None:
        text = self.text
        if q.end <= q.start:
            q.keep = False
            return
        # After the quote, in its sentence: `"...," he said` / `"...," said Mr Smith`.
        right_end = min(self.sentence_end(q.close_at), q.close_at + 160)
        nxt = text.find("\n", q.close_at, right_end)
        if nxt >= 0:
            # an attribution may open the next line ("''\nsaid William Quandt"), nothing else may
            on_next_line = _LINE_OPENS_WITH_CUE.match(text, nxt + 1)
            right_end = min(self.sentence_end(nxt + 1), q.close_at + 160) if on_next_line else nxt
        # No speech verb after the quote, no attribution there: the window is not worth tokenising.
        if _QUOTE_CUE.search(_lowered(text, q.close_at, right_end)):
            right = self._cut_at_quote(self._tokens(q.close_at, right_end))
            if self._after(q, right):
                q.attribution_end = right[-1].end if right else q.close_at
                return
        # Before it, in its sentence: `Kim said: "..."`, `saying he was in "no rush"`.
        left_start = max(self.sentence_start(q.open_at), (self._last_break(0, q.open_at) or -1) + 1)
        cue = None
        for cue in _QUOTE_CUE.finditer(_lowered(text, left_start, q.open_at)):
            pass
        if cue is not None:
            cue_start, cue_end = left_start + cue.start(), left_start + cue.end()
            self._before(q, self._tokens(max(left_start, cue_start - 80), min(q.open_at, cue_end + 80)), cue_start)

    @staticmethod
    def _cut_at_quote(tokens: list[_Token]) -> list[_Token]:
        for i, t in enumerate(tokens):
            if t.text in _DOUBLE_OPEN or t.text == '"' or t.text in _DOUBLE_CLOSE:
                return tokens[:i]
        return tokens

    def _after(self, q: _Found, toks: list[_Token]) -> bool:
        i = 0
        while i < len(toks) and toks[i].text in {",", "--", "—", "–", "-", "’", "'", "''", "”"}:
            i += 1
        if i >= len(toks):
            return False
        if toks[i].text.lower() in _CUES:
            np_ = self._forward_np(toks, i + 1)
            np_ = self._appositive_name(toks, i + 1 + len(np_), np_) if np_ else np_
            if np_ and self._valid_speaker(np_):
                q.speaker, q.speaker_pos, q.cue = self._phrase(np_), np_[0].start, toks[i].text.lower()
                self.used_cues.add(toks[i].start)
                return True
            return False
        np_ = self._forward_np(toks, i)
        if not np_:
            return False
        j = i + len(np_)
        if j < len(toks) and toks[j].text == "," and np_[-1].text[:1].isupper():
            # an apposition: `"...," Anas Abdah, the chairman of the movement, told Reuters`
            k = next((k for k in range(j + 1, min(len(toks), j + 18)) if toks[k].text == ","), None)
            if k is not None:
                j = k + 1
        j = self._skip_aux(toks, j)
        if j < len(toks) and toks[j].text.lower() in _CUES and self._valid_speaker(np_):
            q.speaker, q.speaker_pos, q.cue = self._phrase(np_), np_[0].start, toks[j].text.lower()
            self.used_cues.add(toks[j].start)
            return True
        return False

    @staticmethod
    def _appositive_name(toks: list[_Token], j: int, np_: list[_Token]) -> list[_Token]:
        """The name after an unnamed speaker that ends the sentence: `"...," said a spokeswoman, Sheila
        Williams.` and `said Mr Wade's spokesman, Mamadou Bemba Ndiaye.` name the speaker there."""
        if not (np_[-1].text[:1].islower() and j < len(toks) and toks[j].text == ","):
            return np_
        k = j + 1
        while k < len(toks) and toks[k].text[:1].isupper() and _lower(toks[k].text) not in _STOP:
            k += 1
        ends = k == len(toks) or toks[k].text in {".", ",", "said", "says"}
        return toks[j + 1 : k] if ends and k - j - 1 >= 2 else np_

    def _before(self, q: _Found, toks: list[_Token], cue_at: int) -> None:
        i = next((i for i, t in enumerate(toks) if t.start == cue_at), None)
        if i is None:
            return
        word = toks[i].text.lower()
        if word == "according":
            np_ = self._forward_np(toks, i + 2)
            if np_ and self._valid_speaker(np_):
                q.speaker, q.speaker_pos, q.cue = self._phrase(np_), np_[0].start, "according to"
            return
        np_ = [] if word in _PARTICIPLES else self._backward_np(toks, i)
        if np_ and self._valid_speaker(np_):
            q.speaker, q.speaker_pos, q.cue = self._phrase(np_), np_[0].start, word
            return
        subject = self._subject(cue_at)
        if subject:
            q.speaker, q.speaker_pos, q.cue = self._phrase(subject), subject[0].start, word

    def _fallbacks(self, found: list[_Found]) -> None:
        """Speakers for quotes without a cue: the quote right after, else the quote just before."""
        text = self.text
        for i in range(len(found) - 1, -1, -1):
            q = found[i]
            if q.speaker is not None or i + 1 >= len(found):
                continue
            n = found[i + 1]
            if n.speaker is not None and not text[q.close_at : n.open_at].strip():
                q.speaker, q.speaker_pos, q.cue = n.speaker, n.speaker_pos, n.cue
        for i in range(1, len(found)):
            q, p = found[i], found[i - 1]
            if q.speaker is not None or p.speaker is None:
                continue
            gap = text[max(p.close_at, p.attribution_end) : q.open_at]
            quoted = text[q.start : q.end]
            if len(quoted.split()) < MIN_UNATTRIBUTED_WORDS and not (quoted[:1].isupper() and quoted.rstrip(" '\"”’").endswith((".", "!", "?"))):
                continue  # a short quote carries on the speech before only when it is a whole sentence
            if len(gap) <= 250 and (q.opens_line or not gap.strip() or gap.rstrip().endswith((".", "?", "!"))) and not _CUE_HINT.search(gap):
                q.speaker, q.speaker_pos, q.cue = p.speaker, p.speaker_pos, None

    # ---- indirect speech

    def indirect_quotes(self, directs: list[_Found]) -> list[_Found]:
        text = self.text
        spans = sorted((d.open_at, d.close_at) for d in directs)
        opens = [a for a, _ in spans]
        out: list[_Found] = []
        done = -1  # the end of the sentence that already gave its reported clause
        for word, start, end in self._cues():
            if start in self.used_cues or self._quoted(start, spans, opens):
                continue
            s_start, s_end = self.sentence_start(start), self.sentence_end(end)
            if word in _RARE_CUES and not self._may_report(start, end, s_start, s_end):
                continue
            if start < done:
                # A second cue in the sentence counts when it is coordinated with the first ("announced
                # that A and said B"): the first clause then ends before "and".
                last = out[-1]
                if last.end < last.speaker_pos < start:
                    # after a trailing attribution: "A, officials said, and scientists reported that B"
                    found = self._indirect(word, start, end, s_start, s_end, spans, opens)
                    if found is not None and found.start > start and _NEW_SUBJECT.search(
                        text, max(last.speaker_pos, found.speaker_pos - 8), found.speaker_pos
                    ):
                        out.append(found)
                    continue
                joint = _COORDINATION.search(text, max(last.start, start - 8), start)
                if not last.start < start < last.end:
                    continue
                if joint is None and not _CONJUNCTION.search(text, max(last.start, start - 80), start):
                    continue  # no "and"/"but" before the cue: no second clause, nothing to tokenise
                found = self._indirect(word, start, end, s_start, s_end, spans, opens)
                if found is not None and joint is None:
                    # "... and other officials warned that ...": a new subject after the conjunction
                    joint = _NEW_SUBJECT.search(text, max(last.start, found.speaker_pos - 8), found.speaker_pos)
                if found is not None and joint is not None and joint.start() > last.start:
                    last.end = last.close_at = joint.start()
                    out.append(found)
                continue
            found = self._indirect(word, start, end, s_start, s_end, spans, opens)
            if found is not None:
                out.append(found)
                done = s_end
        return out

    def _may_report(self, start: int, end: int, s_start: int, s_end: int) -> bool:
        """Whether a rarer speech verb at `start`-`end` can report a clause, looked at before any
        tokenising: a "that" or a finite verb soon after it, else a short tail after a comma (`..., X
        warned on Monday.`). Most of these verbs take a noun phrase ("denied the charges") and are
        dropped here."""
        words = self.text[end : min(s_end, end + 80)].split()
        if "that" in words[:9] or not _FINITE.isdisjoint(words[:9]):
            return True
        short = len(words) <= 6 or len(words) <= 14 and words[0].lower() in _TAIL_PREPOSITIONS
        return short and self.text.rfind(",", max(s_start, start - 100), start) >= 0

    def _cues(self) -> list[tuple[str, int, int]]:
        """The speech verbs of the text, in order. Searching for one alternation of all the verbs costs
        about 0.2 ms an article (`re` tries every alternative at every word); a few patterns that each
        start with a literal cost a tenth of that. The rarer verbs in the past tense are found from a
        scan for "ed" (a literal, fast); in other forms they count only before "that" ("warns that"),
        which is where they report a clause most often."""
        text = self.text
        found: list[tuple[str, int, int]] = []
        for pattern, lead in _FAST_CUES:
            for m in pattern.finditer(text):
                at = m.start() - lead
                if at == 0 or not text[at - 1].isalnum():
                    found.append((text[at : m.end()].lower(), at, m.end()))
        for m in _ED.finditer(text):
            end = m.end()
            at = text.rfind(" ", max(0, end - 16), end) + 1
            if text[at:end] in _RARE_PAST:
                found.append((text[at:end], at, end))
        for m in _THAT.finditer(text):
            # a verb before "that", past an object or a time ("warns reporters on Monday that")
            window = max(0, m.start() - 50)
            for w in reversed(_WORD.findall(text, window, m.start())[-5:]):
                if w in _RARE_CUES and w not in _RARE_PAST:
                    at = text.rfind(w, window, m.start())
                    found.append((w, at, at + len(w)))
                    break
        found.sort(key=lambda f: f[1])
        return found

    @staticmethod
    def _quoted(pos: int, spans: list[tuple[int, int]], opens: list[int]) -> bool:
        i = bisect_right(opens, pos) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]

    def _quoted_share(self, start: int, end: int, spans: list[tuple[int, int]], opens: list[int]) -> float:
        inside = 0
        for j in range(max(0, bisect_right(opens, start) - 1), len(spans)):
            a, b = spans[j]
            if a >= end:
                break
            inside += max(0, min(b, end) - max(a, start))
        return inside / max(1, end - start)

    def _indirect(
        self, word: str, cue_start: int, cue_end: int, s_start: int, s_end: int, spans: list[tuple[int, int]], opens: list[int]
    ) -> _Found | None:
        text = self.text
        left = self._tokens(max(s_start, cue_start - 100), cue_start)
        right = self._tokens(cue_end, min(s_end, cue_end + 60))
        stop = s_end
        while stop > max(s_start, s_end - 20) and (text[stop - 1].isspace() or text[stop - 1] in ".!?\"'”’»`"):
            stop -= 1
        if word == "according to":
            np_ = self._forward_np(right, 0)
            if not np_ or not self._valid_speaker(np_):
                return None
            if self._lead_end(s_start, cue_start) >= cue_start:  # According to X, ...
                k = len(np_)
                while k < len(right) and right[k].text in {",", ":"}:
                    k += 1
                start = right[k].start if k < len(right) else stop
                return self._reported(start, stop, np_, word, spans, opens)
            end = left[-1].start if left and left[-1].text == "," else cue_start
            return self._reported(self._lead_end(s_start, cue_start), end, np_, word, spans, opens)
        tail = [t for t in right if t.end <= stop]
        # the tail is only known to be short when the sentence ends inside the window looked at
        short_tail = stop <= cue_end + 60 and (len(tail) <= 6 or len(tail) <= 14 and tail[0].text.lower() in _TAIL_PREPOSITIONS)
        # `..., X said as officials announced ...` and `..., X said, adding ...`: what follows the cue is
        # not what was said, however long it runs
        # (and `..., X said Wednesday, and Y reported that ...`: a second clause of its own)
        short_tail = short_tail or bool(tail) and (
            tail[0].text.lower() in _NOT_REPORTED or tail[0].text == "," and len(tail) > 1 and tail[1].text.endswith("ing")
            or any(tail[i].text == "," and tail[i + 1].text.lower() in {"and", "but"} for i in range(min(len(tail) - 1, 3)))
        )
        if left and left[-1].text != "," and short_tail:
            # `..., X said (on Monday).`
            comma = self._comma_before_np(left, len(left))
            if comma is not None:
                np_ = [t for t in left[comma + 1 : self._skip_aux_back(left, len(left))] if t.text not in _CLOSERS]
                if np_ and self._valid_speaker(np_):
                    return self._reported(self._lead_end(s_start, cue_start), left[comma].start, np_, word, spans, opens)
        # `X said (that) ...`; a coordinated cue ("... and added that ...") has the sentence's subject.
        coordinated = bool(left) and left[-1].text.lower() in {"and", "but"}
        if word in _PARTICIPLES or coordinated:
            np_ = self._subject(cue_start) or []
        else:
            np_ = self._backward_np(left, len(left))
        named = bool(np_) and self._valid_speaker(np_) and (np_[0].text[:1].isupper() or len(np_) == 1)
        if not named and left and left[-1].text == "," and word in _INVERTED:
            # `..., said X.`
            inverted = self._forward_np(right, 0)
            rest = [t for t in right if t.start >= inverted[-1].end] if inverted else []
            # `..., said X.`: X ends the sentence, or an apposition follows it; "said the cap had held"
            # is a clause, not an inverted speaker
            ends_here = not rest and stop <= cue_end + 60 or bool(rest) and (
                rest[0].text in {",", ".", "--", "-", "("}
                or rest[0].text.lower() in _TAIL_PREPOSITIONS | {"to"} and stop <= cue_end + 60  # "said X to the BBC."
            )
            if inverted and ends_here and self._valid_speaker(inverted):
                return self._reported(self._lead_end(s_start, cue_start), left[-1].start, inverted, word, spans, opens)
        if not np_ or not self._valid_speaker(np_) or np_[0].text.lower() in {"i", "we"}:
            return None
        last = len(right)
        k = self._skip_object(right, 0, last) if word in _TAKES_OBJECT else 0
        k = self._skip_adverbials(right, k, last)
        has_that = k < last and right[k].text.lower() == "that"
        if has_that:
            k += 1
        elif word not in _SAY_BARE and not _clause_follows(right, k, last):
            return None
        while k < last and right[k].text in {",", ":"}:
            k += 1
        if k >= last or (not has_that and right[k].text.lower() in {"to", "of", "nothing", "so", "yes", "no"} | _NOT_REPORTED):
            return None
        return self._reported(right[k].start, stop, np_, word, spans, opens)

    def _lead_end(self, start: int, limit: int) -> int:
        """Where a sentence's content starts, after a wire dateline and connectives ("But", "However,")."""
        if (dateline := _DATELINE.search(self.text, start, limit)) is not None:
            start = dateline.end()
        for t in self._tokens(start, min(limit, start + 40)):
            if t.text.lower() not in _CONNECTIVES and t.text not in {",", "-", "--", "—"}:
                return t.start
        return limit

    def _comma_before_np(self, toks: list[_Token], i: int) -> int | None:
        j = self._skip_aux_back(toks, i)
        k = j - 1
        while k >= 0 and j - k <= 12 and toks[k].text != ",":
            if toks[k].text in {";", ":", "(", ")"} or toks[k].text.lower() in {"that", "which", "who"}:
                return None
            k -= 1
        return k if k >= 1 and toks[k].text == "," else None

    def _skip_aux_back(self, toks: list[_Token], i: int) -> int:
        j = i
        while j > 0 and (toks[j - 1].text.lower() in _AUX or toks[j - 1].text in _WEEKDAYS):
            if toks[j - 1].text in _WEEKDAYS and j >= 2 and toks[j - 2].text.lower() == "on":
                j -= 2
            else:
                j -= 1
        return j

    @staticmethod
    def _skip_object(toks: list[_Token], k: int, last: int) -> int:
        """Past the person told: "told reporters", "told the BBC", "told a news conference", "told him"."""
        j = k + 1 if k < last and toks[k].text.lower() in _DETERMINERS else k
        named = j
        while named < last and (toks[named].text[:1].isupper() or toks[named].text == "'s"):
            named += 1
        if named > j:
            return named
        while j < last and j - k < 4 and toks[j].text.lower() in _OBJECTS:
            j += 1
        return j if j > k and toks[j - 1].text.lower() in _OBJECTS else k

    @staticmethod
    def _skip_adverbials(toks: list[_Token], k: int, last: int) -> int:
        while k < last:
            w = toks[k].text
            lw = w.lower()
            if lw in {"this", "last", "next"} and k + 1 < last and toks[k + 1].text.lower() in _TIME_NOUNS:
                k += 2
            elif w in _WEEKDAYS or lw in {"yesterday", "today", "earlier", "later", "recently", "again", "also", "publicly", "privately"}:
                k += 1
            elif lw in {"on", "in", "at", "during", "late", "last"} and k + 1 < last:
                j = k + 1
                while j < last and j - k < 6 and toks[j].text not in {",", "that"} and toks[j].text.lower() != "that":
                    j += 1
                if j < last and toks[j].text.lower() == "that" and j - k < 6:
                    k = j
                    break
                if toks[k + 1].text in _WEEKDAYS:
                    k += 2
                else:
                    break
            elif lw == ",":
                k += 1
            else:
                break
        return k

    def _reported(
        self, start: int, end: int, np_: list[_Token], cue: str, spans: list[tuple[int, int]], opens: list[int]
    ) -> _Found | None:
        """A reported clause from `start` to `end`, unless it is too short or mostly a direct quote."""
        colon = _COLON.search(self.text, start, end)
        end = end if colon is None else colon.start()
        while end > start and self.text[end - 1] in " ,;-":
            end -= 1
        if len(self.text[start:end].split()) < 3 or self._quoted_share(start, end, spans, opens) > 0.8:
            return None
        return _Found(start, end, "indirect", self._phrase(np_), cue, np_[0].start, open_at=start, close_at=end)

    # ---- speaker phrases

    def _tokens(self, start: int, end: int) -> list[_Token]:
        """Tokens of a small window of the text: never the whole article, which would cost more than all
        the rest of the extraction."""
        new = tuple.__new__
        text = self.text
        if 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
            while start < end and text[start].isalnum():
                start += 1  # a window that starts inside a word leaves that word out, not its tail
        return [new(_Token, (m[0], *m.span())) for m in _TOKEN.finditer(text, start, end)]

    @staticmethod
    def _skip_aux(toks: list[_Token], j: int) -> int:
        while j < len(toks):
            if toks[j].text.lower() in _AUX:
                j += 1
            elif toks[j].text.lower() == "on" and j + 1 < len(toks) and toks[j + 1].text in _WEEKDAYS:
                j += 2
            else:
                break
        return j

    def _forward_np(self, toks: list[_Token], i: int, limit: int | None = None) -> list[_Token]:
        """A speaker phrase that starts at token `i`: determiner, modifiers, names, 'of' phrases."""
        limit = len(toks) if limit is None else limit
        if i < limit and toks[i].text.lower() in _PRONOUNS:
            return [toks[i]]
        out: list[_Token] = []
        j = i
        while j < limit and len(out) < 10:
            w = toks[j].text
            lw = w if len(w) > 1 and w.isupper() else w.lower()  # _lower, inlined: a hot loop
            if not (w[0].isalnum()) and w not in {"'s", "’s"}:
                break
            if lw in _CUES or lw in _AUX and out:
                break
            if lw in _STOP and not (lw in {"of", "for", "and"} and out and j + 1 < limit and toks[j + 1].text[:1].isupper()):
                if lw not in {"of", "for", "and"}:
                    break
                if not (out and j + 1 < limit and toks[j + 1].text[:1].isupper()):
                    break
            if lw in {"of", "for", "and"} and not (out and j + 1 < limit and (toks[j + 1].text[:1].isupper() or toks[j + 1].text.lower() == "the")):
                break
            if w.endswith("ed") and w.islower() and out and _ends_a_noun_phrase(out[-1].text):
                break  # a verb after the phrase: "The crowd stopped ... chanting", "The men entered ..."
            out.append(toks[j])
            j += 1
        while out and out[-1].text.lower() in {"of", "for", "and", "the", "a", "an"}:
            out.pop()
        return out

    def _backward_np(self, toks: list[_Token], cue: int) -> list[_Token]:
        """The speaker phrase ending before the cue at `cue` (auxiliaries and "on Monday" skipped); a name
        before an appositive ("Dr Alan Hay, director of the centre, told ...") is preferred to it."""
        j = self._skip_aux_back(toks, cue)
        if j > 1 and toks[j - 1].text == "who" and toks[j - 2].text == ",":
            j -= 1  # "Senator Jim Webb, who said ...": the speaker is who "who" is
            return self._np_back_from(toks, j - 1) if j >= 2 and toks[j - 2].text[:1].isupper() else []
        if j > 0 and toks[j - 1].text == ",":
            k = j - 2
            while k >= 0 and j - k <= 14 and toks[k].text not in {",", ";", ":"} and toks[k].text.lower() not in _CUES:
                k -= 1
            if k >= 1 and toks[k].text == ",":
                name = self._person_back_from(toks, k)
                between = toks[k + 1 : j - 1]
                # how many capitalised words end the apposition: a name of two words or more
                capitalised = next((i for i, t in enumerate(reversed(between)) if not t.text[:1].isupper()), len(between))
                role_first = not name or name[-1].text.lower() in _ROLES | _SPEAKER_NOUNS or not any(t.text[:1].isupper() for t in name)
                if role_first and capitalised >= 2 and len(between) <= 8:
                    # "The White House energy adviser, Carol Browner, said"; "The point man on the
                    # spill, retired Coast Guard Adm. Thad Allen, said"
                    return between
                if name and any(t.text[:1].isupper() for t in name):
                    return name
            return []
        return self._person_back_from(toks, j)

    def _person_back_from(self, toks: list[_Token], j: int) -> list[_Token]:
        """The phrase ending before token `j`, or the person before it when it is where they work:
        "political scientist Ntanda Nkere from the University of Kinshasa told" -> Ntanda Nkere."""
        np_ = self._np_back_from(toks, j)
        k = j - len(np_) - 1  # the phrase is the tokens just before j
        before = toks[k - 1].text if k >= 1 else ""
        if np_ and k >= 1 and toks[k].text in {"from", "at"} and (before[:1].isupper() or _speaker_noun(before)) and _org_headed(tuple(t.text for t in np_)):
            person = self._np_back_from(toks, k)
            if person and not _is_org(" ".join(t.text for t in person)):
                # someone unnamed stays with where they work, as "a spokesman for BP" does: "a
                # spokeswoman from the Foreign Office", "the oceanographers from the Woods Hole ..."
                named = any(t.text[:1].isupper() and t.text.lower() not in _DETERMINERS for t in person)
                return person if named else toks[k - len(person) : j]
        return np_

    def _np_back_from(self, toks: list[_Token], j: int) -> list[_Token]:
        if j > 0 and toks[j - 1].text.lower() in _PRONOUNS:
            return [toks[j - 1]]
        out: list[_Token] = []
        k = j - 1
        while k >= 0 and len(out) < 9:
            w = toks[k].text
            lw = w if len(w) > 1 and w.isupper() else w.lower()  # _lower, inlined: a hot loop
            if not w[0].isalnum() and w not in {"'s", "’s"}:
                break
            if lw in _CUES:
                break
            if lw in {"of", "for", "and"}:
                before = toks[k - 1].text if k > 0 else ""
                head = before.lower()
                if not (out and (out[0].text[:1].isupper() or out[0].text.lower() == "the" or head in _ORG_WORDS)):
                    break  # "the department of health" is one speaker; "the spill of oil" none
                if not (before[:1].isupper() or head in _ROLES or head in _SPEAKER_NOUNS or head in _ORG_WORDS):
                    break
            elif lw in _STOP:
                break
            out.insert(0, toks[k])
            k -= 1
            if lw in _DETERMINERS and not (k >= 0 and toks[k].text.lower() in {"of", "for"}) or lw in _PHRASE_QUANTIFIERS:
                break  # a phrase starts at its determiner: "Herbert/AP The US government", "a move some critics"
        while out and (out[0].text.lower() in {"of", "for", "and"} or out[0].text.lower() in _CONNECTIVES):
            out.pop(0)
        return out

    def _subject(self, pos: int) -> list[_Token]:
        """The subject of the sentence that `pos` is in: its first phrase after a leading connective or
        a fronted prepositional phrase ("From the outset of the trip, Trump had ...")."""
        start = max(self.sentence_start(pos), (self._last_break(0, pos) or -1) + 1)
        toks = self._tokens(start, min(pos, start + 120))
        k = 0
        while k < len(toks) and (toks[k].text.lower() in _CONNECTIVES or toks[k].text in {",", "``", "“", '"', "-", "--"}):
            k += 1
        if k < len(toks) and toks[k].text.lower() in _STOP - _CONNECTIVES - _PRONOUNS - {"this", "these", "those", "there", "it", "its"}:
            comma = next((j for j in range(k, min(len(toks), k + 16)) if toks[j].text == ","), None)
            if comma is None:
                return []
            k = comma + 1
        np_ = self._forward_np(toks, k)
        return np_ if np_ and self._valid_speaker(np_) else []

    def _valid_speaker(self, np_: list[_Token]) -> bool:
        words = [t.text for t in np_]
        first, last = words[0].lower(), words[-1].lower().removesuffix("'s").removesuffix("’s")
        if len(words) == 1 and first in _PRONOUNS:
            return True
        if len(words) == 1 and words[0] in _CALENDAR:
            return False  # "..., Allen said Friday": a day, not a speaker
        if any(w[:1].isupper() and w.lower() not in _DETERMINERS | _CONNECTIVES for w in words):
            return True
        if _speaker_noun(last):
            return True
        return first in _DETERMINERS and len(words) <= 6 and last not in _STOP

    def _phrase(self, np_: list[_Token]) -> str:
        return self.text[np_[0].start : np_[-1].end]

    def carry_on(self, quotes: list[_Found]) -> None:
        """A quotation that opens the line after an attributed quote, direct or reported, and has no
        speaker of its own carries on that speaker's words (`..., said Chris Reddy of Woods Hole.` then
        a line `"If you asked me ..."`): news runs one person's speech over several paragraphs."""
        text = self.text
        prev: _Found | None = None
        for q in quotes:
            if not q.keep:
                continue
            if q.kind == "direct" and q.speaker is None and q.opens_line and prev is not None and prev.speaker:
                gap = text[max(prev.end, prev.attribution_end) : q.open_at]
                if gap.count("\n") == 1 or gap.count("\n") == 2 and "\n\n" in gap:
                    q.speaker, q.speaker_pos, q.cue = prev.speaker, prev.speaker_pos, None
            prev = q

    # ---- resolution

    def resolve(self, quotes: list[_Found]) -> None:
        previous: list[tuple[int, str]] = []  # (position, resolved) of speakers so far
        for q in sorted((q for q in quotes if q.speaker is not None), key=lambda q: (q.speaker_pos, q.start)):
            q.resolved = self._resolve(q.speaker or "", q.speaker_pos, previous)
            if q.resolved is not None and q.speaker.lower() not in _PRONOUNS:
                previous.append((q.speaker_pos, q.resolved))
        for q in quotes:
            if q.speaker is not None and q.resolved is None and q.speaker.lower() not in _PRONOUNS:
                q.resolved = q.speaker

    def _resolve(self, speaker: str, pos: int, previous: list[tuple[int, str]]) -> str | None:
        words = speaker.split()
        lw = speaker.lower()
        if lw in {"he", "she"}:
            # The nearer of the last person who spoke and the last person named.
            spoke = next(
                (
                    (at, name)
                    for at, name in reversed(previous)
                    if not _is_org(name) and " and " not in name and (name[:1].isupper() or name.split()[-1].lower() in _SPEAKER_NOUNS)
                ),
                None,
            )
            named = self._nearest_person(pos, spoke[0] if spoke else 0)
            if named is not None and (spoke is None or named[0] > spoke[0]):
                return self._fullest(named[1])
            return spoke[1] if spoke else None
        if lw in {"they", "it"}:
            spoke = next(((at, name) for at, name in reversed(previous) if _is_org(name) or lw == "they" and _plural(name)), None)
            if lw == "they":
                # "The protesters also demanded change ... `...,' they chanted": the nearer of the last
                # plural speaker and the last plural subject
                named = self._nearest_plural(pos, spoke[0] if spoke else 0)
                if named is not None:
                    return named
            return spoke[1] if spoke else None
        if lw in {"i", "we"}:
            return None
        if any(w.lower() in {"for", "of", "from", "at"} and _speaker_noun(words[i - 1]) for i, w in enumerate(words[1:], 1)):
            return speaker  # "a spokesman for Transocean": someone unnamed, not Transocean itself
        first, joint, second = speaker.partition(" and ")
        if joint and first.split()[-1][:1].isupper() and first.lower() not in _PRONOUNS:
            # joint speakers, each resolved: "Quandt and other analysts" -> "William Quandt and other analysts"
            return (self._resolve(first, pos, previous) or first) + joint + (self._resolve(second, pos, previous) or second)
        if words[-1][:1].islower() and _POSSESSIVE.search(speaker):
            return speaker  # "Mr Wade's spokesman", "Vietnam's military newspaper": not Wade, not Vietnam
        name = _name_in(words) if words[-1][:1].isupper() or words[-1].startswith(("al-", "el-")) else None
        if name:
            acronym = len(name) == 1 and name[0].isupper() and name[0].isalpha()
            return self._spelt_out(name[0]) if acronym else self._fullest(name)
        if words[0].lower() == "the" and len(words) > 1 and not _POSSESSIVE.search(speaker):
            return self._definite(words[-1].lower(), pos, previous) or speaker
        return speaker

    def _definite(self, head: str, pos: int, previous: list[tuple[int, str]]) -> str | None:
        """Who "the <head>" is: an organisation that spoke before ("the company" -> "BP"), the speaker
        introduced before with the same noun ("a British official" ... "the official"), or the name the
        article puts after a role ("the president" -> "US President Donald Trump"). An organisation whose
        name ends in the noun comes first ("the institute" -> "State Serum Institute")."""
        if head in _ORG_HEADS:
            named = next((name for _, name in reversed(previous) if name.split()[-1].lower() == head and name[:1].isupper()), None)
            if named or (named := self._nearest_org(pos, head)):
                return named
            org = next((name for _, name in reversed(previous)
                        if _is_org(name) and name.split()[0][:1].isupper() and not _ROLES.intersection(name.lower().split()[:2])), None)
            if org or (org := self._nearest_org(pos)):
                return org
        same = next((name for _, name in reversed(previous) if name.split()[-1].lower() == head and name.split()[0].lower() in {"a", "an"}), None)
        if same:
            return same
        return self._role_name(head, pos) if head in _ROLES else None

    def _spelt_out(self, acronym: str) -> str:
        """The name an acronym stands for when the article spells it out ("The WHO" -> "World Health
        Organization"), else the acronym as its fullest name."""
        key = "\0" + acronym
        if key not in self._fullest_cache:
            # One pattern per acronym that starts with a literal, its first capital: `re` scans for that
            # at C speed (a word boundary before it would make `re` try the pattern at every character).
            pattern = r"[ \t]+(?:(?:of|for|and|on)[ \t]+)?".join(c + "[a-z]+" for c in acronym) + r"\b"
            text = self.text
            spelt = (m[0] for m in re.finditer(pattern, text) if m.start() == 0 or not text[m.start() - 1].isalnum())
            self._fullest_cache[key] = next(spelt, None) or self._fullest((acronym,))
        return self._fullest_cache[key]

    def _fullest(self, name: tuple[str, ...]) -> str:
        """The longest name (up to four words) in the article that contains `name` as whole words; the
        most frequent among equally long ones. One search of the text per distinct name."""
        key = " ".join(name)
        if key in self._fullest_cache:
            return self._fullest_cache[key]
        if len(self._fullest_cache) >= _MAX_LOOKUPS:
            return key
        text = self.text
        core = " ".join(name)
        counts: dict[tuple[str, ...], int] = {}
        org = _is_org(key)
        at = text.find(core)
        while at >= 0:
            hit, at = at, text.find(core, at + 1)
            end = hit + len(core)
            if not _whole_word(text, hit, end):
                continue
            # the word before, looked at first: the backward search is only worth it after a name word
            named_before = False
            if hit > 1 and text[hit - 1] in " \t":
                k = hit - 1
                while k > max(0, hit - 40) and not text[k - 1].isspace():
                    k -= 1
                prev_word = text[k : hit - 1]
                named_before = prev_word[:1].isupper() or prev_word in _PARTICLES
            before = _NAME_BEFORE.search(text, max(0, hit - 60), hit) if named_before else None
            after = _NAME_AFTER.match(text, end)
            if before is None and after.end() == end:
                continue  # the name alone: nothing longer here
            run = text[before.start() if before else hit : after.end()]
            if before is not None and len(run.split()) <= 4 and self._common_opener(before.start(), run):
                run = run.split(None, 1)[1]  # "Yesterday Barack Obama", "Even Dudley": not the name's
            for piece in _POSSESSIVE.split(run):
                words = _name_part(piece.split())
                if not words:
                    continue
                words = _strip_title(words)
                if len(words) > len(name) and len(words) <= 4 and _contains(words, name) and (len(name) > 1 or _is_org(" ".join(words)) == org):
                    counts[words] = counts.get(words, 0) + 1
        best = max(counts, key=lambda w: (len(w), counts[w]), default=name)
        self._fullest_cache[key] = " ".join(best)
        return self._fullest_cache[key]

    def _common_opener(self, at: int, run: str) -> bool:
        """Whether the first word of a run of capitalised words at `at` is a sentence's first word
        that the article also writes in lower case ("Yesterday", "Even", "Like"): capitalised
        there for the sentence, not for a name."""
        before = self.text[max(0, at - 3) : at].rstrip(" \t")
        if before and before[-1] not in ".!?\n:;`'\"“”":
            return False
        word = run.split(None, 1)[0].lower()
        if word not in self._written_lower:
            if len(self._written_lower) >= _MAX_LOOKUPS:
                return False
            self._written_lower[word] = _has_word(self.text, word)
        return self._written_lower[word]

    def _nearest_person(self, pos: int, after: int = 0) -> tuple[int, tuple[str, ...]] | None:
        """The last person named before `pos` (within 800 characters, and after `after`)."""
        start = max(after, pos - 800)
        found = [(m.start(), m[0]) for m in _NAME.finditer(self.text, start, pos)]
        for at, run in reversed(found):
            raw = run.split()
            if raw[0].lower() in _STOP and raw[0].lower() not in _CONNECTIVES:
                continue  # "In Grand Isle": not a subject
            cut = next((i for i, w in enumerate(raw) if w.lower() in _PRONOUNS), len(raw))
            words = _strip_title(tuple(_POSSESSIVE.split(" ".join(raw[:cut]))[-1].split())) if cut else ()
            if (
                words
                and raw[0].lower() not in _QUANTIFIERS
                and not (len(words) == 1 and words[0] in _CALENDAR)
                and (self._opens_sentence(at) or self._before_a_cue(at + len(run)))
                and not _is_org(" ".join(words))
                and not self._modifies_a_noun(at)
                and (len(words) >= 2 or len(self._fullest(words).split()) >= 2)
            ):
                return at, words
        return None

    def _nearest_plural(self, pos: int, after: int) -> str | None:
        """The subject of one of the three sentences before `pos` (after `after`) that is a plural
        common noun ("The protesters", "human rights groups"), the nearest first."""
        starts, ends = self._sentence_ends()
        i = bisect_right(ends, self.sentence_start(pos)) - 1
        for end in reversed(ends[max(0, i - 2) : i + 1]):
            if end <= after:
                break
            subject = self._subject(end - 1)
            if subject and subject[0].start > after and subject[-1].text.lower() not in _PRONOUNS:
                name = self._phrase(subject)
                if subject[-1].text[:1].islower() and _plural(name):
                    return name
        return None

    def _nearest_org(self, pos: int, head: str | None = None) -> str | None:
        """The last organisation named in the 1,500 characters before `pos` ("BP", "Transocean Ltd"),
        or the last one whose name ends in `head`."""
        found = [m[0] for m in _NAME.finditer(self.text, max(0, pos - 1500), pos)]
        for run in reversed(found):
            words = _strip_title(tuple(_POSSESSIVE.split(run)[-1].split()))
            if head is not None and not (words and words[-1].lower() == head):
                continue
            if words and _is_org(" ".join(words)) and words[0] not in _CALENDAR:
                return " ".join(words)
        return None

    def _opens_sentence(self, at: int) -> bool:
        """Whether the name at `at` is its sentence's subject, give or take a leading word ("But Kim",
        "Today Kim"): the person a later "he" most often refers to. A name elsewhere (inside a quote,
        an object) is a poor antecedent."""
        words = self.text[self.sentence_start(at) : at].split()
        return len(words) <= 1 and all(w.lower() in _CONNECTIVES or w[:1].isupper() and w.lower() not in _STOP for w in words)

    def _before_a_cue(self, end: int) -> bool:
        """Whether the name that ends at `end` is the subject of a speech verb ("... but spokesman
        Tareq Shami denied that"): a likely antecedent even in the middle of a sentence."""
        m = _NEXT_WORDS.match(self.text, end)
        return m is not None and (m[1] in _CUES or m[1] in _AUX and m[2] in _CUES)

    def _modifies_a_noun(self, at: int) -> bool:
        """Whether the name at `at` is an adjective before a noun: "the North Korean leader"."""
        end = _NAME.match(self.text, at)
        m = _NEXT_WORD.match(self.text, end.end()) if end else None
        return m is not None and (m[1] in _ROLES or m[1] in _SPEAKER_NOUNS)

    def _role_name(self, role: str, pos: int) -> str | None:
        best = None
        for m in _role_pattern(role).finditer(self.text):
            if not m[1][:1].isupper():
                continue
            words = _strip_title(tuple(m[1].split()))
            if not words or _is_org(" ".join(words)):
                continue
            if best is None or m.start() < pos:
                best = words
            if m.start() >= pos:
                break
        return self._fullest(best) if best else None


# A finite verb that shows a clause follows a speech verb without "that" ("warned the talks would fail"),
# where a noun phrase object ("denied the charges") or an infinitive ("promised to act") has none.
_FINITE = frozenset("would will had has have was were is are could can may might must should shall did does do wo ca".split())
_CLAUSE_STOPS = frozenset(", ; : ( . which who whom that to of for about with".split())


@lru_cache(maxsize=None)
def _role_pattern(role: str) -> re.Pattern[str]:
    """A role word and the name after it ("president Donald Trump"); compiled once per role, not once
    per article (compiling was most of `_role_name`'s cost)."""
    return re.compile(r"\b(?i:" + re.escape(role) + r")[ \t]+(" + _NAME.pattern + ")")


def _clause_follows(toks: list[_Token], k: int, last: int) -> bool:
    if k + 1 < last and toks[k].text.lower() == "at" and toks[k + 1].text.lower() == "least":
        k += 2  # "estimated at least 400 people had died"
    for j in range(k, min(last, k + 8)):
        lw = toks[j].text.lower()
        if lw in _FINITE:
            return j > k
        if lw in _CLAUSE_STOPS:
            return False
    return False


_LEADING = _STOP | _DETERMINERS | _CONNECTIVES


def _lowered(text: str, start: int, end: int) -> str:
    """`text[start:end]` in lower case, character for character (offsets kept: the rare character whose
    lower case is longer, such as "İ", stays as it is)."""
    window = text[start:end]
    lowered = window.lower()
    return lowered if len(lowered) == len(window) else "".join(c if len(c.lower()) > 1 else c.lower() for c in window)


def _lower(word: str) -> str:
    """A word in lower case for the word lists, except an acronym: "WHO" and "IT" are names, not "who"
    and "it"."""
    return word if len(word) > 1 and word.isupper() else word.lower()


def _name_part(words: list[str]) -> tuple[str, ...]:
    """The name a run of capitalised words may hold (empty: none): none when a function word or "Says" follows its first
    word (a Title Case headline or a shouted comment: "Obama Says Economic Crisis", "McCain Said The Best",
    "Dick Cheney DOES NOT"), and what follows a photo credit ("Getty Images Bob Dudley"). Runs are
    dropped rather than cut: cut, a long headline would offer fragments short enough to pass for names."""
    credit = max((i for i, word in enumerate(words) if word.lower() in _CREDITS), default=-1)
    words = words[credit + 1:]
    return () if any(word.lower() in _NOT_IN_NAMES for word in words[1:]) else tuple(words)


_CREDITS = frozenset("getty images photo photograph".split())
# Words no name holds after its first ("Said" is also a name: Khaled Said, Edward Said; "States" and
# "Claims" are speech verbs but also the words of names).
_NOT_IN_NAMES = frozenset(
    "the his her its their our if though although when while as and but or is are was were has have had "
    "does do did not would could should says".split()
)


@lru_cache(maxsize=16384)
def _strip_title(words: tuple[str, ...]) -> tuple[str, ...]:
    """`words` without the titles before a person's name ("Defence Secretary Robert Gates" -> "Robert
    Gates") and without leading determiners. An organisation's name keeps its words: "Health" in "World
    Health Organisation" and "State" in "US State Department" are not titles there. Cached: the same
    runs of names come back for every occurrence of a name in an article."""
    if words and _org_headed(words):
        rest = words
        while rest and rest[0].lower() in _DETERMINERS:
            rest = rest[1:]
        return rest
    last_title = -1
    for i, w in enumerate(words):
        if w.lower().rstrip(".").rpartition("-")[2] in _TITLES:  # also "Brigadier-General", "Secretary-General"
            last_title = i
    rest = words[last_title + 1 :]
    while rest and _lower(rest[0]) in _LEADING:
        rest = rest[1:]
    return rest


def _name_in(words: list[str]) -> tuple[str, ...] | None:
    """The last run of capitalised words in a speaker phrase, without titles."""
    runs: list[list[str]] = []
    current: list[str] = []
    for word in words:
        w = word.removesuffix("'s").removesuffix("’s")
        if w != word or word in {"'s", "’s"}:  # a possessor is not the speaker: "North Korea's KCNA"
            runs.append(current + [w]) if w != word else runs.append(current)
            current = []
        elif w[:1].isupper() or (current and (w.lower() in {"of", "for", "al-", "bin", "de", "van", "von"} or w.startswith(("al-", "el-")))):
            current.append(w)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    for run in reversed(runs):
        while run and run[-1].lower() in {"of", "for"}:
            run.pop()
        stripped = _strip_title(tuple(run))
        # "Bill Lehr of NOAA": a person's name, then where they work
        cut = next((i for i, w in enumerate(stripped) if w in {"of", "for"}), 0)
        if cut >= 2 and not _is_org(" ".join(stripped[:cut])):
            stripped = stripped[:cut]
        if stripped:
            return tuple(stripped)
    return None


def _has_word(text: str, word: str) -> bool:
    """Whether `word` occurs in `text` as a whole word, found by `str.find` (a pattern compiled for each
    word cost more than all the rest of extraction)."""
    at = text.find(word)
    while at >= 0:
        end = at + len(word)
        if _whole_word(text, at, end):
            return True
        at = text.find(word, end)
    return False


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` stands as whole words: no letter, digit, "_" or "-" touches either end."""
    return not (start and (text[start - 1].isalnum() or text[start - 1] in "_-")) and not (
        end < len(text) and (text[end].isalnum() or text[end] in "_-"))


def _contains(cand: tuple[str, ...], name: tuple[str, ...]) -> bool:
    n = len(name)
    return any(cand[i : i + n] == name for i in range(len(cand) - n + 1))


# Endings of plural nouns of agents ("oceanographers", "scientists", "physicians", "participants",
# "investors"; not "-ents", as often "cents" or "events"): such a noun heads a speaker phrase that
# `_SPEAKER_NOUNS` does not list.
_AGENT_PLURALS = ("ers", "ists", "ians", "ants", "ors")


def _ends_a_noun_phrase(word: str) -> bool:
    """Whether a word after which a lower-case "-ed" word is a verb, not an adjective: a noun or a
    name ("The crowd stopped", "Jackson fans huddled"), not a determiner, an adverb or a possessive
    ("the embattled", "newly elected", "the coast 's battered")."""
    lw = word.lower()
    return lw not in _DETERMINERS and lw not in _QUANTIFIERS and not lw.endswith("ly") and word not in {"'s", "’s"}


def _speaker_noun(word: str) -> bool:
    """Whether `word` can head a speaker phrase without a name ("officials", "a spokeswoman",
    "oceanographers"); by its ending only in lower case ("Centers" and "Chambers" are names' words)."""
    lw = word.lower()
    return lw in _SPEAKER_NOUNS or lw.endswith("s") and (lw[:-1] in _SPEAKER_NOUNS or word.islower() and lw.endswith(_AGENT_PLURALS))


def _plural(name: str) -> bool:
    """Whether a speaker phrase names many ("officials", "Rebels", "human rights groups")."""
    head = name.split()[-1]
    return (head.islower() or head[:1].isupper() and head[1:].islower()) and head.endswith("s") and not head.endswith("ss")


def _org_headed(words: Sequence[str]) -> bool:
    """Whether a name's head (its last word, or the word before "of": "Ministry of Health") is an
    organisation's."""
    cut = next((i for i, w in enumerate(words) if w in {"of", "for"}), len(words))
    return cut > 0 and words[cut - 1].lower().rstrip(".") in _ORG_WORDS


def _is_org(name: str) -> bool:
    words = name.replace(".", " ").split()
    return any(w.lower() in _ORG_WORDS for w in words) or (len(words) == 1 and words[0].isupper() and len(words[0]) > 1)
