"""Signing places and dates from the two signature blocks ("Wiesbaden, den 12.03.2024")."""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from ..normalize.fuzzy import best_match, combined_confidence, fold
from ..normalize.lexicons import GERMAN_MONTHS, regions
from ..records import Line
from .amounts import number_conf

# A place followed by a comma (or a comma read as a full stop): "Wiesbaden," "Hofheim am Taunus,"
PLACE = re.compile(
    r"""(?P<place>(?:^[a-zäöü]|[A-ZÄÖÜ]|L\.(?=[a-zäöü]))[A-Za-zÄÖÜäöüß\-]+  # Wiesbaden, Bad; "wiesbaden" opening a line
        (?:\s+(?:(?:am|arn|an|der|im|in|ob|vor|[avd][a-zäöü]?[.:]{1,2}|[avd](?=\s+[A-ZÄÖÜ]))\s*)*  # am / an der / v. d.
           (?:[A-ZÄÖÜ]|[Ll]\.(?=[a-zäöü]))[A-Za-zÄÖÜäöüß\-]+){0,3}  # Homburg, Höhe, Taunus ("arn": rn for m; "v:", "d Lahn";
                                                                 # "l.ahn", "L.imburg": an L's foot read as a stop)
        (?:\s*\([A-Za-zäöü ]+\))?)                                 # (Hessen)
    (?:\s*[,.]{1,2}|(?=\s+d[eo]n\s*\d))""",                          # the comma, or none before "den 12.5.19"
    re.VERBOSE,
)
# "den", and what OCR makes of it when a handwritten date touches it: "der", "de#", "deß", "d."
DATED = re.compile(r"^(?:d[eoac][nrmß#]|d\.|am\b)")  # "den" and its OCR forms ("dcn"), opening a date
DEN = re.compile(r"^\s*(?:d[eoac]?[nrmß#]?\.?|am\b)")
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*\.\s*(\d{1,2})\s*\.\s*(\d{4}|\d{2})(?!\d)")
# the first dot lost: "05 06.2024" (two digits each side of the gap, so day and month stay clear)
LOST_DOT_DATE = re.compile(r"(?<![\d.])(\d{2})\s(\d{2})\s*\.\s*(\d{4})(?!\d)")
# a dot read as a comma or a colon, or with a speck beside it: "27.4,14", "23:5.14", "25.1:.18"
# (read, but unsure: which mark was printed is a guess)
COMMA_DATE = re.compile(r"(?<![\d,.:])(\d{1,2})\s*[.,:]{1,2}\s*(\d{1,2})\s*[.,:]{1,2}\s*(\d{4}|\d{2})(?![\d,:])")
COMMA_DATE_SCORE = 60.0
# a dot lost to a gap where rejoining the digits makes no date: "18 2.16" (read, but unsure: the
# gap may have held more than a dot)
GAP_DATE = re.compile(r"^(\d{1,2})\s+(\d{1,2})\s*[.,]\s*(\d{4}|\d{2})(?![\d,])")
GAP_DATE_SCORE = 60.0
# a day OCR read as letters before a month name ("I. Februar 2017", "l3. Mai 2019"): the letters
# that stand for digits (as amounts' _DIGIT_FIX), the date as unsure as one with a lost dot
LETTER_DAY = re.compile(r"^(?=[\dIl|Oo]?[Il|Oo])([\dIl|Oo]{1,2})(?:\s*\.\s*|\s+)([A-Za-zäÄ]{3,10})\s+\d{4}(?!\d)")
_DAY_DIGITS = str.maketrans({"I": "1", "l": "1", "|": "1", "O": "0", "o": "0"})
# what is left of a typed date OCR misread: a year ("2O21"), or day and month ("12.03.")
YEAR_LIKE = re.compile(r"(?<![A-Za-z])(?:19|2[0O])[0-9OoIl]{2}(?![\dA-Za-z])")  # also "25.062016" (a dot lost)
# "12.03." with or without its year, "30.115" (30.1.15 with a dot lost), or "25.14" (2.5.14 with
# a dot lost): two numbers of a date, which a scribble over the line does not leave
PARTIAL_NUMERIC_DATE = re.compile(r"\d{1,2}\s*\.\s*\d{1,2}\s*\.|\d{1,2}\s*[.,:]\s*\d{2,6}(?!\d)")
# the digits of a short date whose dots were lost ("22 323" for "22.3.23"): day, month and a year
# of the agreement's in them (a scribble over a typed date leaves digits too: "6253")
DATE_DIGITS = 4
MONTH_CUTOFF = 80
MONTH_WORD_CONFIDENCE = 0.9  # a month name read letter for letter (as measures.WORD_LIST_CONFIDENCE)
MIN_FUZZY_MONTH = 5  # shorter month names (Mai, Juni, Juli, März) count only when read exactly
MONTH_MARGIN = 10  # how much closer a misread month name must be to its month than to any other
WORD_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*\.?\s*([A-Za-zäÄ]{3,10})\s+(\d{4})(?!\d)")


