"""Signing places and dates from the two signature blocks ("Wiesbaden, den 12.03.2024")."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..normalize.fuzzy import best_match
from ..normalize.lexicons import GERMAN_MONTHS, regions
from ..records import Line

PLACE_DATE = re.compile(
    r"""(?P<place>[A-ZÄÖÜ][A-Za-zÄÖÜäöüß.\-]+(?:\s+(?:am|an\s+der|a\.\s*d\.|v\.\s*d\.|im|in)?\s*[A-ZÄÖÜ][A-Za-zÄÖÜäöüß.\-]+)?(?:\s*\([A-Za-zäöü ]+\))?)
    \s*[,.]\s*(?:den|d\.|am)\b\s*          # ", den"
    (?P<date>.*?)                           # whatever follows, up to the next place or the end
    (?=\s+[A-ZÄÖÜ][A-Za-zÄÖÜäöüß.\-]+\s*[,.]\s*(?:den|d\.|am)\b|$)""",
    re.VERBOSE,
)
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4}|\d{2})(?!\d)")
WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*\.?\s*([A-Za-zäÄ]{3,10})\s+(\d{4})(?!\d)")


@dataclass(frozen=True)
class PlaceDate:
    place: str | None
    place_raw: str
    date: str | None
    date_raw: str
    page: int


def parse_date(text: str, year_hint: int | None = None) -> str | None:
    """An ISO date from "12.03.2024", "12.3.24" or "12. März 2024"; None when not clearly legible.

    >>> parse_date("12.03.2024")
    '2024-03-12'
    >>> parse_date("7. Oktober 2024")
    '2024-10-07'
    >>> parse_date("X.10 e-y-") is None
    True
    >>> parse_date("12.03.2019", year_hint=2024) is None
    True
    """
    m = NUMERIC_DATE.search(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        w = WORD_DATE.search(text)
        if not w or w.group(2).casefold() not in GERMAN_MONTHS:
            return None
        day, month, year = int(w.group(1)), GERMAN_MONTHS[w.group(2).casefold()], int(w.group(3))
    if year < 100:
        year += 2000
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if year_hint is not None and not (year_hint - 1 <= year <= year_hint + 1):
        return None
    return date.isoformat()


def place_lexicon() -> list[str]:
    """Places agreements are signed in: the state capital and every region's seat and city."""
    places = {"Wiesbaden"}
    for region in regions():
        places.add(region.seat)
        if region.region_type == "kreisfreie Stadt":
            places.add(region.name)
    return sorted(places)


def normalize_place(raw: str) -> str | None:
    """Snap a noisy place name to the lexicon; None when nothing is close."""
    cleaned = re.sub(r"\s*\(.*?\)\s*", " ", raw).strip(" .,-")
    hit = best_match(cleaned, place_lexicon(), cutoff=80)
    return hit[0] if hit else None


def find_place_dates(lines: Sequence[Line], year_hint: int | None) -> list[PlaceDate]:
    """Every "Place, den date" in the given lines, left to right, top to bottom."""
    found: list[PlaceDate] = []
    for line in lines:
        for m in PLACE_DATE.finditer(line.text):
            place_raw = m["place"].strip()
            place = normalize_place(place_raw)
            if place is None:
                continue
            date_raw = m["date"].strip()
            found.append(PlaceDate(place, place_raw, parse_date(date_raw, year_hint), date_raw, line.page))
    return found
