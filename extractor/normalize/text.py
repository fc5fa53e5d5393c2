"""Repairs of free text (project names): roman numerals, spacing, dashes, and the hyphens of the
regions' names (from the region lexicon)."""
from __future__ import annotations

import re
from functools import lru_cache

from .lexicons import is_language_level, regions
from .words import FUNCTION_WORDS, correct_text

_ROMAN_TOKEN = re.compile(r"(?<![\w-])([IlVX1|tH]{2,5})(?![\w-])")
_VALID_ROMAN = re.compile(r"^(?:X{0,3})(?:IX|IV|V?I{0,3})$")
# "t" is a bilevel scan's "I" beside another I ("It"); "H" two Is run together ("VHl")
_ROMAN_FIX = str.maketrans({"l": "I", "1": "I", "|": "I", "t": "I", "H": "II"})
# the books of the Social Code are numbered in roman numerals: "SGB 11" is "SGB II" misread
_CODE_BOOK = re.compile(r"\bSGB ?$")


def fix_roman_numerals(text: str) -> str:
    """Roman numerals OCR wrote with l, 1 or | ("Il" -> "II", "Ill" -> "III", "lV" -> "IV").

    >>> fix_roman_numerals("Fit für den Beruf Il")
    'Fit für den Beruf II'
    >>> fix_roman_numerals("SGB II, Ill, VIII, XII")
    'SGB II, III, VIII, XII'
    >>> fix_roman_numerals("Projekt 11 und ll")
    'Projekt 11 und II'
    >>> fix_roman_numerals("Fit für den Beruf It"), fix_roman_numerals("SGB II/SGB VHl"), fix_roman_numerals("tt HH")
    ('Fit für den Beruf II', 'SGB II/SGB VIII', 'tt HH')
    >>> fix_roman_numerals("Inhouse-Schulung SGB 11/SGB VIII"), fix_roman_numerals("SGB 111, 12 Kurse, Raum 11")
    ('Inhouse-Schulung SGB II/SGB VIII', 'SGB III, 12 Kurse, Raum 11')
    """

    def repair(match: re.Match) -> str:
        token = match.group(1)
        if token.isdigit():
            if set(token) == {"1"} and _CODE_BOOK.search(match.string, 0, match.start()):
                return "I" * len(token)
            return token
        if not any(c in "lI|tH" for c in token):
            return token
        if any(c in "tH" for c in token) and not any(c in "IVX" for c in token):
            return token  # "tt", "lt": no numeral letter read as such
        fixed = token.translate(_ROMAN_FIX)
        return fixed if _VALID_ROMAN.match(fixed) else token

    return _ROMAN_TOKEN.sub(repair, text)


# A range of two language levels, each as OCR may write it: a 1 as l, I or |, a 2 as Z, or a
# digit lost to a letter ("BU/B2")
_LEVEL_RANGE = re.compile(r"(?<![\w/-])([ABC][0-9A-Za-z|][/-][ABC][0-9A-Za-z|])(?![\w/-])")
_LEVEL_FIX = str.maketrans({"l": "1", "I": "1", "|": "1", "Z": "2"})


def fix_language_levels(text: str) -> str:
    """A range of language levels OCR misread ("BI/BZ", "Bl/B2" -> "B1/B2"), where the repair
    is a valid range; a code alone is left as read (it may be a word: "BI", "AZ").  A level whose
    digit is lost to another letter takes the one the range allows: "BU/B2" can only be "B1/B2".

    >>> fix_language_levels("Berufsbezogene Sprachförderung BI/BZ"), fix_language_levels("Deutschkurs Al/A2")
    ('Berufsbezogene Sprachförderung B1/B2', 'Deutschkurs A1/A2')
    >>> fix_language_levels("Sprachförderung BU/B2"), fix_language_levels("Sprachförderung B1/BX")
    ('Sprachförderung B1/B2', 'Sprachförderung B1/B2')
    >>> fix_language_levels("Sprachkurs BZ/BI"), fix_language_levels("BI und AZ"), fix_language_levels("CU/BX")
    ('Sprachkurs BZ/BI', 'BI und AZ', 'CU/BX')
    """
    def repair(match: re.Match) -> str:
        token = match.group(1)
        first, sep, second = token[:2].translate(_LEVEL_FIX), token[2], token[3:].translate(_LEVEL_FIX)
        if first[0] == second[0]:  # one letter: the levels are its 1 and 2
            if is_language_level(second) and second[1] == "2" and not is_language_level(first):
                first = first[0] + "1"
            elif is_language_level(first) and first[1] == "1" and not is_language_level(second):
                second = second[0] + "2"
        fixed = first + sep + second
        return fixed if is_language_level(fixed) else token

    return _LEVEL_RANGE.sub(repair, text)


