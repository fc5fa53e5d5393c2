"""The domain lexicons: regions with their AGS, measure categories, section titles, ministries."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LANDKREIS = "Landkreis"
KREISFREIE_STADT = "kreisfreie Stadt"


@dataclass(frozen=True)
class Region:
    ags: str
    name: str
    region_type: str  # LANDKREIS or KREISFREIE_STADT
    seat: str  # seat of administration, without the parenthetical, e.g. "Friedberg"
    regierungsbezirk: str


def _strip_parenthetical(text: str) -> str:
    return text.split("(")[0].strip()


@lru_cache(maxsize=1)
def regions() -> tuple[Region, ...]:
    """The 26 Hessian Landkreise and kreisfreie Städte, from the packaged CSV."""
    text = resources.files("extractor.data").joinpath("hessen-regions.csv").read_text("utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        Region(r["ags"], r["name"], r["region_type"], _strip_parenthetical(r["seat"]), r["regierungsbezirk"])
        for r in rows
    )


def region_by_ags(ags: str) -> Region | None:
    return next((r for r in regions() if r.ags == ags), None)


# Measure categories: code -> (canonical name, heading forms seen in agreements).
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "AV": (
        "Ausbildungs- und Qualifizierungsvorbereitung",
        (
            "Ausbildungs- und Qualifizierungsvorbereitung",
            "Ausbildungsvorbereitung",
            "Qualifizierungsvorbereitung",
            "Maßnahmen zur Ausbildungs- und Qualifizierungsvorbereitung",
        ),
    ),
    "AB": (
        "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
        (
            "Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen",
            "Ausbildung und Ausbildungscoaching",
            "Ausbildungscoaching",
        ),
    ),
    "QP": (
        "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
        (
            "Qualifizierungsprojekte zur Arbeitsmarktintegration, Fachkräftesicherung",
            "Qualifizierungsprojekte zur Arbeitsmarktintegration und Fachkräftesicherung",
            "Qualifizierungsprojekte",
        ),
    ),
    "WB": (
        "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen "
        "Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung",
        (
            "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte in der fachlichen "
            "Verantwortung für Benachteiligte im Kontext der Arbeitsmarktförderung",
            "Weiterbildungsmaßnahmen für Personal der Landkreise und kreisfreien Städte",
            "Weiterbildung des Personals",
            "Weiterbildung des Fachpersonals",
            "Weiterbildungsmaßnahmen",
            "Weiterbildung",
        ),
    ),
}

# Section titles that recur across years; region-specific titles are built per document.
SECTION_TITLES: tuple[str, ...] = (
    "Ausbildungs- und Qualifizierungsbudget",
    "Verpflichtungen der Vereinbarungspartner",
    "Umsetzung der UN-Behindertenrechtskonvention",
    "Haushaltsmittel und Eckdaten",
    "Ziele für die Umsetzung",
    "Zielsteuerung",
    "Kontinuierlicher Verbesserungsprozess",
    "Inkrafttreten",
    "Laufzeit",
    "Schlussbestimmungen",
)

# The sentence a standard section opens with, where it is the same in every agreement (words of
# the published agreements): found in another section's text, it says the section's heading was
# not read.
SECTION_OPENINGS: dict[str, str] = {
    "Umsetzung der UN-Behindertenrechtskonvention": "Die Integration in das Erwerbsleben stellt aus der Sicht",
    "Zielsteuerung": "bleiben über die Entwicklung des Budgets",
    "Kontinuierlicher Verbesserungsprozess": "beteiligt sich an Umfragen und Tagungen des HMSI",
    "Inkrafttreten": "Die Zielvereinbarung tritt am",
}

MINISTRIES: tuple[tuple[str, str], ...] = (
    # (canonical nominative name, the words that identify it)
    ("Hessisches Ministerium für Soziales und Integration", "Soziales und Integration"),
    ("Hessisches Ministerium für Arbeit, Integration, Jugend und Soziales", "Arbeit, Integration, Jugend und Soziales"),
)

# Language levels of the Common European Framework (CEFR), as projects of language training
# name them ("Berufsbezogene Sprachförderung B1/B2", "Deutsch A2"), lowest first.
LANGUAGE_LEVELS: tuple[str, ...] = ("A1", "A2", "B1", "B2", "C1", "C2")


def is_language_level(token: str) -> bool:
    """Whether ``token`` is a language level or a range of two ("B1", "B1/B2", "A2-B1"), the lower first.

    >>> [is_language_level(t) for t in ("B1", "B1/B2", "A2-B1", "B2/B1", "B3", "BI/B2", "SGB")]
    [True, True, True, False, False, False, False]
    """
    parts = re.split(r"[/-]", token)
    if len(parts) > 2 or not all(part in LANGUAGE_LEVELS for part in parts):
        return False
    return len(parts) == 1 or LANGUAGE_LEVELS.index(parts[0]) < LANGUAGE_LEVELS.index(parts[1])


GERMAN_MONTHS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "april": 4, "mai": 5, "juni": 6,
    "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}


@lru_cache(maxsize=1)
def domain_words() -> frozenset[str]:
    """Every word of the lexicons: the vocabulary OCR words may be snapped to."""
    texts: list[str] = list(SECTION_TITLES)
    texts += [name for name, _ in MINISTRIES]
    for _, forms in CATEGORIES.values():
        texts += forms
    for region in regions():
        texts += [region.name, region.seat]
    texts += ["Landkreis", "Landkreises", "Kreis", "Kreises", "Stadt", "Wissenschaftsstadt", "Landeshauptstadt"]
    words = set()
    for text in texts:
        for word in text.replace(",", " ").split():
            if len(word) >= 4:
                words.add(word)
    return frozenset(words)
