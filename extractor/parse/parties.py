"""The title block: year, ministry and the county or city that signs with it."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..normalize.fuzzy import combined_confidence, fold
from ..normalize.lexicons import MINISTRIES, regions
from ..normalize.regions import RegionMatch, aliases, resolve_region
from ..records import Line

YEAR = re.compile(r"(?<![\d.,])(2[0O][0-3O1lI][0-9OIl])(?![\d.,])")
YEAR_CONTEXT = re.compile(
    r"(?:Qualifizierungsbudget(?:s|es)?|im\s+Jahr(?:e)?|für\s+das\s+Jahr|Budget(?:jahr)?)\s+(2[0O][0-3O1][0-9OIl])\b",
    re.IGNORECASE,
)
_YEAR_FIX = str.maketrans({"O": "0", "I": "1", "l": "1"})
MIN_YEAR, MAX_YEAR = 2008, 2035


@dataclass(frozen=True)
class Found:
    """A value with the text it was read from."""

    value: object
    raw: str
    conf: float = 1.0  # OCR word confidence under the value times the match score


def _year_conf(line: Line) -> float:
    m = YEAR.search(line.text)
    return line.span_conf(m.start(), m.end()) if m else line.span_conf()


def parse_year(text: str) -> int | None:
    """A plausible agreement year in ``text``, OCR digit confusions repaired.

    >>> parse_year("Zielvereinbarung 2O24")
    2024
    >>> parse_year("SGB II, III, VIII") is None
    True
    """
    for m in YEAR.finditer(text):
        year = int(m.group(1).translate(_YEAR_FIX))
        if MIN_YEAR <= year <= MAX_YEAR:
            return year
    return None


def title_block(lines: Sequence[Line], first_heading: int | None) -> list[Line]:
    """The lines before the preamble (or the first heading): title, parties, subject."""
    end = first_heading if first_heading is not None else min(len(lines), 40)
    for i, line in enumerate(lines[:end]):
        if fuzz.ratio(fold(line.text), "präambel") >= 80 or fold(line.text).startswith("präambel"):
            return list(lines[:i])
    return list(lines[:end])


TEXT_YEAR_CONFIDENCE = 0.9  # the year as the running text gives it, not the title
MIN_TEXT_YEARS = 2  # mentions of one year in the text that outweigh a title misread by one digit


def find_year(block: Sequence[Line], body: str) -> Found | None:
    """The year from the title block, else from "Qualifizierungsbudget 2024" / "im Jahr 2024" in the text.

    A title year one digit from the only year the text gives, and gives at least twice, is a
    misread digit ("Zielvereinbarung 2013" over "im Jahr 2018" ... "Budgets 2018"): the text's
    year is taken, the title kept as ``raw``.
    """
    found = _title_year(block)
    in_text = [(year, m.group(0)) for m in YEAR_CONTEXT.finditer(body) if (year := parse_year(m.group(1)))]
    if found is None:
        return Found(in_text[0][0], in_text[0][1], TEXT_YEAR_CONFIDENCE) if in_text else None
    years = {year for year, _ in in_text}
    if len(in_text) >= MIN_TEXT_YEARS and len(years) == 1 and one_digit_apart(found.value, in_text[0][0]):
        return Found(in_text[0][0], found.raw, TEXT_YEAR_CONFIDENCE)
    return found


def _title_year(block: Sequence[Line]) -> Found | None:
    """The year the title block gives: on or below its "Zielvereinbarung" line, else on any line."""
    for i, line in enumerate(block):
        if "zielvereinbarung" in fold(line.text) or fuzz.partial_ratio("zielvereinbarung", fold(line.text)) >= 85:
            for candidate in block[i : i + 4]:
                year = parse_year(candidate.text)
                if year:
                    return Found(year, candidate.text, _year_conf(candidate))
    for line in block:
        year = parse_year(line.text)
        if year:
            return Found(year, line.text, _year_conf(line))
    return None


def one_digit_apart(a: int, b: int) -> bool:
    """Whether two years differ in exactly one digit (2013 / 2018; not 2019 / 2020).

    >>> one_digit_apart(2013, 2018), one_digit_apart(2019, 2020), one_digit_apart(2018, 2018)
    (True, False, False)
    """
    return sum(x != y for x, y in zip(str(a), str(b))) == 1


BODY_MINISTRY = re.compile(r"Hessische[nm]?\s+Ministerium(?:[^.;\n]|\n(?!\n)){5,80}")
MINISTRY_WORD_SCORE = 80  # "minsteriom" for "ministerium": two letters of eleven misread or lost


def find_ministry(block: Sequence[Line], body: str) -> Found | None:
    """The ministry named in the title block (canonical nominative name), with its raw line(s)."""
    filled = [line for line in block if line.text]
    texts = [line.text for line in filled]
    for i, text in enumerate(texts):
        if "minist" in fold(text) or fuzz.partial_ratio("ministerium", fold(text)) >= MINISTRY_WORD_SCORE:
            # also as OCR reads it: "Ministcrium", "Ministenum", "Minsteriom"
            joined = not (i + 1 >= len(texts) or _starts_party(texts[i + 1]))
            raw = f"{text} {texts[i + 1]}" if joined else text
            name = match_ministry(raw)
            if name:
                conf = min(line.span_conf() for line in filled[i : i + 1 + joined])
                return Found(name, raw, combined_confidence(conf, ministry_score(raw)))
    # lost from the title block: the first mention in the text that names one, over a line break
    # at most ("Das Hessische Ministerium für Soziales und" / "Integration und der Landkreis")
    for m in BODY_MINISTRY.finditer(body):
        raw = " ".join(m.group(0).split())
        if match_ministry(raw):
            return Found(match_ministry(raw), raw, 0.9 * ministry_score(raw) / 100)
    return None


def match_ministry(text: str) -> str | None:
    """The canonical ministry whose distinctive words the text carries best.

    >>> match_ministry("dem Hessischen Ministerium fir Soziales und lntegration")
    'Hessisches Ministerium für Soziales und Integration'
    """
    folded = fold(text)
    scored = [(fuzz.partial_ratio(fold(key), folded), name) for name, key in MINISTRIES]
    score, name = max(scored)
    return name if score >= 80 else None


def ministry_score(text: str) -> float:
    """How well the text carries a ministry's distinctive words (0..100)."""
    folded = fold(text)
    return max(fuzz.partial_ratio(fold(key), folded) for _, key in MINISTRIES)


