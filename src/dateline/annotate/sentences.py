"""Sentence splitting tuned for news text, with regular expressions and word lists only.

Ingest has to keep up with hundreds of articles a second including time tagging and the store, so the
splitter must cost far less than a statistical one (pysbd manages about 400 articles/s; see
../shared/research/deps.md §A). News is a narrow genre: the places where a full stop does not end a
sentence are a known list (titles before names, month and number abbreviations before digits, company
suffixes, initialisms, a.m./p.m.), and the word after a stop says most of the rest. The rules:

- A blank line always ends a sentence, and so does a line break, unless the line reads on: the next line
  starts in lower case and the previous one has no closing punctuation (hard-wrapped text). So headlines,
  subheadings and the one-sentence-per-line Timeline17 files keep their lines.
- Page furniture that runs into the next sentence without a stop ends where it ends: a wire credit and
  its dash ("HOUSTON -LRB- Reuters -RRB- -", "(AP) --"), a date-time stamp ("Sun May 16 , 2010 7:59 pm
  EDT", "Saturday 14 May 2005 00.01 BST"), a " | " separator; a list bullet ("*", "\\*", "•") starts a
  sentence. Timeline17's first lines glue these to the lead, which then could not be shown on its own.
- On the first line only (where headlines and photo captions sit), a capitalised determiner or pronoun
  ("The", "A", "He", "Their"...) right after a lower-case content word starts a sentence: "Panel urges
  major reforms The Deepwater Horizon disaster caused ...". Applied to every line, it cut more prose than
  captions (T17 bench AR-1 F 0.1215 against 0.1232 on the first line only).
- Inside a line, `.`, `?`, `!` and ellipses end a sentence when followed by white space and a word that
  can start one (not lower case); closing quotes and brackets after the stop stay with the sentence that
  they close, straight, curly and Penn-Treebank (`''`, `-RRB-`).
- A `.` after a title (Mr., Sen., Gen.) never ends one; after a month or `No.` not before a number; after
  a.m./p.m. not before a weekday, month or time zone; after a company suffix, state abbreviation or
  initialism (U.S., D.C., J.K., W.) only before a word that usually opens a sentence (The, He, But...).

Sentences keep their original characters (no detokenising); only the white space of a joined line break
becomes one space.
"""

from __future__ import annotations

import re

_OPENERS = "\"'“‘«([`"
# Runs over a copy of the text with ? ! … turned into "." (same length, so offsets hold): a pattern that
# starts with a literal is searched for several times faster by `re` than one that starts with a class.
# A run of stops is matched from its first stop only, and whole (possessive `++`): trying every stop of
# a run as a start, each time backing off stop by stop, was quadratic (10k dots took 3 s, 40k 49 s).
_TERMINATOR = re.compile(r"""(?<!\.)(\.++)((?:["'”’»)\]]|\s(?:''|'(?=\s)|-R[RSC]B-))*)(?=\s|$)""")
_NEXT = re.compile(r"\s+(\S+)")
_ENDS_SENTENCE = re.compile(r"""[.?!…](?:["'”’»)\]]|\s''|\s'|\s-R[RSC]B-)*$""")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
_HAS_WORD = re.compile(r"\w")
_LONGEST_WORD = 64
_LEADING_SPACE = re.compile(r"\s*")
# Page furniture glued to the text it precedes, without a full stop between them (Timeline17's first
# lines): a wire credit with its dash, a date-time stamp, a " | " separator (the glue ends after each),
# and a list bullet (the next piece starts with it). See `_glue_ends`. `_STAMP` starts with a literal
# (no \b) so that `re` can search for it fast.
_CREDIT = re.compile(r"(?:-LRB-|\()\s*[A-Z][\w.&]*(?:\s[A-Z][\w.&]*)?\s*(?:-RRB-|\))\s+--?(?=\s)")
_STAMP = re.compile(r"(?:19|20)\d\d(?:\s*[;,])?\s+\d{1,2}[:.]\d\d(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s+[A-Z]{2,4}\b)?(?=\s)")
_PIPE = re.compile(r"\s\|(?=\s)")
_BULLET = re.compile(r"\s(?=\\?[*•]\s)")

_MONTHS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())

