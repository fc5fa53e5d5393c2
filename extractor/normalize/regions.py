"""Name a county or city as written in an agreement -> the region with its AGS.

The type word decides between namesakes: Stadt Kassel (06611) vs Landkreis Kassel (06633),
Stadt Offenbach am Main (06413) vs Kreis Offenbach (06438); the full name decides between
Darmstadt (06411) and Darmstadt-Dieburg (06432).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .fuzzy import fold
from .lexicons import KREISFREIE_STADT, LANDKREIS, Region, regions

CITY_WORDS = re.compile(
    r"\b(?:Wissenschafts|Landeshaupt|Universitäts|Kreisfreie[nr]?\s+|kreisfreie[nr]?\s+|Documenta-?|Brüder-Grimm-)?"
    r"(?:[Ss]tadt|Magistrat|Oberbürgermeister(?:in)?)\b"
)
COUNTY_WORDS = re.compile(r"(?:\b(?:Land)?[Kk]reis(?:es)?\b|\bLandr(?:at|ätin)\b|\bKreisausschuss\b)")
# the articles, also as OCR reads them ("dern": rn for m, "dcm": c for e)
_ARTICLES = re.compile(r"^(?:und\s+)?(?:d[ec](?:m|rn|r|n|s)|di[ec])\s+", re.IGNORECASE)
_STRIP_WORDS = re.compile(
    r"\b(?:Wissenschafts|Landeshaupt|Universitäts|kreisfreien?|Kreisfreie[nr]?)?(?:stadt|Stadt)\b"
    r"|(?<![-\w])(?:Land)?[Kk]reis(?:es)?\b|\bMagistrat\b|\bKreisausschuss\b",
)
CUTOFF = 82.0


@dataclass(frozen=True)
class RegionMatch:
    region: Region
    score: float


def region_type_hint(phrase: str) -> str | None:
    """The region type a phrase names ("der Stadt Kassel" -> kreisfreie Stadt), if any.

    >>> region_type_hint("dem Landkreis Kassel")
    'Landkreis'
    >>> region_type_hint("der Stadt Offenbach am Main")
    'kreisfreie Stadt'
    >>> region_type_hint("dem Main-Kinzig-Kreis")
    'Landkreis'
    >>> region_type_hint("Wetteraukreis") is None
    True
    """
    city = CITY_WORDS.search(phrase)
    county = COUNTY_WORDS.search(phrase)
    if city and not county:
        return KREISFREIE_STADT
    if county and not city:
        return LANDKREIS
    if city and county:
        return KREISFREIE_STADT if city.start() < county.start() else LANDKREIS
    return None


def core_name(phrase: str) -> str:
    """The name without articles and type words ("dem Landkreis Wetteraukreis" -> "Wetteraukreis")."""
    text = _ARTICLES.sub("", phrase.strip())
    text = _STRIP_WORDS.sub(" ", text)
    return " ".join(text.replace(" -", "-").split()).strip(" ,.-")


_RIVER_SUFFIX = re.compile(r"\s+(?:am|an der|a\.\s?d\.)\s+\S+$")


def aliases(region: Region) -> tuple[str, ...]:
    """The names a region goes by: "Offenbach am Main" is also written "Offenbach".

    >>> aliases(next(r for r in regions() if r.ags == "06413"))
    ('Offenbach am Main', 'Offenbach')
    """
    short = _RIVER_SUFFIX.sub("", region.name)
    return (region.name, short) if short != region.name else (region.name,)


def candidates(phrase: str) -> list[RegionMatch]:
    """Regions whose name the phrase may be, best first (before the type decides)."""
    name = fold(core_name(phrase))
    if not name:
        return []
    out = []
    for region in regions():
        score = max(fuzz.ratio(name, fold(alias)) for alias in aliases(region))
        if score >= CUTOFF:
            out.append(RegionMatch(region, score))
    return sorted(out, key=lambda m: -m.score)


def resolve_region(phrase: str, context: str = "") -> RegionMatch | None:
    """The one region a phrase names, using its type word, else the surrounding text; None if unsure.

    >>> resolve_region("dem Landkreis Wefteraukreis").region.ags
    '06440'
    >>> resolve_region("der Stadt Kassel").region.ags
    '06611'
    >>> resolve_region("dem Landkreis Kassel").region.ags
    '06633'
    >>> resolve_region("dem Kreis Offenbach").region.ags
    '06438'
    >>> resolve_region("der Stadt Offenbach am Main").region.ags
    '06413'
    >>> resolve_region("der Wissenschaftsstadt Darmstadt").region.ags
    '06411'
    >>> resolve_region("dem Landkreis Darmstadt-Dieburg").region.ags
    '06432'
    >>> resolve_region("und dern Main-Kinzig-Krcis").region.ags  # a .txt: "dem" read "dern"
    '06435'
    """
    found = candidates(phrase)
    if not found:
        return None
    best = found[0].score
    close = [m for m in found if m.score >= best - 6]
    if len(close) == 1 and not _has_namesake(close[0].region):
        return close[0]
    hint = region_type_hint(phrase) or _type_from_context(close, context)
    if hint:
        typed = [m for m in close if m.region.region_type == hint]
        if len(typed) >= 1 and (len(typed) == 1 or typed[0].score > typed[1].score):
            return typed[0]
    if len(close) == 1 and not _has_namesake(close[0].region):
        return close[0]
    return None


def _has_namesake(region: Region) -> bool:
    names = {fold(a) for a in aliases(region)}
    return sum(1 for r in regions() if names & {fold(a) for a in aliases(r)}) > 1


def _type_from_context(close: list[RegionMatch], context: str) -> str | None:
    """Which type the rest of the document uses with this name ("Landkreises Kassel", "Stadt Kassel")."""
    if not context or not close:
        return None
    name = re.escape(close[0].region.name)
    city = len(re.findall(rf"(?:[Ss]tadt|Magistrat)\s+{name}", context))
    county = len(re.findall(rf"(?:[Kk]reis(?:es)?)\s+{name}", context))
    if city > county:
        return KREISFREIE_STADT
    if county > city:
        return LANDKREIS
    return None
