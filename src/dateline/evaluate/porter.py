"""The Porter stemmer exactly as Perl ROUGE-1.5.5 runs it (`sub stem` and `sub initialise`).

ROUGE-1.5.5 embeds Martin Porter's own Perl implementation of his 1980 algorithm, with one change by
Chin-Yew Lin (2004-02-14) in step 4: a word ending in `-ement` is not also tried against `-ment` and
`-ent` in the same alternation; instead `ment$` and `ent$` are tested one after another on the result.
NLTK's Porter stemmer (in any mode) differs from this in several places, and one differing stem changes
ROUGE counts, so this module is a line-by-line port of the Perl code: the same regular expressions (Perl
and Python agree on leftmost-first alternation, `$` and back-references for these patterns), the same
order of steps and the same `$\\`` (text before the match) arithmetic.
"""

from __future__ import annotations

import re

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = f"{_c}[^aeiouy]*"  # consonant sequence
_V = f"{_v}[aeiou]*"  # vowel sequence

_MGR0 = re.compile(f"^({_C})?{_V}{_C}")  # [C]VC... is m>0
_MEQ1 = re.compile(f"^({_C})?{_V}{_C}({_V})?$")  # [C]VC[V] is m=1
_MGR1 = re.compile(f"^({_C})?{_V}{_C}{_V}{_C}")  # [C]VCVC... is m>1
_HAS_VOWEL = re.compile(f"^({_C})?{_v}")  # vowel in stem
_CVC = re.compile(f"^{_C}{_v}[^aeiouwxy]$")

_STEP1A_IES = re.compile(r"(ss|i)es$")
_STEP1A_S = re.compile(r"([^s])s$")
_STEP1B_EED = re.compile(r"eed$")
_STEP1B_ED_ING = re.compile(r"(ed|ing)$")
_STEP1B_ATBLIZ = re.compile(r"(at|bl|iz)$")
_STEP1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_STEP1C = re.compile(r"y$")

_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP2_RE = re.compile(
    r"(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism|iveness|fulness"
    r"|ousness|aliti|iviti|biliti|logi)$"
)
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP3_RE = re.compile(r"(icate|ative|alize|iciti|ical|ful|ness)$")
_STEP4_RE = re.compile(r"(al|ance|ence|er|ic|able|ible|ant|ement|ou|ism|ate|iti|ous|ive|ize)$")
_STEP4_MENT = re.compile(r"ment$")
_STEP4_ENT = re.compile(r"ent$")
_STEP4_ION = re.compile(r"(s|t)(ion)$")
_STEP5_E = re.compile(r"e$")
_STEP5_LL = re.compile(r"ll$")


def porter_stem(w: str) -> str:
    """Stem a lower-case word as ROUGE-1.5.5's Perl `stem` does (words shorter than 3 are unchanged)."""
    if len(w) < 3:
        return w
    initial_y = w[0] == "y"
    if initial_y:  # map initial y to Y so that the patterns never treat it as a vowel
        w = "Y" + w[1:]

    # Step 1a
    if m := _STEP1A_IES.search(w):
        w = w[: m.start()] + m[1]
    elif m := _STEP1A_S.search(w):
        w = w[: m.start()] + m[1]
    # Step 1b
    if m := _STEP1B_EED.search(w):
        if _MGR0.search(w[: m.start()]):
            w = w[:-1]
    elif m := _STEP1B_ED_ING.search(w):
        stem = w[: m.start()]
        if _HAS_VOWEL.search(stem):
            w = stem
            if _STEP1B_ATBLIZ.search(w):
                w += "e"
            elif _STEP1B_DOUBLE.search(w):
                w = w[:-1]
            elif _CVC.search(w):
                w += "e"
    # Step 1c
    if m := _STEP1C.search(w):
        stem = w[: m.start()]
        if _HAS_VOWEL.search(stem):
            w = stem + "i"
    # Step 2
    if m := _STEP2_RE.search(w):
        stem = w[: m.start()]
        if _MGR0.search(stem):
            w = stem + _STEP2[m[1]]
    # Step 3
    if m := _STEP3_RE.search(w):
        stem = w[: m.start()]
        if _MGR0.search(stem):
            w = stem + _STEP3[m[1]]
    # Step 4, with ROUGE's -ement change: three separate tests, the last with an elsif
    if m := _STEP4_RE.search(w):
        stem = w[: m.start()]
        if _MGR1.search(stem):
            w = stem
    if m := _STEP4_MENT.search(w):
        stem = w[: m.start()]
        if _MGR1.search(stem):
            w = stem
    if m := _STEP4_ENT.search(w):
        stem = w[: m.start()]
        if _MGR1.search(stem):
            w = stem
    elif m := _STEP4_ION.search(w):
        stem = w[: m.start()] + m[1]
        if _MGR1.search(stem):
            w = stem
    # Step 5
    if m := _STEP5_E.search(w):
        stem = w[: m.start()]
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _CVC.search(stem)):
            w = stem
    if _STEP5_LL.search(w) and _MGR1.search(w):
        w = w[:-1]

    if initial_y:
        w = w[0].lower() + w[1:]
    return w
