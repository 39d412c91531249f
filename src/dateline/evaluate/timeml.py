"""TimeML documents, as the field's time-expression corpora ship them (TimeBank, AQUAINT, TempEval-3).

A `.tml` file holds one news document: its creation time (`<DCT><TIMEX3 functionInDocument=
"CREATION_TIME" value=...>`), and in `<TEXT>` the running text with inline `<TIMEX3>` (and `<EVENT>`,
`<SIGNAL>`) tags. The reader gives the text as a tagger sees it (every tag removed, entities decoded)
and each human-annotated TIMEX3 as a span of that text with its type and value: what a tagger's output
is scored against. It lives beside the scorer because only evaluation needs gold annotations; no
product code reads TimeML at run time.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from dateline.errors import DatelineError

__all__ = ["GoldTimex", "TimeMLDoc", "read_timeml", "read_timeml_dir"]


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """A TIMEX3 a person annotated: its span in the document's text, type and normalised value."""

    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass(frozen=True, slots=True)
class TimeMLDoc:
    """One TimeML document: name (the file's stem), creation date, text and gold time expressions."""

    name: str
    dct: dt.date
    text: str
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> TimeMLDoc:
    """The document in `path`. Only `<TEXT>` is text to tag: the title and wire headers around it are
    not annotated in TimeBank/AQUAINT, and TempEval-3's scorer reads `<TEXT>` alone."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        raise DatelineError(
            f"{path}:{e.position[0]}: not well-formed TimeML ({e.msg}); fix or remove the file"
        ) from None
    except OSError as e:
        raise DatelineError(f"{path}: cannot read ({e.strerror})") from None
    dct = next((t for t in root.iter("TIMEX3") if t.get("functionInDocument") == "CREATION_TIME"), None)
    if dct is None:
        raise DatelineError(
            f'{path}: no creation-time TIMEX3 (functionInDocument="CREATION_TIME") to anchor dates on'
        )
    try:
        created = dt.date.fromisoformat((dct.get("value") or "")[:10])
    except ValueError:
        raise DatelineError(f"{path}: creation time {dct.get('value')!r} is not a YYYY-MM-DD date") from None
    body = root.find("TEXT")
    if body is None:
        raise DatelineError(f"{path}: no <TEXT> element")
    parts: list[str] = []
    timexes: list[GoldTimex] = []
    _flatten(body, parts, timexes, 0)
    return TimeMLDoc(path.stem, created, "".join(parts), tuple(timexes))


def _flatten(element: ET.Element, parts: list[str], timexes: list[GoldTimex], offset: int) -> int:
    """Append `element`'s text (without tags) to `parts`, recording each TIMEX3 below it; return the new
    offset. TimeML does not nest TIMEX3, but EVENT or SIGNAL may sit anywhere, so this walks the tree."""
    start = offset
    if element.text:
        parts.append(element.text)
        offset += len(element.text)
    for child in element:
        offset = _flatten(child, parts, timexes, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if element.tag == "TIMEX3" and offset > start:  # an empty TIMEX3 (an implicit time) has no span to find
        timexes.append(GoldTimex(start, offset, "".join(element.itertext()), element.get("type", ""),
                                 element.get("value", "")))
    return offset


def read_timeml_dir(folder: Path) -> list[TimeMLDoc]:
    """Every `.tml` file below `folder`, in path order."""
    if not folder.is_dir():
        raise DatelineError(f"{folder}: not a folder; give the folder of TimeML (.tml) files with --tml")
    paths = sorted(folder.rglob("*.tml"))
    if not paths:
        raise DatelineError(f"{folder}: no .tml files below it")
    return [read_timeml(p) for p in paths]