@dataclass(frozen=True)
class PlaceDate:
    place: str | None
    place_raw: str
    date: str | None
    date_raw: str
    page: int
    conf: float = 1.0  # the weaker of the two below
    place_conf: float = 1.0
    date_conf: float = 1.0


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
    read = read_date(text, year_hint)
    return read[0] if read else None


def read_date(text: str, year_hint: int | None = None) -> tuple[str, float] | None:
    """The ISO date in ``text`` and how sure its month name was read (0-100; 100 for a numeric date).

    A month name OCR garbled counts when it is close to one month only (``month_number``).

    >>> read_date("21. Novcmber 2024")
    ('2024-11-21', 87.5)
    >>> read_date("3. Jnli 2019") is None  # Juni or Juli
    True
    >>> read_date("27.4,14")  # a 200 dpi JPEG: a dot read as a comma
    ('2014-04-27', 60.0)
    """
    m = NUMERIC_DATE.search(text) or LOST_DOT_DATE.search(text)
    comma = None if m else COMMA_DATE.search(text)
    if m or comma:
        m = m or comma
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        score = 100.0 if m is not comma else COMMA_DATE_SCORE
    else:
        w = WORD_DATE.search(text)
        month_read = month_number(w.group(2)) if w else None
        if not month_read:
            return None
        day, (month, score), year = int(w.group(1)), month_read, int(w.group(3))
    if year < 100:
        year += 2000
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if year_hint is not None and not (year_hint - 1 <= year <= year_hint + 1):
        return None
    return date.isoformat(), score


def read_signing_date(date_raw: str, year_hint: int | None = None) -> tuple[str, float] | None:
    """The ISO date of the text after a signing place, and how sure it was read (as ``read_date``).

    Digits OCR split are rejoined first ("den1 0.05.2019"); where that makes no date, a gap
    between day and month is taken for a lost dot, unsure.

    >>> read_signing_date("den1 0.05.2019")
    ('2019-05-10', 100.0)
    >>> read_signing_date("den 18 2.16")  # a 300 dpi TIFF: 18.2.16, the first dot lost
    ('2016-02-18', 60.0)
    >>> read_signing_date("den 18 2.16", year_hint=2020) is None
    True
    """
    read = read_date(clean_date_text(date_raw), year_hint)
    if read is not None:
        return read
    if (day := _letter_day(date_raw)) is not None:
        read = read_date(clean_date_text(day), year_hint)
        return (read[0], min(read[1], GAP_DATE_SCORE)) if read else None
    gap = GAP_DATE.match(DEN.sub("", date_raw, count=1).strip())
    if gap is None:
        return None
    dotted = read_date(f"{gap[1]}.{gap[2]}.{gap[3]}", year_hint)
    return (dotted[0], min(dotted[1], GAP_DATE_SCORE)) if dotted else None


def _letter_day(text: str) -> str | None:
    """The date after a place with the letters OCR read for its day's digits put back, where a
    month name and a year follow ("I. Februar 2017" -> "1. Februar 2017"); None where the day is
    no such misreading.

    >>> _letter_day("I. Februar 2017"), _letter_day("den l3. Mai 2019"), _letter_day("1. Mai 2019")
    ('1. Februar 2017', '13. Mai 2019', None)
    >>> _letter_day("Im Mai 2019"), _letter_day("Oktober 2019")
    (None, None)
    """
    text = DEN.sub("", text, count=1).strip()
    day = LETTER_DAY.match(text)
    if day is None or month_number(day[2]) is None:
        return None
    return day[1].translate(_DAY_DIGITS) + text[day.end(1):]