def tidy_spacing(text: str) -> str:
    """One space between words, none before punctuation.

    >>> tidy_spacing("Café  Beruf ,  Teil 2 ")
    'Café Beruf, Teil 2'
    """
    text = " ".join(text.split())
    return re.sub(r"\s+([,.;:!?)])", r"\1", text)


# The bars of a Roman numeral read as marks ("|!" for "II"): part of a name, not a speck
BARRED_NUMERAL = re.compile(r"^[|!]{2,4}$")
_TRAILING_SPECK = re.compile(r"(?:\s+(?:[a-zäöü]|_{1,2}|(?!\|\|)[^\w\s()!?\"'.]{1,2}))+$")


def strip_trailing_specks(text: str) -> str:
    """A name without the specks OCR left after it: single lower-case letters and lone symbols.

    >>> strip_trailing_specks("Koordinierungsstelle Übergang Schule-Beruf o"), strip_trailing_specks("Frauen in Arbeit _ |")
    ('Koordinierungsstelle Übergang Schule-Beruf', 'Frauen in Arbeit')
    >>> strip_trailing_specks("Fit für den Beruf II"), strip_trailing_specks("Werkstattjahr 2.0"), strip_trailing_specks("Café (Beruf)")
    ('Fit für den Beruf II', 'Werkstattjahr 2.0', 'Café (Beruf)')
    >>> strip_trailing_specks("Fit für den Beruf ||"), strip_trailing_specks("Fit für den Beruf |!")  # bars of a numeral
    ('Fit für den Beruf ||', 'Fit für den Beruf |!')
    """
    return _TRAILING_SPECK.sub("", text)


_APOSTROPHES = "'‘’`´"
_QUOTES = '"„“”»«'
_LEADERS = "_-–—.,:;·•\\ "  # marks no name opens with: a leader, a dash or dot left of the bullet, a speck
_LETTER_SPECK = re.compile(rf"^[^\W\d_][{re.escape(_QUOTES + _APOSTROPHES)}.,:;·°]+\s+")  # 'u" ' before a name
# a lone digit before a name: a bullet glyph or an enumerator OCR read as a digit ("6 Modellprojekt
# Jugendberufsagentur" in a list of "o" glyphs); a name that opens with a digit alone is rare
LONE_DIGIT_LEAD = re.compile(r"^\d\s+(?=[A-ZÄÖÜ][a-zäöüß])")
_SPECKS_AFTER_MARK = re.compile(rf"\s[{re.escape(_QUOTES + _APOSTROPHES)}](?:\s+\S)+$")  # a lone mark, then single characters


def strip_edge_specks(text: str) -> str:
    """A name without the leader, dash or lone quote mark OCR left at its start or end: no name
    opens with "_", "-" or ".", and an apostrophe or a double quote that no other closes or opens
    is a speck.

    >>> strip_edge_specks("_Job-Coaching für Langzeitarbeitslose"), strip_edge_specks("'JobStarter Groß-Gerau")
    ('Job-Coaching für Langzeitarbeitslose', 'JobStarter Groß-Gerau')
    >>> strip_edge_specks("Fachkräfte für die Pflege'"), strip_edge_specks("'Jobs' für Jugendliche")
    ('Fachkräfte für die Pflege', "'Jobs' für Jugendliche")
    >>> strip_edge_specks("'- Kompetenzzentrum Arbeit"), strip_edge_specks('"Ausbildungsverbund Main-Taunus')
    ('Kompetenzzentrum Arbeit', 'Ausbildungsverbund Main-Taunus')
    >>> strip_edge_specks('„Jobs“ für Jugendliche'), strip_edge_specks(".Welcome Office")
    ('„Jobs“ für Jugendliche', 'Welcome Office')
    >>> strip_edge_specks('u" Werkhof Odenwald'), strip_edge_specks("A' Werkstatt")  # a bullet read as a letter and a mark
    ('Werkhof Odenwald', 'Werkstatt')
    >>> strip_edge_specks('Wiedereinstieg nach der Familienphase " 7 7'), strip_edge_specks('Projekt "Jobs" 2 3')
    ('Wiedereinstieg nach der Familienphase', 'Projekt "Jobs" 2 3')
    >>> strip_edge_specks("6 Modellprojekt Jugendberufsagentur"), strip_edge_specks("50 plus"), strip_edge_specks("3D Druck")
    ('Modellprojekt Jugendberufsagentur', '50 plus', '3D Druck')
    """
    while True:
        before = text
        text = LONE_DIGIT_LEAD.sub("", _LETTER_SPECK.sub("", text.lstrip(_LEADERS)))
        for marks in (_APOSTROPHES, _QUOTES):
            if sum(c in marks for c in text) == 1:
                if text[:1] in marks:
                    text = text[1:]
                elif text[-1:] in marks:
                    text = text[:-1].rstrip()
                elif (tail := _SPECKS_AFTER_MARK.search(text)) and text[tail.start() + 1] in marks:
                    text = text[: tail.start()].rstrip()  # 'Familienphase " 7 7': specks after it too
        if text == before:
            return text