# Before a name, never at the end of a sentence.
_TITLES = frozenset(
    "Mr Mrs Ms Messrs Mmes Mme Mlle Dr Drs Prof Profs Sen Sens Rep Reps Gov Govs Gen Gens Lt Col Maj Capt "
    "Cmdr Cdr Adm Sgt Cpl Pvt Brig Rev Fr Hon Rt Pres Supt Insp Det Amb Atty Mt Ft St Ste vs v cf "
    "approx".split()
)
# Before a number: "No. 5", "Feb. 28", "Vol. 2".
_BEFORE_NUMBER = _MONTHS | frozenset("No Nos Vol Vols Art Arts Fig Figs Ch Sec Nr Op pp p ca".split())
# May end a sentence or sit inside one ("Apple Inc. said" / "shares of Apple Inc. The company").
_AMBIGUOUS = _MONTHS | frozenset(
    "Inc Corp Co Cos Ltd Plc Bros LLC LLP Jr Sr etc al Ph.D Ave Blvd Rd Dept Univ Assn "
    "Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev "
    "Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo".split()
)
# A lower-case word, then a sentence-opening determiner or pronoun (see `_unglue_first_line`).
_HEADLINE_JOIN = re.compile(r"(?<=\s)([a-z][a-z'-]*) (?=(?:The|A|An|He|She|It|They|We|His|Her|Its|Their|This|These|Those|There) [\w`'])")
_FUNCTION_WORDS = frozenset(
    "the a an of in on at to for from by with and or nor but as than like into onto about against via "
    "said says say told tells tell read reads called named see watch".split()
)
# Words that follow "3 p.m." inside the same sentence.
_TIME_WORDS = _MONTHS | frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December ET EST EDT CT CST CDT MT MST MDT PT PST PDT GMT UTC BST CET "
    "CEST IST JST AEST AEDT HKT SGT Eastern Central Mountain Pacific Greenwich".split()
)
# Words that commonly open a sentence; after an ambiguous abbreviation only these start a new one.
_STARTERS = frozenset(
    "The A An He She It They We I You His Her Its Their Our My Your This That These Those There Here Then "
    "Now But And Or So Yet Nor In On At By For From To Of With Without After Before During While When "
    "Where Whether What Which Who Whom Whose Why How If As Although Though Since Because Until Unless "
    "Meanwhile However Also Still Even Only Just Some Many Most Much More All Both Each Every Several Few No "
    "Not None Neither Either One Two Three Four Five Six Seven Eight Nine Ten Last Next Earlier Later Today "
    "Yesterday Tomorrow Instead Indeed According Asked Under Over Despite Among Against About Such Other "
    "Another Any Is Was Are Were Do Does Did Can Will Would Should Could Has Have Had Let".split()
)


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, stripped, in order; never an empty string."""
    out: list[str] = []
    block: list[str] = []  # the lines of a block, joined when it is split
    for line in _unglue_first_line(text).splitlines():
        line = line.strip()
        if not line:
            _split_block(" ".join(block), out)
            block = []
        elif block and line[0].islower() and not _ENDS_SENTENCE.search(" ".join(block[-3:])):
            block.append(line)  # only the block's end is looked at: linear in the lines of a long block
        else:
            _split_block(" ".join(block), out)
            block = [line]
    _split_block(" ".join(block), out)
    return out


def _unglue_first_line(text: str) -> str:
    """`text` with a line break in its first line wherever a headline or caption runs into the next
    sentence: before a capitalised determiner or pronoun that follows a lower-case content word ("...
    urges major reforms The Deepwater Horizon disaster caused ..."), which inside a sentence is a proper
    name at most after a function word ("in The Hague", "told The Times")."""
    start = _LEADING_SPACE.match(text).end()
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = _HEADLINE_JOIN.sub(lambda m: m[0] if m[1] in _FUNCTION_WORDS else f"{m[1]}\n", text[start:end])
    return line + text[end:]


def _split_block(block: str, out: list[str]) -> None:
    start = 0
    for end in _glue_ends(block):
        _split_piece(block[start:end], out)
        start = end
    _split_piece(block[start:], out)


def _glue_ends(block: str) -> list[int]:
    """Where furniture glued to the following text ends. A substring test first keeps each regular
    expression off the lines that cannot hold its match, which is nearly all of them: searching every
    line with them would cost more than the rest of the splitter."""
    ends: list[int] = []
    if ") -" in block or "RRB- -" in block:
        ends += [m.end() for m in _CREDIT.finditer(block)]
    if "19" in block or "20" in block:
        ends += [m.end() for m in _STAMP.finditer(block)]
    if "|" in block:
        ends += [m.end() for m in _PIPE.finditer(block)]
    if "*" in block or "•" in block:
        ends += [m.end() for m in _BULLET.finditer(block)]
    return sorted(set(ends))


def _split_piece(block: str, out: list[str]) -> None:
    start = 0
    for m in _TERMINATOR.finditer(block.replace("?", ".").replace("!", ".").replace("…", ".")):
        following = _NEXT.match(block, m.end())
        if following is None:
            break
        stop = m.start()
        # The word before the stop, looked for over a bounded stretch: a long stretch without a space
        # before every stop of a block would be read again and again (quadratic). A word longer than
        # that is no abbreviation, and not the block's first word.
        reach = max(start, stop - _LONGEST_WORD)
        space = block.rfind(" ", reach, stop)
        first_word = space <= start if space >= 0 else reach == start
        if _breaks(block[max(space + 1, reach) : stop], first_word, block[stop : m.end(1)], bool(m[2]),
                   following[1]):
            _keep(block[start : m.end()], out)
            start = m.end()
    _keep(block[start:], out)


def _keep(piece: str, out: list[str]) -> None:
    piece = piece.strip()
    if _HAS_WORD.search(piece):
        out.append(piece)


def _breaks(prev: str, first_word: bool, stop: str, closed: bool, nxt: str) -> bool:
    """Whether the stop after `prev`, followed by the token `nxt`, ends a sentence."""
    head = nxt.lstrip(_OPENERS)[:1] or nxt[0]
    if head.islower() or head in ".,;:!?%":
        return False
    if stop != "." or closed or not prev:  # ? ! ..., a quote closed after the stop, a PTB " . " token
        return True
    word = prev.rsplit("\t", 1)[-1].lstrip(_OPENERS)
    if word in _TITLES:
        return False
    if head.isdigit() and word in _BEFORE_NUMBER:
        return False
    if word in ("a.m", "p.m", "A.M", "P.M"):
        return head.isupper() and nxt.rstrip(".,;:").removesuffix("'s").removesuffix("’s") not in _TIME_WORDS
    if first_word and (word.isdigit() or len(word) == 1):  # a list item: "1. The first point"
        return False
    if word in _AMBIGUOUS or _INITIALS.fullmatch(word):
        return nxt[0] in _OPENERS or nxt.rstrip(".,;:") in _STARTERS
    return True