def month_number(word: str) -> tuple[int, float] | None:
    """The month a German month name stands for, with the match score; None when it is unclear.

    A misread name must reach MONTH_CUTOFF against a name of MIN_FUZZY_MONTH letters or more
    ("Main" is no "Mai") and be MONTH_MARGIN closer to its month than to any other.

    >>> month_number("März"), month_number("ApriI"), month_number("Novcmber")
    ((3, 100.0), (4, 100.0), (11, 87.5))
    >>> [month_number(w) for w in ("Jnli", "Juii", "Mittwoch", "Main", "Marz")]
    [None, None, None, None, (3, 88.88888888888889)]
    """
    folded = fold(word)
    best: dict[int, float] = {}
    for name, number in GERMAN_MONTHS.items():
        score = fuzz.ratio(folded, name)
        if score == 100 or len(name) >= MIN_FUZZY_MONTH:
            best[number] = max(best.get(number, 0.0), score)
    ranked = sorted(best.items(), key=lambda item: -item[1]) + [(0, 0.0)]
    (month, score), runner_up = ranked[0], ranked[1][1]
    if score == 100 or (score >= MONTH_CUTOFF and score - runner_up >= MONTH_MARGIN):
        return month, score
    return None


def partly_legible(date_raw: str, year: int | None = None) -> bool:
    """Whether a date that could not be read still shows a year or a month: a typed date misread.

    >>> [partly_legible(t) for t in ("den u. Januar 2021", "den 1l.O3.2O21", "den 12.03.", "den 25.062016 00°")]
    [True, True, True, True]
    >>> partly_legible("den 30.115"), partly_legible("den 25.14")  # 200 dpi 1-bit PNGs: a dot lost
    (True, True)
    >>> partly_legible("22 323", 2023), partly_legible("den 223", 2023)  # a 200 dpi 1-bit PNG: both dots lost
    (True, False)
    >>> partly_legible("6253", 2017), partly_legible("22 323")  # a scribble over a date: no date of the year
    (False, False)
    >>> [partly_legible(t) for t in ("", "den", "7u((N", "de# ~~ ,r")]
    [False, False, False, False]
    """
    text = clean_date_text(date_raw)
    if any(YEAR_LIKE.search(t) or PARTIAL_NUMERIC_DATE.search(t) for t in (text, date_raw)):
        return True
    if year is not None and spells_date(date_raw, year):
        return True
    return any(best_match(w, list(GERMAN_MONTHS), cutoff=MONTH_CUTOFF) for w in re.findall(r"[A-Za-zäÄ]{4,}", text))


def spells_date(text: str, year: int) -> bool:
    """Whether the digits of ``text``, at least ``DATE_DIGITS``, split into a day, a month and a
    year of two or four digits that is ``year`` or the one before (an agreement is signed in its
    year or late in the one before).

    >>> spells_date("22 323", 2023), spells_date("1232024", 2024), spells_date("6253", 2017), spells_date("223", 2023)
    (True, True, False, False)
    """
    digits = "".join(c for c in text if c.isdigit())
    if not DATE_DIGITS <= len(digits) <= 8:
        return False
    for ylen in (2, 4):
        rest, y = digits[:-ylen], digits[-ylen:]
        if len(y) != ylen or int(y) not in ((year, year - 1) if ylen == 4 else (year % 100, (year - 1) % 100)):
            continue
        for dlen in (1, 2):
            day, month = rest[:dlen], rest[dlen:]
            if 1 <= len(month) <= 2 and day and 1 <= int(day) <= 31 and 1 <= int(month) <= 12:
                return True
    return False


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


def clean_date_text(text: str) -> str:
    """The date part after a place: "den" (or its OCR form) dropped, digits split by OCR rejoined.

    >>> clean_date_text("den1 0.05.2019")
    '10.05.2019'
    >>> clean_date_text("deß9.04.2021")
    '9.04.2021'
    >>> clean_date_text("den 01.03.2022 7u((N")  # a scribble after the date
    '01.03.2022'
    """
    text = DEN.sub("", text, count=1).strip()
    # rejoin digits OCR split ("1 0.05"), but never glue a scribble to a complete date
    whole = NUMERIC_DATE.match(text) or LOST_DOT_DATE.match(text) or WORD_DATE.match(text)
    if whole:
        return text[: whole.end()]
    return re.sub(r"(?<=[\d.])\s+(?=[\d.])", "", text).strip()


def _last_digit_end(text: str, start: int, end: int) -> int:
    """Where the last digit of ``text[start:end]`` ends (the year closes a date); ``end`` without one.

    >>> text = 'Wiesbaden, den 30.04.2017" _'
    >>> text[:_last_digit_end(text, 10, len(text))]
    'Wiesbaden, den 30.04.2017'
    """
    digits = [i for i in range(start, end) if text[i].isdigit()]
    return digits[-1] + 1 if digits else end