# abbreviations, whose stop stays inside a name ("Ausbildung bzw. umschulen") and at its end ("Nr.")
ABBREVIATIONS = frozenset({"bzw", "ca", "ggf", "inkl", "evtl", "sog", "usw", "vgl", "zzgl", "bspw", "insb", "gem",
                           "ggü", "mind", "max", "min", "etc", "co", "dr", "nr", "st", "str",
                           "u", "a", "z", "b", "d", "h", "e", "v", "o", "s"})
# a stop inside a name, after a word and before a small word ("in.der", "für. die"), or after
# a little word ("mit. Sprachmodul": no abbreviation, and no sentence ends in one), or after a
# long word ("Arbeitsmarkt. III": abbreviations are short, "Str.", "bzw.")
_INNER_STOP = re.compile(r"(\w+)\.\s*(?=(\w))")
LONG_WORD = 6
# a hyphen OCR set apart from the first or the second part of a compound: "Waldeck -Frankenberg",
# "Werra- Meißner" (a hyphen that ends a word stands before "und" or "oder", not before a capital)
_LOOSE_HYPHEN = re.compile(r"\b([^\W\d_]+)(?: +-(?=([^\W\d_]))|- +(?=[A-ZÄÖÜ]))")
# the little words a compound's last part follows, its first part left out: "und -vorbereitung"
_ELLIPSIS_WORDS = frozenset({"und", "oder"})


def _loose_hyphen(match: re.Match) -> str:
    """A loose hyphen joined to its compound, unless the word before is a little word, which opens
    no compound ("mit -Berufsabschluss": a speck, dropped); after "und" or "oder" a hyphen before
    a small letter stands for a compound's first part left out ("und -vorbereitung": kept)."""
    word, following = match.group(1), match.group(2)
    if word not in FUNCTION_WORDS:
        return word + "-"
    if word in _ELLIPSIS_WORDS and following is not None and following.islower():
        return match.group(0)
    return word + " "
# a stop closing a name after a word, a code or a version: "Jobcoaching.", "B2.", "3.0."
_CLOSING_STOP = re.compile(r"(?:(?<=\w\w)|(?<=\d\.\d))\.$")
# a colon before a little word: "Ausbildung: im Garten- und Landschaftsbau" (a subtitle after a
# colon opens with a capital: "Kochwerk: Qualifizierung")
_LOOSE_COLON = re.compile(r"(?<=\w):\s*(?=(?:" + "|".join(sorted(FUNCTION_WORDS)) + r")\b)")
# a colon after a little word: "Gastro-Ausbildung mit: Begleitung" (no subtitle follows a preposition)
_COLON_AFTER_LITTLE = re.compile(r"\b(" + "|".join(sorted(FUNCTION_WORDS)) + r"):(?=\s)")
_DASH_RUN = re.compile(r"(?<=\s)([-–—])[-–—]+(?=\s)")
# a hyphen after a word before a little word other than "und": a compound's first part hangs
# before "und" only ("Garten- und Landschaftsbau"), so "Ausbildungscoaching- für" is a speck's
_HANGING_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=\s+(?:" + "|".join(sorted(FUNCTION_WORDS - {"und"})) + r")\b)")
_LOOSE_MARKS = re.compile(r"(?:\s+[-–—.,:;]+|:)$")  # marks after a name's last word: "Arbeitsplatz -.", "Abschlüsse:"
# an apostrophe after a word inside a name, none other to pair with: a speck's ("Beruf' II"),
# unless it elides a genitive's s after a hissing sound ("Klaus' Werkstatt")
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_sßxzSXZ])[" + _APOSTROPHES + r"](?=\s)")


# a stop right before a dash set off after it ("Kochwerk.- Qualifizierung"): a speck, the dash a separator
_STOP_BEFORE_DASH = re.compile(r"(\w{2,})\.\s?([-–—])(?=\s)")


def _dash_after_stop(match: re.Match) -> str:
    word, dash = match.group(1), match.group(2)
    return match.group(0) if word.lower() in ABBREVIATIONS else f"{word} {dash}"