def _starts_party(text: str) -> bool:
    return fold(text).startswith("und")


def find_region(block: Sequence[Line], body: str) -> tuple[RegionMatch, str, float] | None:
    """The county or city in the title block ("und dem Landkreis X"), else the first one the text names.

    Returns the match, the phrase it was read from and a confidence (OCR x name match).
    """
    filled = [line for line in block if line.text]
    for i, line in enumerate(filled):
        folded = fold(line.text)
        if folded.startswith("und ") or folded == "und":
            source = line if folded != "und" else (filled[i + 1] if i + 1 < len(filled) else None)
            if source is None:
                continue
            phrase = re.split(r"\bzur\s+Umsetzung\b", source.text)[0]
            match = resolve_region(phrase, body)
            if match:
                return match, phrase.strip(), combined_confidence(source.span_conf(0, len(phrase)), match.score)
    for m in re.finditer(
        r"(?:d[ec](?:m|rn|r|s))\s+((?:Land)?[Kk]reis(?:es)?\s+[\w\-]+(?:\s+am\s+Main)?|[\w\-]+[Kk]reis(?:es)?|"
        r"(?:Wissenschafts|Landeshaupt)?[Ss]tadt\s+[\w\-]+(?:\s+am\s+Main)?)",
        body,
    ):
        match = resolve_region(m.group(1), body)
        if match:
            return match, m.group(1), 0.9 * match.score / 100  # not from the title block
    return named_most(body)


NAMED_ONLY_CONFIDENCE = 0.75  # a region found only by how often the text names it: for review


def named_most(body: str) -> tuple[RegionMatch, str, float] | None:
    """The region the text names most often by a name no other region shares, at least twice and
    twice as often as any other ("Regierungspräsidium Darmstadt" names a city too); unsure.

    >>> named_most("Der Dandkreis Vogelsbergkreis ... Landkiens Vogelsbergkreis vom Regierungsprasidium Kassel")[1:]
    ('Vogelsbergkreis', 0.75)
    >>> named_most("des Landkreises Kassel ... vom Regierungspräsidium Kassel") is None  # city and county
    True
    """
    names: dict[str, list] = {}
    for region in regions():
        for alias in aliases(region):
            names.setdefault(fold(alias), []).append((region, alias))
    counts = []
    for owners in names.values():
        if len(owners) == 1:
            region, alias = owners[0]
            n = len(re.findall(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", body))
            if n:
                counts.append((n, region, alias))
    counts.sort(key=lambda c: -c[0])
    if not counts or counts[0][0] < 2 or (len(counts) > 1 and counts[1][0] * 2 > counts[0][0]):
        return None
    _, region, alias = counts[0]
    return RegionMatch(region, 100.0), alias, NAMED_ONLY_CONFIDENCE