def place_score(raw: str, place: str) -> float:
    """How close the raw text is to the place it was snapped to (its best-matching tail)."""
    words = raw.split()
    return max(fuzz.ratio(fold(" ".join(words[k:])), fold(place)) for k in range(len(words)))


def _place_in(candidate: str) -> str | None:
    """The signing place a capitalised run ends with ("AAN Erbach" -> "Erbach": scribble before it)."""
    words = candidate.split()
    for k in range(len(words)):
        place = normalize_place(" ".join(words[k:]))
        if place is not None:
            return place
    return None


def _date_words_conf(line: Line, start: int, end: int) -> float:
    """The lowest OCR confidence of a date's words, where a month name spelled exactly counts as
    sure as a word the word list confirms (``MONTH_WORD_CONFIDENCE``): Tesseract hesitates over
    "Februar" it read right as over a word of the German list.  Its numbers are doubted as any
    number's (``number_conf``): no list confirms a day or a month's digits ("23.01.2025" at 0.84
    for "23.04.2025")."""
    confs = [max(conf, MONTH_WORD_CONFIDENCE) if _month_name(word)
             else number_conf(conf) if any(c.isdigit() for c in word) else conf
             for word, conf in line.words_in(start, end)]
    return min(confs) if confs else line.span_conf(start, end)


def _month_name(word: str) -> bool:
    """Whether a word is a German month name as printed ("Februar", "März,")."""
    bare = word.strip(".,")
    return bare == bare.capitalize() and bare.lower() in GERMAN_MONTHS


MAX_SCRIBBLE_LETTERS = 8  # letters besides two places on a signing line whose dates are scribbles


def _words_before_date(date_raw: str) -> bool:
    """Whether words stand between "den" and the date's first digit: the date is another
    column's, whose place OCR garbled ("Wiesbaden. den Nr Bad Homburg v; d. Hohe. den 07.02.2020").

    >>> _words_before_date("den Nr Bad Homburg v; d. Hohe. den 07.02.2020"), _words_before_date("den 7. Februar 2020")
    (True, False)
    >>> _words_before_date("dcn Nr 07.02.2020"), _words_before_date("am 1. März 2021")
    (False, False)
    """
    lead = re.split(r"\d", clean_date_text(date_raw), maxsplit=1)
    return len(lead) > 1 and len(re.findall(r"[A-Za-zÄÖÜäöüß]{2,}", lead[0])) >= 2


def find_place_dates(lines: Sequence[Line], year_hint: int | None) -> list[PlaceDate]:
    """Every "Place, den date" in the given lines, left to right, top to bottom."""
    found: list[PlaceDate] = []
    for line in lines:
        hits, dated = [], 0
        for m in PLACE.finditer(line.text):
            place = _place_in(m["place"])
            if place is None:
                continue
            after = line.text[m.end():].strip()
            dated += not after or after[:1].isdigit() or bool(DATED.match(after)) or _letter_day(after) is not None
            # a column read on its own: "Fulda, <scribble>" opening a short line
            dated += m.start() == 0 and len(after.split()) <= 3
            hits.append((m, place))
        if not dated and len(hits) >= 2:
            # two places and little else: two signing columns whose dates are scribbles ("Wiesbaden, N N
            # Darmstadt, „TV"), not running text naming places
            rest = line.text
            for m, _ in reversed(hits):
                rest = rest[:m.start()] + rest[m.end():]
            dated = sum(c.isalpha() for c in rest) <= MAX_SCRIBBLE_LETTERS
        if not dated:
            continue  # a place named in running text, not a signing line
        for k, (m, place) in enumerate(hits):
            end = hits[k + 1][0].start() if k + 1 < len(hits) else len(line.text)
            date_raw = line.text[m.end():end].strip()
            read = read_signing_date(date_raw, year_hint) if not _words_before_date(date_raw) else None
            date = read[0] if read else None
            place_conf = combined_confidence(line.span_conf(m.start(), m.end()), place_score(m["place"], place))
            # the date's own words: not the specks or scribble after its year ("den 28. April 2020 °"),
            # and no surer than its month name was read
            date_conf = min(_date_words_conf(line, m.end(), _last_digit_end(line.text, m.end(), end)),
                            read[1] / 100) if read else 1.0
            found.append(PlaceDate(place, m["place"].strip(), date, date_raw, line.page,
                                   min(place_conf, date_conf), place_conf, date_conf))
    return found