def strip_stray_stops(text: str) -> str:
    """A name without the full stops OCR read from specks: inside it before a small word (no
    sentence ends inside a name, and a small word never opens one) or after a little or a long
    word, or closing it after a word or a version number; without the second of two dashes in a
    row, a hyphen hanging before a little word other than "und" or a lone apostrophe after a
    word that elides nothing, and with a hyphen set apart from a compound's first part joined
    again.  An
    abbreviation's stop stays ("bzw. die", "e.V.", "St. Georg").

    >>> [strip_stray_stops(t) for t in ("Ausbildung in.der Pflege", "Kurs mit. Sprachmodul", "Arbeitsmarkt. III")]
    ['Ausbildung in der Pflege', 'Kurs mit Sprachmodul', 'Arbeitsmarkt III']
    >>> [strip_stray_stops(t) for t in ("Jobcoaching.", "Azubi-Coaching 3.0.", "Schule -Beruf", "Neustart —- Wege")]
    ['Jobcoaching', 'Azubi-Coaching 3.0', 'Schule-Beruf', 'Neustart — Wege']
    >>> strip_stray_stops("Netzwerk Ausbildung Werra- Meißner"), strip_stray_stops("Sprach- und Berufsorientierung")
    ('Netzwerk Ausbildung Werra-Meißner', 'Sprach- und Berufsorientierung')
    >>> strip_stray_stops("Ausbildungscoaching- für junge Mütter"), strip_stray_stops("Fit für den Beruf' II")
    ('Ausbildungscoaching für junge Mütter', 'Fit für den Beruf II')
    >>> strip_stray_stops("Kochwerk.- Qualifizierung in der Gastronomie"), strip_stray_stops("Neustart. – Wege")
    ('Kochwerk - Qualifizierung in der Gastronomie', 'Neustart – Wege')
    >>> kept = ("bzw. die Umschulung", "Jugendhilfe e.V.", "Kita St. Georg", "Netzwerk Nr.", "Kochwerk: Qualifizierung",
    ...         "Kita St. - Georg",
    ...         "Werkstattjahr 2.0", "Garten- und Landschaftsbau", "Klaus' Werkstatt", "'Jobs' für Jugendliche")
    >>> [strip_stray_stops(t) for t in kept] == list(kept)
    True
    """
    def inner(match: re.Match) -> str:
        word, following = match.group(1), match.group(2)
        if word in FUNCTION_WORDS or (word.isalpha() and len(word) >= LONG_WORD) \
                or (following.islower() and word.lower() not in ABBREVIATIONS):
            return word + " "
        return match.group(0)

    text = _STOP_BEFORE_DASH.sub(_dash_after_stop, _LOOSE_MARKS.sub("", text))
    text = _HANGING_HYPHEN.sub("", _COLON_AFTER_LITTLE.sub(r"\1", _LOOSE_COLON.sub(" ", _INNER_STOP.sub(inner, text))))
    if sum(c in _APOSTROPHES for c in text) == 1:
        text = _INNER_APOSTROPHE.sub("", text)
    last = text.rsplit(" ", 1)[-1].removesuffix(".")
    if last.lower() not in ABBREVIATIONS and (re.fullmatch(r"\d+(?:\.\d+)+", last) or "." not in last):
        text = _CLOSING_STOP.sub("", text)  # not an abbreviation's ("e.V.", "Nr.")
    return _LOOSE_HYPHEN.sub(_loose_hyphen, _DASH_RUN.sub(r"\1", text))


@lru_cache(maxsize=1)
def _parted_places() -> tuple[tuple[re.Pattern, str], ...]:
    """A pattern of each hyphened region name (and of it without "-Kreis") written with spaces
    where its hyphens are, and the name as written, longest first."""
    names = {name for region in regions() if "-" in region.name
             for name in (region.name, region.name.removesuffix("-Kreis")) if "-" in name}
    return tuple((re.compile(r"\b" + r"\s+".join(map(re.escape, name.split("-"))) + r"\b"), name)
                 for name in sorted(names, key=len, reverse=True))


def join_place_names(text: str) -> str:
    """A name with the hyphens of the regions' names OCR lost put back: every hyphened place name
    of Hessen's counties is written so ("Marburg Biedenkopf" read from a 200 dpi fax).

    >>> join_place_names("Welcome Office Marburg Biedenkopf"), join_place_names("Werkhof Schwalm Eder Kreis")
    ('Welcome Office Marburg-Biedenkopf', 'Werkhof Schwalm-Eder-Kreis')
    >>> join_place_names("Ausbildungsverbund Groß-Gerau"), join_place_names("Main und Kinzig")
    ('Ausbildungsverbund Groß-Gerau', 'Main und Kinzig')
    """
    for pattern, name in _parted_places():
        text = pattern.sub(name, text)
    return text


def normalize_project(text: str) -> str:
    """The normalized form of a project name as read (the raw stays beside it)."""
    return tidy_spacing(join_place_names(correct_text(fix_language_levels(fix_roman_numerals(
        strip_stray_stops(strip_edge_specks(strip_trailing_specks(text.strip()))))))))
