"""The funded projects: category headings of the four measure types and the bullets under them.

Stages, in order: classify each line (bullet, category heading, other text), group bullets with
their wrapped continuation lines, attach each bullet to the heading above it, split an amount
written after a project name off into ``amount_eur``.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from statistics import median

from rapidfuzz import fuzz

from ..normalize.fuzzy import fold
from ..normalize.lexicons import CATEGORIES, is_language_level, regions
from ..normalize.regions import aliases
from ..normalize.text import BARRED_NUMERAL, LONE_DIGIT_LEAD, strip_trailing_specks
from ..normalize.words import (FUNCTION_WORDS, MIN_LEN, correct_text, correct_word, glued_misread, glued_words,
                               is_english, is_word, listed, listed_parts, long_compound, lost_umlaut, near_word,
                               opens_capital, shape_twins, umlaut_twins, variants, written_word)
from ..records import UNSCORED_WORD, BBox, Line
from .amounts import (SPLIT_GROUP_CONFIDENCE, MoneyMatch, amount_doubt, colon_lead, dropped_lead, find_money,
                      number_conf, unit_lost_amount)
from .lines import BARE_NUMBER, PAGE_GAP, YEAR

# Bullet glyphs and the forms OCR gives them; a leading run of up to three symbols also counts.
GLYPHS = frozenset("•●◦∙·▪■□►▸➢➤✓✔-–—*°«»=~+>\"'.,:;_®©#\u2022\uf0b7\uf0a7")  # "●" often reads "®", or "#"
LETTER_GLYPHS = frozenset({"o", "e", "0", "O"})  # "o" bullets, and "•" read as "e"
NOT_GLYPHS = frozenset("§$&([„")
SECOND_SPECKS = (GLYPHS - {'"'}) | frozenset("·`~")  # what may stand between a bullet glyph and its item
# Short German words that may begin a line: never taken for a bullet read as letters.
SHORT_WORDS = frozenset({"ab", "am", "an", "da", "du", "er", "es", "im", "in", "ja", "je", "ob", "so", "um", "wo", "zu", "zum", "zur", "der", "die", "das", "den", "dem", "des", "ein", "mit", "von", "für", "und", "bei", "aus", "auf"})
ENUMERATOR = re.compile(r"^\s*(?:[.,'`]\s*(?=[0-9IVX]))?"  # a speck before it (".V. Netzwerk- und ...")
                        r"(?:\(?[0-9]{1,2}[.)]|\(?[a-h][.)]|\(?[IVX]{1,4}[.)]|[IVX]{1,4}\s)\s*")
ENUMERATOR_WITHOUT_DOT = re.compile(r"^\s*\(?\d{1,2}[.)]?\s+(?=[A-ZÄÖÜ])")
ENUMERATED_HEADING = re.compile(r"^\s*\(?\d{1,2}[.)]?\s+[A-ZÄÖÜ]")  # "5. Sonstige Maßnahmen", "5 Modellvorhaben"
NONE_MARKER = re.compile(r"^\s*[-–—('\"„]*\s*(keine|entfällt|keine Projekte|keine Maßnahmen)\s*[-–—)]*\.?\s*$", re.IGNORECASE)
CATEGORY_CUTOFF = 84.0
MAX_NAME_WORDS = 8  # a longer line left over is running text (the sentence that closes the list)
TAIL = 40  # characters at the end of a long heading that identify its type on their own
HEADING_SLACK = 3.0  # score a wrapped heading may lose by its next line (OCR noise in it) and still go on
WORD_LIST_CONFIDENCE = 0.9
NEAR_WORD_CONFIDENCE = 0.6  # a word one edit from a German word but not one itself ("Arbeitsvermittiung")
MIN_NAME_LETTERS = 3  # an item with fewer letters is a speck OCR read, not a name
# Tesseract's word confidence from which a word near a German word is taken as printed: on the
# sample generator's hard scans, unrepairable misreadings ran 0.3-0.8, names that are no
# dictionary words ("Coaching", "Gastro") mostly 0.9 and more.
SURE_OCR = 0.9


@dataclass(frozen=True)
class Bullet:
    category_code: str
    category_raw: str
    text: str  # the project text with wrapped lines joined, glyph removed
    page: int
    bbox: BBox | None
    conf: float = 1.0  # lowest OCR word confidence of the project text
    category_score: float = 100.0  # how well the heading matched its measure type
    amount_raw: str = ""  # the amount column of a table row ("40.500,00 €")
    participants: int | None = None  # the participants column of a table row
    two_items: bool = False  # a table row that may hold two items, the second's glyph lost
    amount_conf: float = 1.0  # lowest OCR word confidence of its amount
    count_conf: float = 1.0  # lowest OCR word confidence of its participant count (a table row's)
    split: bool = False  # a piece of a line that read as two items run together, split in two

    @property
    def value_conf(self) -> float:
        """The lowest OCR word confidence of its amount and participant count."""
        return min(self.amount_conf, self.count_conf)


@dataclass(frozen=True)
class CategoryBlock:
    code: str
    heading_raw: str
    page: int
    says_none: bool  # the text states there are no projects ("keine")
    score: float = 100.0  # category match score of the heading


# a line of nothing but what OCR makes of bullet glyphs, read apart from their items as a column
GLYPH_COLUMN = re.compile(r"[\s0oOec°©®•·*\-–.,:;|]+")


MIN_WORD_LETTERS = 4  # a word of a name; shorter runs of letters in a column are glyphs ("EEE")


def glyph_column(line: Line) -> bool:
    """Whether a line is the column of a list's bullet glyphs, read apart from their items as one
    "line" far taller than wide that stands beside several of them ("EEE I", 8 pt wide and 71 pt
    tall beside five items, a 300 dpi TIFF): it holds no word, whatever letters OCR made of it.

    >>> glyph_column(Line("EEE I", 3, (92, 223, 100, 294))), glyph_column(Line("Fit für die Arbeitswelt!", 3, (106, 240, 226, 249)))
    (True, False)
    >>> glyph_column(Line("•", 3, (92, 223, 97, 229))), glyph_column(Line("EEE I", 3))
    (False, False)
    """
    if line.bbox is None:
        return False
    width, height = line.bbox[2] - line.bbox[0], line.bbox[3] - line.bbox[1]
    return height > 2 * width and not re.search(rf"[^\W\d_]{{{MIN_WORD_LETTERS},}}", line.text)


def is_none_marker(text: str) -> bool:
    """Whether a line says the category has no projects, its words repaired first ("kcine Projekte").

    >>> is_none_marker("kcine Projekte"), is_none_marker("- keine -"), is_none_marker("Keine Angst vor Mathe")
    (True, True, False)
    >>> is_none_marker("keine Progekte"), is_none_marker("keine Piojekte"), is_none_marker("Keine Angst")  # 200 dpi
    (True, True, False)
    >>> is_none_marker("u keine"), is_none_marker("Es keine")  # a speck before it, read as a letter (1-bit TIFF)
    (True, False)
    >>> is_none_marker("oO keine")  # a round glyph read as two letters (a 200 dpi PDF of a fresh hard set)
    True
    """
    first, _, rest = text.strip().partition(" ")
    if NONE_MARKER.match(text) or ((len(first) <= MAX_SPECK_CHARS or ROUND_GLYPH.fullmatch(first))
                                   and NONE_MARKER.match(rest)):
        return True
    if len(text.split()) > 3:
        return False  # the marker is two words at most
    repaired = correct_text(text)
    if NONE_MARKER.match(repaired):
        return True
    words = repaired.strip(" -–—().'\"„").split()
    return len(words) == 2 and words[0].casefold() == "keine" and max(
        fuzz.ratio(words[1].casefold(), noun) for noun in ("projekte", "maßnahmen")) >= NONE_NOUN_CUTOFF


def is_none_fragment(text: str) -> bool:
    """Whether a line alone is the start of "keine" that OCR cut short ("kei", "Kein"): no
    project's name, most likely the marker, but which one the line said is open.

    >>> is_none_fragment("kei"), is_none_fragment("Kein."), is_none_fragment("keine"), is_none_fragment("ke")
    (True, True, False, False)
    >>> is_none_fragment("Kein Abschluss ohne Anschluss")
    False
    """
    word = text.strip(" -–—().,'\"„").casefold()
    return MIN_NONE_FRAGMENT <= len(word) < len("keine") and "keine".startswith(word)


MIN_NONE_FRAGMENT = 3  # letters of "keine" a line must keep to be taken for it
MAX_SPECK_CHARS = 1  # a speck OCR read before a line, as a letter or mark ("u keine")
ROUND_GLYPH = re.compile(r"[oO0°]{1,2}")  # a round bullet glyph as OCR reads it, once or twice ("oO")
NONE_NOUN_CUTOFF = 80  # "Progekte", "Piojekte": one letter misread of "Projekte" (87.5)


LOOSE_MARK = re.compile(r"\s+[.,:;·°'’`´\"]$")  # a speck read as a mark after a heading: "Modellvorhaben ."


def strip_enumerator(text: str) -> str:
    """Remove a leading list number or letter, and a lone mark a speck left after the heading.

    >>> strip_enumerator("2. Ausbildung und Ausbildungscoaching")
    'Ausbildung und Ausbildungscoaching'
    >>> strip_enumerator("b) Qualifizierungsprojekte"), strip_enumerator("Modellvorhaben .")
    ('Qualifizierungsprojekte', 'Modellvorhaben')
    """
    return LOOSE_MARK.sub("", ENUMERATOR.sub("", text, count=1)).strip()


@cache
def _category_targets() -> tuple[tuple[str, str], ...]:
    """(code, folded heading form) for every form of every measure type."""
    return tuple((code, fold(form)) for code, (_, forms) in CATEGORIES.items() for form in forms)


@lru_cache(maxsize=8192)  # a line is asked about several times (about 3.5 on a text-layer agreement)
def category_of(text: str) -> tuple[str, float] | None:
    """The measure type whose heading ``text`` is (code, score), or None.

    Matches the whole line against every heading form, and a line that is the first part of a
    long heading against the same-length start of that form.

    >>> category_of("Ausbildunqsvorbereitunq")[0]
    'AV'
    >>> category_of("Qualifizierungsproiekte zur Arbeitsmarktinteqration, Fachkräftesicherung")[0]
    'QP'
    >>> category_of("6) REICh EE zur Arbeitsmarktintegration, Fachkräftesicherung")[0]
    'QP'
    >>> category_of("Der Landkreis finanziert folgende Projekte:") is None
    True
    """
    line = fold(strip_enumerator(text))
    if len(line) < 8:
        return None
    best: tuple[str, float] | None = None
    for code, target in _category_targets():
        score = fuzz.ratio(line, target)
        if len(line) >= 25 and len(target) > len(line) + 5:
            score = max(score, fuzz.ratio(line, target[: len(line)]) - 2)
        if len(line) >= TAIL and len(target) >= TAIL:  # the head garbled: "6) REICh EE zur Arbeitsmarktintegration, ..."
            score = max(score, fuzz.ratio(line[-TAIL:], target[-TAIL:]) - 4)
        if best is None or score > best[1]:
            best = (code, score)
    if best and best[1] >= CATEGORY_CUTOFF:
        return best
    return None


GUESS_CUTOFF = 65.0  # a garbled heading this close to a type's is taken for it, unsure
UNNAMED_KIND_SCORE = 70.0  # a heading of a type of its own that names no kind of measures: a guess


OFFICIAL_ORDER = ("AV", "AB", "QP", "WB")  # the order the agreements list the official types in
ORDER_GUESS_SCORE = 60.0  # a type heading read as noise, known only by its place in the enumeration
LABEL = re.compile(r"^\s*\(?(?P<label>[0-9]{1,2}|[a-h]|[IVX]{1,4})[.)]")
ROMAN_LABELS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")


def enumerator_label(text: str) -> str | None:
    """The label of a line's enumerator: "c" for "c) ...", "3" for "3. ...", "III" for "III. ...".

    >>> enumerator_label("c) RE"), enumerator_label("III. Qualifizierungsprojekte"), enumerator_label("Netzwerk")
    ('c', 'III', None)
    """
    found = LABEL.match(text)
    return found["label"] if found else None


def follows(previous: str, label: str) -> bool:
    """Whether ``label`` is the enumerator after ``previous`` (b -> c, 2 -> 3, II -> III).

    >>> follows("b", "c"), follows("2", "3"), follows("II", "III"), follows("b", "d"), follows("2", "c")
    (True, True, True, False, False)
    """
    if previous.isdigit() and label.isdigit():
        return int(label) == int(previous) + 1
    if previous in ROMAN_LABELS and label in ROMAN_LABELS:
        return ROMAN_LABELS.index(label) == ROMAN_LABELS.index(previous) + 1
    return len(previous) == len(label) == 1 and previous.islower() and ord(label) == ord(previous) + 1


def _next_enumerator(previous: str | None, text: str) -> bool:
    """Whether a line opens with the enumerator after ``previous``, the last type heading's."""
    label = enumerator_label(text)
    return previous is not None and label is not None and follows(previous, label)


def next_official(code: str) -> str | None:
    """The official type listed after ``code``; None after the last or for a type of its own."""
    if code not in OFFICIAL_ORDER[:-1]:
        return None
    return OFFICIAL_ORDER[OFFICIAL_ORDER.index(code) + 1]


def guessed_category(text: str) -> tuple[str, float] | None:
    """The official type a heading too garbled for ``category_of`` most likely is, with its (low)
    score; None when none comes close.

    >>> guessed_category("AusbicungSyorhezeitäng")
    ('AV', 75.6)
    >>> guessed_category("Sonstige Maßnahmen"), guessed_category("See Ivend")
    (None, None)
    """
    line = fold(strip_enumerator(text))
    code, score = max(((code, fuzz.ratio(line, fold(form))) for code, (_, forms) in CATEGORIES.items()
                       for form in forms), key=lambda hit: hit[1])
    return (code, round(score, 1)) if score >= GUESS_CUTOFF else None


def split_marker(text: str) -> tuple[str, str] | None:
    """The leading token of a line and the rest, when the token could be a list marker."""
    parts = text.strip().split(None, 1)
    if not parts:
        return None
    token, rest = parts[0], parts[1] if len(parts) > 1 else ""
    if len(token) > 3:
        if all(c in GLYPHS for c in token[:1]) and token[1:2].isalnum() and token[0] not in "-–—\"'":
            return token[0], text.strip()[1:].strip()  # "•Café Beruf": no space after the glyph
        return None
    return token, rest.strip()


@lru_cache(maxsize=8192)
def bullet_text(text: str, marker_letters: frozenset[str] = frozenset()) -> str | None:
    """The text after a bullet glyph, or None when the line is not a bullet.

    ``marker_letters`` are short letter tokens that this list uses as markers (OCR read a
    square bullet as "m" or "sm", say); see ``list_markers``.

    >>> bullet_text("• Café Beruf")
    'Café Beruf'
    >>> bullet_text("e Vorbereitung auf Ausbildung in Teilzeit")
    'Vorbereitung auf Ausbildung in Teilzeit'
    >>> bullet_text('"= AusbildungsBrücke (168.500 €)')
    'AusbildungsBrücke (168.500 €)'
    >>> bullet_text("m Startklar für die Ausbildung", frozenset({"m"}))
    'Startklar für die Ausbildung'
    >>> bullet_text("0 _ Übergangsmanagement Schule-Beruf")
    'Übergangsmanagement Schule-Beruf'
    >>> bullet_text("# Modellprojekt Jugendberufsagentur")  # a 200 dpi PDF of a fresh hard set (unflagged)
    'Modellprojekt Jugendberufsagentur'
    >>> bullet_text("Ausbildung") is None, bullet_text(". des Regierungspräsidiums Kassel.") is None
    (True, True)
    """
    found = split_marker(text)
    if not found:
        return None
    token, rest = found
    if next(iter(rest.split(maxsplit=1)), "") in FUNCTION_WORDS:
        return None  # ". des Regierungspräsidiums Kassel.": a speck before running text, no name opens so
    if all(c in GLYPHS for c in token) and not any(c in NOT_GLYPHS for c in token):
        if token in ("\"", "'", "\"\"") and rest.count('"') % 2 == 1 and not rest.startswith('"'):
            # the opening quote of a quoted name; not before another quote mark, which opens the
            # name itself ('" "Ausbildungsverbund': "»" read before it, a glyph)
            return None
        if token in ("-", "–", "—") and not rest:
            return ""
        return _after_specks(rest)
    if token in LETTER_GLYPHS or token in marker_letters or _letter_glyph_with_specks(token) \
            or _lone_small_letter(token, rest):
        return _after_specks(rest) if rest else None
    return None


def _lone_small_letter(token: str, rest: str) -> bool:
    """A small letter alone before a capitalised name: no German word is one letter, so it is a
    glyph OCR read as a letter ("s Teilzeitausbildung für Alleinerziehende", a 200 dpi scan).

    >>> [_lone_small_letter(t, r) for t, r in (("s", "Teilzeitausbildung"), ("s", "und"), ("S", "Teil"), ("ab", "Mai"))]
    [True, False, False, False]
    """
    return len(token) == 1 and token.isascii() and token.islower() and opens_capital(rest)


def _letter_glyph_with_specks(token: str) -> bool:
    """A bullet read as a letter with a speck after it ("o.", "e,"), or as a glyph and a letter ("«e").

    >>> [_letter_glyph_with_specks(t) for t in ("o.", "e,", "«e", "o", "z.", "e.V.", "«z", "§e")]
    [True, True, True, False, False, False, False, False]
    """
    if len(token) == 2 and token[1] in LETTER_GLYPHS and token[0] in GLYPHS - NOT_GLYPHS - {"-", "–", "—"}:
        return True
    return len(token) >= 2 and token[0] in LETTER_GLYPHS and all(c in ".,:;·°'`" for c in token[1:])


def _after_specks(rest: str) -> str:
    """The item text without a second speck or glyph OCR left after the glyph ("0 _ Café Beruf",
    "- * Werkhof Odenwald"); a double quote stays, it may open the name.

    >>> _after_specks("* Werkhof Odenwald"), _after_specks('" Café Beruf"')
    ('Werkhof Odenwald', '" Café Beruf"')
    """
    parts = rest.split(None, 1)
    if len(parts) == 2 and len(parts[0]) <= 2 and all(c in SECOND_SPECKS for c in parts[0]):
        return parts[1]
    return rest


def is_marker_candidate(text: str) -> str | None:
    """A short letter token at the start of a line that is not a German word ("m", "sm", "a")."""
    found = split_marker(text)
    if not found or not found[1]:
        return None
    token = found[0]
    if token.isalpha() and token.islower() and len(token) <= 2 and token not in SHORT_WORDS:
        return token
    return None


def list_markers(lines: Sequence[Line]) -> frozenset[str]:
    """Letter tokens this section uses as bullets: when two or more lines open with such tokens."""
    tokens = [t for line in lines if line.text and (t := is_marker_candidate(line.text))]
    return frozenset(tokens) if len(tokens) >= 2 else frozenset()


def _would_have_fit(prev: Line, line: Line, right_edge: float) -> bool:
    """Whether the first word of ``line`` would have fitted at the end of ``prev``: then ``line``
    is not a wrap of ``prev`` (text only wraps when the line is full)."""
    if prev.bbox is None or line.bbox is None or not prev.text or not line.text.split():
        return False
    char_width = (prev.bbox[2] - prev.bbox[0]) / max(len(prev.text), 1)
    needed = (len(line.text.split()[0]) + 1) * char_width
    return right_edge - prev.bbox[2] > needed * 1.15 + 2


def _continues_bullet(prev: Line, line: Line, blank_between: bool, bullet_x: float | None,
                      right_edge: float | None = None, text_width: int = 0,
                      prev_right_edge: float | None = None) -> bool:
    """Whether ``line`` wraps the bullet text of ``prev`` rather than starting a paragraph.

    ``right_edge`` is the right edge of the text on ``line``'s page, ``prev_right_edge`` on
    ``prev``'s: across a page break, a line ``line``'s first word would have fitted at the end of
    is no more wrapped than on one page.
    """
    if _ends_with_amount(prev.text):
        return False  # the amount closes an item: "Café Beruf (45.000 €)"
    if prev.page != line.page and prev_right_edge is not None and _would_have_fit(prev, line, prev_right_edge):
        return False  # "o Coaching zur Vermeidung von Ausbildungsabbrüchen" ending page 3 halfway
    if bullet_x is not None and line.bbox is not None and prev.page == line.page:
        if right_edge is not None and _would_have_fit(prev, line, right_edge):
            return False
        return line.bbox[0] > bullet_x + 4  # hanging indent: wrapped text sits right of the glyph
    if text_width and len(prev.text) + len(line.text.split()[0]) + 1 < 0.75 * text_width:
        return False  # the previous line was short: the word would have fitted, so no wrap
    if not opens_capital(line.text) and line.text[:1].islower():
        return True
    words = line.text.split()
    if (line.text.endswith(".") and len(words) > 8) or _opens_sentence(line.text):
        return False  # a sentence of running text after the list ("Die Förderung der ... nach Maßqabe der")
    return not blank_between and not _ends_sentence(prev.text)


UNIT_LINE = re.compile(r"^(?:Euro|EUR|€)[).,;]*$")


def _completes_amount(prev: str, text: str) -> bool:
    """Whether a line is the currency of the number that ends the line before ("(504.500" above
    "Euro)"): the unit wrapped.

    >>> _completes_amount("Begleitung (504.500", "Euro)"), _completes_amount("Begleitung (504.500 €)", "Euro)")
    (True, False)
    >>> _completes_amount("Begleitung", "Euro)"), _completes_amount("Begleitung (504.500", "Europa")
    (False, False)
    """
    return bool(UNIT_LINE.match(text.strip())) and bool(re.search(r"\d[\d.,]*$", prev.rstrip()))


def _unfinished(text: str) -> bool:
    """Whether an item's text reads as no project name does: it ends in a word such as "für" or
    "die" (its last words lost: "achkräfte für die e" for "Fachkräfte für die Pflege"), or it is
    a sentence (more than MAX_NAME_WORDS words and a full stop: the sentence that closes the list,
    a speck before it read as a bullet).

    >>> [_unfinished(t) for t in ("achkräfte für die e 208.500 €", "Fit für die Arbeitswelt!", "Frankfurt am Main")]
    [True, False, False]
    >>> _unfinished("Die Förderung der aufgeführten Maßnahmen erfolgt nach Maßgabe der Bewilligungsbescheide des "
    ...             "Regierungspräsidiums Kassel.")
    True
    """
    name = split_project(text).name
    words = [w for w in (word.strip(".,;:!?()–-") for word in name.split()) if len(w) > 1]
    if words and words[-1] in FUNCTION_WORDS:
        return True
    return name.rstrip().endswith(".") and len(name.split()) > MAX_NAME_WORDS


def _priced_like(text: str, parts: Sequence[str]) -> bool:
    """Whether a line ends in an amount as the item before it does: an item whose glyph was lost
    even after a blank line (a .txt: "Welcome Office Odenwald: 161.500,00 €" before the next type).
    """
    return bool(parts) and _ends_with_amount(text) and _ends_with_amount(parts[-1])


def _heads_priced_items(lines: Sequence[Line], k: int, parts: Sequence[str]) -> bool:
    """Whether line ``k``, without an amount, stands between items that end in one: the item
    before it (``parts``) and the line after it, which has no glyph. In a list whose items are
    priced, a line without a price is no item ("Nctzwerk- und Koordinierungsaufgaben" between
    "* Qualifizierung der Integrationsfachkräfte: 189.500 €" and "Evaluation der regionalen
    Arbeitsmarktstrategie: 299.500 Euro", a .txt whose glyph and geometry say nothing).

    >>> rows = [Line(t, 1) for t in ("Nctzwerk- und Koordinierungsaufgaben", "Evaluation der Strategie: 299.500 Euro")]
    >>> _heads_priced_items(rows, 0, ["Qualifizierung der Fachkräfte: 189.500 €"]), _heads_priced_items(rows, 0, [])
    (True, False)
    >>> rows = [Line(t, 1) for t in ("Netzwerk- und Koordinierungsaufgaben", "im Landkreis: 299.500 Euro")]
    >>> _heads_priced_items(rows, 0, ["Qualifizierung der Fachkräfte: 189.500 €"])  # the name's wrap
    False
    """
    return k + 1 < len(lines) and not find_money(lines[k].text) and bullet_text(lines[k + 1].text) is None \
        and opens_capital(lines[k + 1].text) and _priced_like(lines[k + 1].text, parts)


def _ends_with_amount(text: str) -> bool:
    money = find_money(text)
    return bool(money) and not text[money[-1].end:].strip(" )].;,")


MIN_EDGE_LINES = 4  # lines a page needs to show its own margins


def page_geometry(lines: Sequence[Line]) -> dict[int, tuple[float, float]]:
    """Per page, the left and right edges of the text in these lines.

    A page with fewer than MIN_EDGE_LINES lines (the last item of a list alone on a page)
    cannot show its margins: it gets the median edges of the pages that can.
    """
    edges: dict[int, tuple[float, float]] = {}
    counts: Counter[int] = Counter()
    for line in lines:
        if line.bbox is None or not line.text:
            continue
        left, right = edges.get(line.page, (line.bbox[0], line.bbox[2]))
        edges[line.page] = (min(left, line.bbox[0]), max(right, line.bbox[2]))
        counts[line.page] += 1
    full = [edges[page] for page in edges if counts[page] >= MIN_EDGE_LINES]
    if full:
        usual = (median(left for left, _ in full), median(right for _, right in full))
        edges.update({page: usual for page in edges if counts[page] < MIN_EDGE_LINES})
    return edges


@dataclass(frozen=True)
class MeasureList:
    """What the measures section gave: its items, its type headings, and lines it could not place."""

    bullets: list[Bullet]
    blocks: list[CategoryBlock]
    unread: list[Line]  # short lines inside the lists that are neither heading nor item nor running text
    gaps: list[Line] = field(default_factory=list)  # items with a line's height or more of space above them


def parse_measures(lines: Sequence[Line], page_edges: dict[int, tuple[float, float]] | None = None
                   ) -> tuple[list[Bullet], list[CategoryBlock]]:
    """Bullets under category headings in the measures section, in order (see ``measure_list``)."""
    found = measure_list(lines, page_edges)
    return found.bullets, found.blocks


def measure_list(lines: Sequence[Line], page_edges: dict[int, tuple[float, float]] | None = None) -> MeasureList:
    """Bullets under category headings in the measures section, in order, and the lines left over.

    ``page_edges`` gives per page the left and right edges of the whole page's text (a list
    alone may not reach the right margin); by default they are taken from ``lines``.
    A short line after the first heading that reads like a name but found no place (``unread``)
    may be a project the parser lost: a reason to review, not to guess.
    """
    filled = [line for line in lines
              if line.text.strip() and not BARE_NUMBER.match(line.text) and not glyph_column(line)]
    markers = list_markers(filled)
    blank_before = _blank_before(lines)
    edges = {**page_geometry(lines), **(page_edges or {})}
    text_width = max((len(line.text) for line in filled), default=0)  # characters of a full line
    bullets: list[Bullet] = []
    blocks: list[CategoryBlock] = []
    state = "intro"  # intro | heading | bullet | after
    bullet_parts: list[str] = []
    bullet_line: Line | None = None
    bullet_more: list[Line] = []  # the wrapped continuation lines of the open bullet
    bullet_guessed = False  # the open bullet is one of several glyph-less lines in a row: a guess
    row: TableRow | None = None  # set when the open item is a table row
    prev: Line | None = None
    headed_table: CategoryBlock | None = None  # the block whose table has a header row ("Projekt Betrag ...")
    unread: list[Line] = []
    numbered = False  # whether the official type headings carry enumerators ("III. Qualifizierungsprojekte")
    last_label: str | None = None  # the enumerator of the last type heading ("b" of "b) Ausbildung ...")
    umlaut_pages = umlaut_loss_pages(lines)
    item_lines: list[Line] = []  # the first line of each item
    heading_lines: list[Line] = []

    def close_bullet() -> None:
        nonlocal bullet_parts, bullet_line, row, bullet_guessed
        if bullet_line is not None:
            parts, item, opened = list(bullet_parts), [bullet_line, *bullet_more], True
            placed = bullet_line.bbox is not None
            while row is None and (at := _two_names_at(parts, placed)) is not None:
                # two items run together, the second's glyph lost: each an item of its own, both in doubt
                add_item(parts[:at], item[:at], opened, True)
                parts, item, opened = parts[at:], item[at:], False
            add_item(parts, item, opened, not opened)
        bullet_parts, bullet_line, row, bullet_guessed = [], None, None, False
        bullet_more.clear()

    def add_item(parts: list[str], item: list[Line], opened: bool, split: bool) -> None:
        """One item from its lines (the first holding its glyph when ``opened``); ``split`` when it is
        a piece of a line that held two."""
        first, more = item[0], item[1:]
        text = _join_wrapped(parts)
        if is_none_marker(text):
            _mark_none(blocks)
        elif is_none_fragment(text):
            _mark_none(blocks)
            unread.append(first)  # "kei": the marker, it seems; reviewed
        elif sum(c.isalpha() for c in text) >= MIN_NAME_LETTERS:  # not a speck ("$", "-")
            block = blocks[-1]
            amount_at, count_at = _value_spans(item, text, row)
            # the name's confidence is its words': a row's cells, an item's amount are left out

            def values_on(line: Line) -> tuple[int, int] | None:
                if amount_at is None or amount_at[0] is not line:
                    return None
                return amount_at[1], len(line.text) if row is not None else amount_at[2]

            head = (_text_conf(first, markers, first.page in umlaut_pages, values_on(first)) if opened
                    else words_conf(first, 0, first.page in umlaut_pages, values_on(first)))
            conf = min([head] + [words_conf(line, 0, line.page in umlaut_pages, values_on(line)) for line in more])
            two_items = row is not None and _joins_two_names(parts, first.bbox is not None)
            if (row is not None and row.amount_unread) or two_items or split or bullet_guessed or _unfinished(text) \
                    or LONE_DIGIT_LEAD.match(text):
                # its amount is lost, it may be two items run together, it is one of several
                # lines in a row that lost their glyphs, it reads as no name does, or a digit
                # alone opens it (a glyph or an enumerator misread, or a part of the name): the
                # row needs a look
                conf = min(conf, NEAR_WORD_CONFIDENCE)
            count_conf = _count_conf(count_at, row)
            if row is not None and row.amount_unread:
                # the doubt is the values' too, which the batch does not lift as it lifts a name's:
                # "35.000,00 Ü 26" (€ read "Ü"), the count lost with the cell
                count_conf = min(count_conf, NEAR_WORD_CONFIDENCE)
            item_lines.append(first)
            bullets.append(Bullet(block.code, block.heading_raw, text, first.page, first.bbox,
                                  conf, block.score, row.amount_raw if row else "",
                                  row.participants if row else None, two_items,
                                  _amount_conf(amount_at), count_conf, split))

    def open_block(code: str, line: Line, heading: str, score: float = 100.0) -> None:
        nonlocal last_label
        close_bullet()
        heading_lines.append(line)
        blocks.append(CategoryBlock(code, heading, line.page, False, score))
        last_label = enumerator_label(line.text)

    for k, line in enumerate(filled):
        text = line.text
        btext = bullet_text(text, markers)
        lost_enumerator = False
        if btext is not None and state in ("intro", "after") and prev is not None and _runs_on(prev, text):
            btext = None  # "- Bescheides." ending a sentence of running text, not a bullet
        if btext is not None and state == "intro" and _opens_sentence(btext):
            btext = None  # ". Der Rheingau-Taunus-Kreis finanziert mit den Mitteln des ...": a speck before the intro
        next_is_bullet = k + 1 < len(filled) and bullet_text(filled[k + 1].text, markers) is not None
        next_is_header = k + 1 < len(filled) and is_table_header(filled[k + 1].text)
        in_glyphless_run = not next_is_bullet and _glyphless_run_to_bullet(filled, k, markers)
        # what follows, past a glyph read on a line of its own ("Inhouse-Schulung ...\no\nDie Förderung ...")
        past_glyphs = k + 1 if k + 1 < len(filled) and GLYPH_COLUMN.fullmatch(filled[k + 1].text) else k
        if btext is not None and state == "heading" and btext and _continues_heading(blocks[-1], btext):
            text, btext = btext, None  # the heading's next line with a speck before it ("- Städte in der ...")
        if btext is not None and is_table_header(btext):
            btext = None  # a table's header row with a speck before it ("- Projekt Betrag Teilnehmende")
        if btext is not None and category_of(btext) is not None:
            btext = None  # a heading whose enumerator OCR reduced to a speck (". Qualifizierungsprojekte")
        elif btext is not None and numbered and (next_is_bullet or _next_is_plain_item(filled, k)) \
                and names_measure_kind(btext) and not find_money(btext):
            # the same, of a type of its own, where the types are numbered and the line holds no
            # amount (". Ergänzende Maßnahmen der Jugendberufshilfe", its "5" lost), an item after it
            # with its glyph or without (". Modellvorhaben\nKoordinierungsstelle ...")
            text, btext, lost_enumerator = btext, None, True
        if (btext is None and blocks and _next_enumerator(last_label, text) and category_of(text) is None
                and not names_measure_kind(text) and not find_money(text)
                and not _read_out_of_order(filled, k) and (code := next_official(blocks[-1].code)) is not None):
            # the next enumerator of the type headings before a heading read as noise ("c) RE" between
            # "b) Ausbildung und ..." and "d) Weiterbildung ..."): the next official type, a guess
            open_block(code, line, strip_enumerator(text), ORDER_GUESS_SCORE)
            state = "heading"
            prev = line
            continue
        if btext is None and GLYPH_COLUMN.fullmatch(text):
            continue  # the list's bullet glyphs read as a line of their own ("oO 00 ©"): no text, no state
        if btext is None and (k == 0 or filled[k - 1].page != line.page) and _far_right(line, bullet_line):
            continue  # atop a page, far right of the list: a running header seen once ("AQB 2015 - Stadt Offenbach")
        if btext is None and (k == 0 or filled[k - 1].page != line.page) and _names_the_agreement(text):
            continue  # atop a page, the agreement's name and year: a running header seen once, where no
            # position tells ("Zielvereinbarung AQB 2014 – Vogelsberg" after a page break of a .txt)
        if btext is None and _above_list(line, [*heading_lines, *item_lines, *([bullet_line] if bullet_line else [])]):
            continue  # a scrap of the text above the list that OCR read after it ("finanziert der", the
            # end of the introducing sentence, set apart as a block of its own)
        if btext is None and state == "bullet" and bullet_parts and prev is not None and _completes_amount(prev.text, text):
            bullet_parts.append(text)  # "(504.500" / "Euro)": the unit of an amount wrapped, no item of its own
            bullet_more.append(line)
            prev = line
            continue
        if btext is None and sum(c.isalpha() for c in text) < MIN_NAME_LETTERS and not find_money(text):
            continue  # a scrap OCR split off and read out of order ("3.Q" of "3. Qualifizierungsprojekte")
        in_headed_table = state == "table" and headed_table is not None and headed_table is blocks[-1]
        if btext is not None and (in_headed_table or state == "table") and (
                (speck_row := table_row(text, lenient=in_headed_table)) is not None
                and (in_headed_table or speck_row.participants is not None)):
            # a row of a table with a speck before it ("- Ausbildungscoaching Migration 142.000,00 € 57"); where
            # the header went as page furniture, a row with an amount and a count
            btext = None
        if btext == "" and row is None and bullet_more and bullet_more[-1] is prev and (
                k + 1 == len(filled) or _next_is_prose(filled, k) or _next_is_category(filled, k)):
            # a glyph alone below a line taken for a wrap, nothing after it to mark ("Evaluation der ...\n
            # Koordinierungsstelle Übergang Schule-Beruf\n•\nDie Förderung ..."): the line was an item of its own.
            # Not in a table: there the line continues the name in its cell, the glyph is a speck
            last = bullet_parts.pop()
            bullet_more.pop()
            close_bullet()
            bullet_parts, bullet_line, state = [last], prev, "bullet"
            prev = line
            continue
        if btext == "" and state == "table":
            prev = line
            continue  # a glyph alone in a table (">" far right of its rows): a speck, tables have no glyphs
        if btext == "" and row is None and _is_sentence(filled, k + 1):
            # a glyph alone above the sentence that closes the list ("°\nDie Förderung der ..."): a
            # speck, and the list ends
            close_bullet()
            state = "after"
            prev = line
            continue
        if btext is not None:
            close_bullet()
            if not blocks:
                blocks.append(CategoryBlock("OTHER", "", line.page, False))
            bullet_parts, bullet_line, state = [btext], line, "bullet"
        elif (cat := category_of(text) or category_of((split_marker(text) or ("", ""))[1])) is not None and not (
                state == "heading" and cat[0] == blocks[-1].code and _continues_heading(blocks[-1], text)):
            open_block(cat[0], line, strip_enumerator(text), cat[1])
            numbered = numbered or bool(ENUMERATOR.match(text))
            state = "heading"
        elif (is_none_marker(text) or is_none_fragment(text)) and blocks:
            close_bullet()
            _mark_none(blocks)
            if not is_none_marker(text):
                unread.append(line)  # "kei": the marker, it seems; reviewed
            state = "after"
        elif is_table_header(text):
            close_bullet()
            if not blocks:  # a table before any type heading: OCR lost the heading above it
                blocks.append(CategoryBlock("OTHER", "", line.page, False))
            state, headed_table = "table", blocks[-1]
        elif state in ("heading", "table") and (found_row := table_row(text, lenient=in_headed_table)) is not None:
            close_bullet()
            bullet_parts, bullet_line, row, state = [found_row.name], line, found_row, "table"
        elif state in ("bullet", "heading", "table", "after") and blocks and names_measure_kind(text) and (
                next_is_bullet or next_is_header or _outdented(line, bullet_line) or ENUMERATED_HEADING.match(text)
                or lost_enumerator or _next_enumerator(last_label, text)
                or _indented_after(filled, k) or _heads_priced_items(filled, k, bullet_parts)
                or in_glyphless_run):
            # a heading of a measure type of its own between two lists, its enumerator lost or
            # kept ("5. Sonstige Maßnahmen"): not the wrap or a glyph-less item of the list above,
            # nor the first of a run of lines without glyphs (its items, in a .txt)
            open_block("OTHER", line, strip_enumerator(ENUMERATOR_WITHOUT_DOT.sub("", text)), 100.0)
            state = "heading"
        elif state == "intro" and _is_unknown_heading(text) and _indented_after(filled, k) and (
                guess := guessed_category(text)) is not None:
            # the first type's heading, too garbled to match ("AusbicungSyorhezeitäng"), its items
            # indented below it: the likeliest type, with its low score, so that it is reviewed
            open_block(guess[0], line, strip_enumerator(text), guess[1])
            state = "heading"
        elif state == "table" and next_is_header and _is_unknown_heading(text):
            open_block("OTHER", line, strip_enumerator(text), 100.0)  # a measure type of its own, then its table
            state = "heading"
        elif state == "table" and row is not None and _continues_row(text):
            bullet_parts.append(text)  # a project name wrapped inside its table cell
            bullet_more.append(line)
        elif state == "table" and _row_follows(filled, k, in_headed_table) and (
                find_money(text) or any(c.isdigit() for c in text) or _is_item(text)):
            # a row OCR garbled past reading ("Weiterbildung Toaching-Kompetenz T10,500 € T5") with
            # rows after it: the table goes on; the row is left for review, not guessed
            close_bullet()
            unread.append(line)
        elif state == "table":
            close_bullet()
            state = "after"
        elif state == "heading" and len(blocks[-1].heading_raw) < 260 and _continues_heading(
                blocks[-1], text, filled[k + 1].text if k + 1 < len(filled) else None):
            last = blocks[-1]
            joined = _join_wrapped([last.heading_raw, text])
            blocks[-1] = CategoryBlock(last.code, joined, last.page, False, (category_of(joined) or ("", last.score))[1])
        elif state in ("heading", "bullet") and _indented(line, edges) and _is_item(text) and not _far_right(
                line, bullet_line) and not (
            state == "bullet" and prev is not None and bullet_line is not None and _continues_bullet(
                prev, line, blank_before[id(line)], bullet_line.bbox[0] if bullet_line.bbox else None,
                edges.get(line.page, (0, None))[1], text_width, edges.get(prev.page, (0, None))[1])
        ):
            # a bullet whose glyph OCR lost or misread as a letter ("j"): indented like the list, and
            # reading like a name, not like the sentence that closes the list
            close_bullet()
            stray = is_marker_candidate(text)
            bullet_parts, bullet_line, state = [split_marker(text)[1] if stray else text], line, "bullet"
        elif state == "bullet" and prev is not None and bullet_line is not None and not bullet_guessed \
                and _continues_bullet(prev, line, blank_before[id(line)],
                                      bullet_line.bbox[0] if bullet_line.bbox else None,
                                      edges.get(line.page, (0, None))[1], text_width,
                                      edges.get(prev.page, (0, None))[1]):
            # (a guessed item of a glyph-less run has no wrap: the run's lines are its items)
            bullet_parts.append(text)
            bullet_more.append(line)
        elif _is_item(text) and (len(text.split()) <= MAX_NAME_WORDS or _ends_with_amount(text)) and (
                state == "heading" or (
                state == "bullet" and (next_is_bullet or _next_is_category(filled, past_glyphs)
                                       or _next_is_prose(filled, past_glyphs)
                                       or in_glyphless_run or _priced_like(text, bullet_parts))
                and (not blank_before[id(line)] or _priced_like(text, bullet_parts))
                and opens_capital(text) and not _far_right(line, bullet_line))):
            # between items of a list, or after the last one before the next type, a line without
            # its glyph is an item too, as is one that ends in an amount as the item before it does,
            # whatever follows (an amount closes an item: no wrap, no prose); of several such lines
            # in a row each is a guess, unless priced so
            guessed = state == "bullet" and in_glyphless_run and not _priced_like(text, bullet_parts)
            close_bullet()
            bullet_parts, bullet_line, state, bullet_guessed = [text], line, "bullet", guessed
        else:
            close_bullet()
            if state == "bullet" and next_is_bullet and not numbered and not names_measure_kind(text) \
                    and _is_item(text) and opens_capital(text) and not ENUMERATOR.match(text) \
                    and _later_type_follows(filled, k, blocks[-1].code):
                # a line that names no kind of measures, set off by a blank line between the items of
                # an official type, another type's heading still to come: an item whose glyph was
                # lost, not a type of its own between two others; a guess
                bullet_parts, bullet_line, state, bullet_guessed = [text], line, "bullet", True
            elif (next_is_bullet or (names_measure_kind(text) and _next_is_plain_item(filled, k))) \
                    and _is_unknown_heading(text) and not (numbered and not ENUMERATOR.match(text)):
                # a heading that is none of the official measure types: kept verbatim; unsure unless
                # it names a kind of measures ("Modellvorhaben"), as such headings do; one that does
                # may head an item without its glyph ("Ergänzende Maßnahmen der Jugendberufshilfe\n
                # Koordinierungsstelle Übergang Schule-Beruf")
                score = 100.0 if names_measure_kind(text) else UNNAMED_KIND_SCORE
                open_block("OTHER", line, strip_enumerator(text), score)
                state = "heading"
            elif next_is_bullet and state == "bullet" and numbered and _is_item(text) and opens_capital(text):
                # the types are numbered and this line is not: an item whose glyph was lost, set off
                # by a blank line (the last line of a page, its list going on on the next)
                bullet_parts, bullet_line, state = [text], line, "bullet"
            else:
                if blocks and state != "after" and _is_item(_without_stop(text)) \
                        and len(text.split()) <= MAX_NAME_WORDS and sum(c.isalpha() for c in text) >= 6:
                    unread.append(line)  # a name-like line inside the lists, a speck's stop after it or not
                state = "after" if state != "intro" else "intro"
        prev = line
    close_bullet()
    if blocks and not blocks[0].heading_raw:
        # items before any type heading: OCR lost the heading (Tesseract dropped "Ausbildungs-
        # vorbereitung" above two items). Their type is the official one before the first heading
        # read, by the order of the types, or unknown: a guess either way
        bullets, blocks[0] = _headless_guessed(bullets, blocks)
    return MeasureList(bullets, blocks, unread, list_gaps(filled, heading_lines, item_lines))


def empty_categories(blocks: Sequence[CategoryBlock], bullets: Sequence[Bullet]) -> list[str]:
    """The type headings that head no item and do not say "keine", then the official types the
    list lacks (``missing_official_types``).  Items before any heading are no category: a speck
    read as a bullet above the first heading opens such a block and leaves it empty.

    >>> blocks = [CategoryBlock("OTHER", "", 2, False), CategoryBlock("AV", "Ausbildungsvorbereitung", 3, False)]
    >>> empty_categories(blocks, [])
    ['Ausbildungsvorbereitung', 'AB', 'QP', 'WB']
    """
    with_projects = {b.category_raw for b in bullets}
    empty = [b.heading_raw for b in blocks if b.heading_raw and not b.says_none and b.heading_raw not in with_projects]
    return empty + missing_official_types(blocks)


def missing_official_types(blocks: Sequence[CategoryBlock]) -> list[str]:
    """The official types a list that names some of them lacks altogether: every agreement lists
    the four, an empty one with "keine", so a type missing is a heading OCR lost, and its items
    with it or under the type before (a sideways 200 dpi PNG lost "II. Ausbildung und ..." and
    both its items without a trace).

    >>> missing_official_types([CategoryBlock("AV", "", 1, False), CategoryBlock("QP", "", 1, False),
    ...                         CategoryBlock("WB", "", 1, False)])
    ['AB']
    >>> missing_official_types([CategoryBlock("OTHER", "Modellvorhaben", 1, False)])
    []
    """
    found = {b.code for b in blocks}
    return [code for code in OFFICIAL_ORDER if code not in found] if found & set(OFFICIAL_ORDER) else []


def _headless_guessed(bullets: list[Bullet], blocks: list[CategoryBlock]) -> tuple[list[Bullet], CategoryBlock]:
    """The items of the leading block without a heading, and that block, with the type the order of
    the types gives them (the official type before the next heading's) at ORDER_GUESS_SCORE."""
    after = blocks[1].code if len(blocks) > 1 else None
    code = OFFICIAL_ORDER[OFFICIAL_ORDER.index(after) - 1] if after in OFFICIAL_ORDER[1:] else "OTHER"
    headless = next((k for k, b in enumerate(bullets) if b.category_raw), len(bullets))  # the first headed item
    guessed = [replace(b, category_code=code, category_score=ORDER_GUESS_SCORE) for b in bullets[:headless]]
    first = blocks[0]
    return guessed + bullets[headless:], CategoryBlock(code, "", first.page, first.says_none, ORDER_GUESS_SCORE)


GAP_FACTOR = 1.75  # space above an item, in line pitches of its list, that a lost line would fill


def list_gaps(filled: Sequence[Line], headings: Sequence[Line], items: Sequence[Line]) -> list[Line]:
    """Items with space for a line or more above them, within their list on one page.

    Tesseract can drop a clearly printed line without a trace (no word, no empty box): the only
    sign is the space it leaves.  On each page the lines from the first type heading or item to
    the last item are taken in reading order, and their pitch (the median distance of one line's
    top to the next's); an item whose line starts ``GAP_FACTOR`` pitches or more below the line
    above it may follow a lost one.  Space before a type heading is layout, the same above each: a
    heading that stands ``GAP_FACTOR - 1`` pitches or more lower than that below the line above it
    (the nearest, whatever the reading order) may follow a lost last item of the list above.

    >>> rows = [(655, "1. Ausbildungs- und Qualifizierungsvorbereitung"), (688, "* Ausbildungsreife durch Praxis"),
    ...         (704, "* AusbildungsBrücke"), (720, "* Kompetenzfeststellung und Berufswegeplanung")]
    >>> page = [Line(t, 2, (64, y, 300, y + 11)) for y, t in rows]
    >>> [line.text for line in list_gaps(page, page[:1], page[1:])]
    ['* Ausbildungsreife durch Praxis']
    >>> list_gaps(page[1:], [], page[1:])  # too few lines to know the pitch
    []
    """
    item_ids = {id(line) for line in items}
    heading_ids = {id(line) for line in headings}
    at = {id(line): k for k, line in enumerate(filled)}
    out = []
    for page in sorted({line.page for line in items}):
        ends = [at[id(line)] for line in (*headings, *items) if line.page == page and id(line) in at]
        last_item = max((at[id(line)] for line in items if line.page == page and id(line) in at), default=None)
        if last_item is None:
            continue
        span = [line for line in filled[min(ends):last_item + 1] if line.page == page and line.bbox is not None]
        steps = [(line, line.bbox[1] - above.bbox[1]) for above, line in zip(span, span[1:])]
        rising = sorted(step for _, step in steps if step > 0)
        if len(rising) < 3:
            continue
        pitch = median(rising)
        out += [line for line, step in steps if id(line) in item_ids and step >= GAP_FACTOR * pitch]
        # before a heading the layout leaves space of its own, the same above each heading: more
        # than that by a lost line's share of a pitch is a lost last item of the list above
        # (from the nearest line above, a column of bullet glyphs read apart being out of order)
        above_heading = [(line, line.bbox[1] - max(tops)) for line in span if id(line) in heading_ids
                         if (tops := [o.bbox[1] for o in span if o.bbox[1] < line.bbox[1]])]
        if len(above_heading) >= 2:
            layout = min(step for _, step in above_heading)
            out += [line for line, step in above_heading if step >= layout + (GAP_FACTOR - 1) * pitch]
    return out


TABLE_HEADER_WORDS = ("projekt", "betrag", "teilnehm", "maßnahme", "euro", "träger")
_CELL_MARKS = r"\s|.,;:_\"'\-"  # what specks between a table's cells are read as
_CELL_JUNK = rf"[{_CELL_MARKS}]*"
_COUNT = re.compile(rf"^{_CELL_JUNK}(\d{{1,4}}){_CELL_JUNK}$")
# a count between specks a quote, a degree sign and up to three letters either side may be ("„37 n",
# "45 u", "58 Be", "51 _ u", "42 EEE", "on 50 nn", "22°"): read, but doubtful
_SPECK_JUNK = rf"[{_CELL_MARKS}°]*"
_SPECKED_COUNT = re.compile(
    rf"^{_SPECK_JUNK}(?:[^\W\d_]{{1,3}}\s{_SPECK_JUNK})?[„“”]?(\d{{1,4}})(?:{_SPECK_JUNK}\s[^\W\d_]{{1,3}})?{_SPECK_JUNK}$")
_COUNT_FIX = str.maketrans({"O": "0", "o": "0", "l": "1", "I": "1", "|": "1", "i": "1", "ı": "1", "S": "5", "B": "8"})
# Under a header row: a name, then a cell of digits and money signs that is no amount
UNREAD_AMOUNT_CELL = re.compile(
    r"^(?P<name>.*[^\W\d_].*?[^\s\d.,€])\s+(?P<cell>[\d.,€\s]*\d[\d.,€\s]*(?:Euro|EUR)?[\d\s]*)$")
_STRAY_TOKEN = re.compile(r"^(?:[a-zäöü]{1,2}|Eu|[^\w\s]+|_+)$")  # OCR specks between the cells, a leader ("___")


@dataclass(frozen=True)
class TableRow:
    name: str
    amount_raw: str
    participants: int | None
    # the amount cell holds digits no money format fits ("74,00€ 6")
    amount_unread: bool = field(default=False, repr=False)
    # the count read between specks ("„37 n") or repaired from letters ("O7", "2i"): which digits were printed is open
    count_unsure: bool = field(default=False, repr=False)


@lru_cache(maxsize=8192)
def is_table_header(text: str) -> bool:
    """The header row of a small table of projects ("Projekt | Betrag | Teilnehmende").

    Specks between the cells are not counted, and a header word may be misread ("Proiekt").

    >>> is_table_header("Projekt     Betrag     Teilnehmende"), is_table_header("Projekt GO-gut orientiert! II")
    (True, False)
    >>> is_table_header("Projekt TR a: Betrag Teilnehmende ."), is_table_header("Proiekt ; - Betrag Teilnehmende")
    (True, True)
    >>> is_table_header("Projekt GO-gut orientiert! Il (186.500 Euro)")
    False
    >>> is_table_header("Projekt 2...0...Betrag __ Teilnehmende"), is_table_header("Projekt 2.0... Betrag Teilnehmende")
    (True, True)
    >>> is_table_header("Projekt nn _ 22.2... Betrag ____ Teilnehmende _"), is_table_header("Pro jckt Betrag T eilnehme nde")
    (True, True)
    >>> is_table_header("Projekt GO-gut orientiert! II 186 500 21")
    False
    """
    # specks between the cells, read as digits and dots ("Projekt 2...0...Betrag __ Teilnehmende")
    cleaned = re.sub(r"[\d.…_]{2,}", " ", text)
    if find_money(text) or sum(c.isdigit() for c in cleaned) > 2:
        return False  # a row: "Projekt GO-gut orientiert! Il (186.500 Euro)"
    words = [w for w in fold(cleaned).split() if sum(c.isalpha() for c in w) >= 3]
    hits = sum(_header_word(w) for w in words)
    if hits >= 2 and len(words) - hits <= 2 and len(words) <= 5:
        return True
    # its words broken by spaces OCR read inside them ("Pro jckt Betrag T eilnehme nde")
    return fuzz.ratio(re.sub(r"[^a-zäöüß]", "", fold(cleaned)), HEADER_LETTERS) >= HEADER_LETTERS_SCORE


HEADER_LETTERS = "projektbetragteilnehmende"  # the header's letters, run together
HEADER_LETTERS_SCORE = 85  # two or three letters of 25 misread or lost


def _header_word(word: str) -> bool:
    word = word.strip(".,;:|")
    return any(word.startswith(h) or fuzz.ratio(word[: len(h) + 2], h) >= 80 for h in TABLE_HEADER_WORDS)


def table_row(text: str, lenient: bool = False) -> TableRow | None:
    """A table row: the project name, then its amount, then perhaps a participant count.

    ``lenient`` (inside a table under a header row) takes any junk after the amount for a
    count OCR could not read; elsewhere such a line is running text with an amount in it.

    >>> table_row("Fit für den Beruf II     108.500,00 € 60")
    TableRow(name='Fit für den Beruf II', amount_raw='108.500,00 €', participants=60)
    >>> table_row("Lernwerkstatt Grünpflege j 224.500,00 € . 24")
    TableRow(name='Lernwerkstatt Grünpflege', amount_raw='224.500,00 €', participants=24)
    >>> table_row("Werkstattjahr 2.0 Eu 265.000 € 33").name
    'Werkstattjahr 2.0'
    >>> table_row("_ Lernwerkstatt Grünpflege — 25.500 Euro").name
    'Lernwerkstatt Grünpflege'
    >>> table_row("Frauen in Arbeit 197.000 € O7,").participants  # 300 dpi JPEG TIFF
    7
    >>> table_row("Digitale Beratungskompetenz 93.000 Euro Su")
    TableRow(name='Digitale Beratungskompetenz', amount_raw='93.000 Euro', participants=None)
    >>> table_row("Supervision für Fachpersonal der Jugendberufshilfe 87.000 € ol ee", lenient=True).participants is None
    True
    >>> table_row("Café Beruf") is None
    True
    >>> row = table_row("Brücken in den Arbeitsmarkt III 61.000 Euro „37 n", lenient=True)  # specks about a count
    >>> row.participants, row.count_unsure
    (37, True)
    >>> row = table_row("Neustart — Wege in Beschäftigung 74,00€ 6", lenient=True)  # an amount no format fits
    >>> row.name, row.amount_raw, row.amount_unread
    ('Neustart — Wege in Beschäftigung', '', True)
    """
    money = find_money(text)
    if not money:
        unpriced = UNREAD_AMOUNT_CELL.match(text) if lenient else None
        if unpriced is None or not _is_item(unpriced["name"]):
            return None
        return TableRow(unpriced["name"].strip(" |:–—-(_"), "", None, amount_unread=True)
    m = money[-1]
    name = _strip_stray(text[: m.start]).strip(" |:–—-(_")
    name = bullet_text(name) or name  # a list item with its amount looks like a row: drop its glyph
    tail = text[m.end:]
    count = _COUNT.match(tail)
    repaired = _COUNT.match(_fix_count(tail)) if count is None and len(tail.strip()) <= 6 else None
    specked = _SPECKED_COUNT.match(tail) if count is None and repaired is None and lenient else None
    junk = len(tail.strip(" |)")) <= 3 and not any(c.isdigit() for c in tail)  # "Su": a count lost to OCR
    if not name or (tail.strip(" |)") and not (count or repaired) and not junk and not lenient):
        return None
    found = count or repaired or specked
    return TableRow(name, m.raw, int(found.group(1)) if found else None, count_unsure=count is None and found is not None)


def _fix_count(cell: str) -> str:
    """A count cell with OCR's letters for digits replaced; a T for a flagged 1 only beside a
    digit ("4T", "T5"), since a lone letter is as likely a speck.

    >>> _fix_count("O7,"), _fix_count("4T"), _fix_count("T5"), _fix_count("T")
    ('07,', '41', '15', 'T')
    """
    fixed = cell.translate(_COUNT_FIX)
    return fixed.replace("T", "1") if any(c.isdigit() for c in cell) else fixed


def _strip_stray(text: str) -> str:
    """Drop OCR specks at the end of a table cell ("Grünpflege j"), never a short German word nor
    bars read for a Roman numeral ("Fit für den Beruf |!").

    >>> _strip_stray("Lernwerkstatt Grünpflege j |"), _strip_stray("Fit für den Beruf |! (")
    ('Lernwerkstatt Grünpflege', 'Fit für den Beruf |!')
    """
    words = text.split()
    while len(words) > 1 and _STRAY_TOKEN.match(words[-1]) and words[-1] not in SHORT_WORDS \
            and not BARRED_NUMERAL.match(words[-1]):
        words.pop()
    return " ".join(words)


def _row_follows(lines: Sequence[Line], k: int, lenient: bool) -> bool:
    """Whether the line after ``lines[k]`` is a table row with its amount read (a count too,
    outside a table under a header row), on the same page."""
    if k + 1 >= len(lines) or lines[k + 1].page != lines[k].page:
        return False
    found = table_row(lines[k + 1].text, lenient=lenient)
    return found is not None and (lenient or found.participants is not None)


def rejoin_count_column(lines: Sequence[Line]) -> list[Line]:
    """The lines with each table row's participant count given back where Tesseract read the
    count column apart from the rows ("Teilnehmende", "54", "27" as lines of their own): a bare
    number right of a row that ends in its amount, on the row's band of the same page, is the
    row's count.  A row with no such number, or more than one, stays as read.

    >>> rows = [Line("Ausbildung statt Abbruch 311.000 Euro", 3, (84, 199, 422, 210), 0.95, (0.95,) * 4),
    ...         Line("Teilnehmende", 3, (450, 148, 525, 157)), Line("42", 3, (450, 199, 462, 207), 0.96, (0.96,))]
    >>> [(line.text, line.word_confs) for line in rejoin_count_column(rows)][0]
    ('Ausbildung statt Abbruch 311.000 Euro 42', (0.95, 0.95, 0.95, 0.95, 0.96))
    """
    numbers = [line for line in lines if line.bbox is not None and BARE_NUMBER.match(line.text)]
    out: list[Line] = []
    for line in lines:
        if numbers and line.bbox is not None and not BARE_NUMBER.match(line.text) and _ends_with_amount(line.text):
            band = [n for n in numbers if n.page == line.page and n.bbox[0] >= line.bbox[2]
                    and line.bbox[1] <= (n.bbox[1] + n.bbox[3]) / 2 <= line.bbox[3]]
            if len(band) == 1:
                (n,) = band
                numbers.remove(n)
                line = _cells_joined(line, n)
        out.append(line)
    return out


def _cells_joined(left: Line, right: Line) -> Line:
    """Two cells of one table row read apart, as one line: the text left to right, the box about
    both, as sure as the less sure (word confidences only where both have them)."""
    return Line(f"{left.text.strip()} {right.text.strip()}", left.page,
                (left.bbox[0], min(left.bbox[1], right.bbox[1]), right.bbox[2], max(left.bbox[3], right.bbox[3])),
                None if left.conf is None or right.conf is None else min(left.conf, right.conf),
                None if left.word_confs is None or right.word_confs is None else left.word_confs + right.word_confs)


_VALUES_ONLY = re.compile(r"^[\d.,\s]+(?:€|Euro|EUR)\s*\d{0,4}\s*$")  # "352.500 Euro 49": a row without its name


def rejoin_name_column(lines: Sequence[Line]) -> list[Line]:
    """The lines with each table row's project name given back where Tesseract read the names
    column apart from the rows' amounts and counts ("352.500 Euro 49" in place, "Verbundausbildung
    im Handwerk" read after the next type's heading), or the values column apart from the names
    ("356.000 Euro 16" read after the table): a line of amount and count alone takes the one line
    on its band of the same page, left of it, that holds no amount and no glyph.  The row stands
    where the name was read if that is in order (below the line read before it on the page), else
    where the values were.  A row with no such line, or more than one, stays as read.

    >>> rows = [Line("Projekt Betrag Teilnehmende", 3, (64, 289, 518, 303)),
    ...         Line("352.500 Euro 49", 3, (343, 306, 448, 315), 0.95, (0.95, 0.96, 0.96)),
    ...         Line("4. Weiterbildung des Personals", 3, (64, 444, 455, 455)),
    ...         Line("Verbundausbildung im Handwerk", 3, (66, 306, 245, 317), 0.93, (0.93, 0.96, 0.92))]
    >>> [(line.text, line.bbox) for line in rejoin_name_column(rows)]  # doctest: +NORMALIZE_WHITESPACE
    [('Projekt Betrag Teilnehmende', (64, 289, 518, 303)),
     ('Verbundausbildung im Handwerk 352.500 Euro 49', (66, 306, 448, 317)),
     ('4. Weiterbildung des Personals', (64, 444, 455, 455))]
    >>> rows = [Line("sozialpädagogischer Begleitung", 2, (77, 686, 261, 698)),
    ...         Line("Berufsorientierung für Jugendliche mit.", 2, (77, 698, 309, 717)),
    ...         Line("Förderbedarf", 2, (77, 720, 155, 729)),
    ...         Line("Mädchen in Technik und Handwerk 380.500,00 € 38", 2, (77, 749, 455, 763)),
    ...         Line("356.000 Euro 16", 2, (350, 699, 454, 712))]
    >>> [line.text for line in rejoin_name_column(rows)]  # doctest: +NORMALIZE_WHITESPACE
    ['sozialpädagogischer Begleitung', 'Berufsorientierung für Jugendliche mit. 356.000 Euro 16', 'Förderbedarf',
     'Mädchen in Technik und Handwerk 380.500,00 € 38']
    """
    values = [line for line in lines if line.bbox is not None and _VALUES_ONLY.match(line.text)]
    if not values:
        return list(lines)
    names: dict[int, Line] = {}
    for row in values:
        band = [line for line in lines if line.bbox is not None and line.page == row.page and line is not row
                and line.bbox[2] <= row.bbox[0] and row.bbox[1] <= (line.bbox[1] + line.bbox[3]) / 2 <= row.bbox[3]
                and line.text.strip() and not find_money(line.text) and bullet_text(line.text) is None]
        if len(band) == 1 and all(band[0] is not other for other in names.values()):
            names[id(row)] = band[0]
    rows: dict[int, Line] = {}  # the joined row, keyed by the line whose place it takes
    dropped: set[int] = set()
    moved = {id(line) for row in values if (name := names.get(id(row))) is not None for line in (row, name)}
    for row in values:
        if (name := names.get(id(row))) is None:
            continue
        joined = _cells_joined(name, row)
        at, other = (name, row) if _in_order(lines, name, moved) else (row, name)
        rows[id(at)] = joined
        dropped.add(id(other))
    return [rows.get(id(line), line) for line in lines if id(line) not in dropped]


def _in_order(lines: Sequence[Line], line: Line, moved: set[int]) -> bool:
    """Whether ``line`` stands below the line read before it on its page (or first on it), of
    the lines that stay where they were read (not in ``moved``)."""
    k = next(k for k, other in enumerate(lines) if other is line)
    before = next((other for other in reversed(lines[:k])
                   if other.bbox is not None and other.text.strip() and id(other) not in moved), None)
    return before is None or before.page != line.page or before.bbox[1] <= line.bbox[1]


def _continues_row(text: str) -> bool:
    """A short line inside a table, without an amount: the rest of a wrapped project name."""
    return len(text.split()) <= 5 and not _ends_sentence(text) and not find_money(text)


def _continues_heading(block: CategoryBlock, text: str, following: str | None = None) -> bool:
    """Whether ``text`` is the rest of a heading wrapped over lines, not the first item under it.

    ``following`` is the line after it: a heading wrapped over three lines may match worse with
    its middle line alone ("... Benachteiligte irn Kontext der") than with all three.
    """
    if block.code == "OTHER":
        words = block.heading_raw.split()
        return bool(words) and (words[-1].casefold() in SHORT_WORDS or block.heading_raw.endswith(("-", ",")))
    # the heading read so far may already be whole: then a line that makes it match worse is an item
    for joined_text in [f"{block.heading_raw} {text}"] + ([f"{block.heading_raw} {text} {following}"] if following else []):
        joined = category_of(joined_text)
        if joined is not None and joined[0] == block.code and joined[1] >= block.score - HEADING_SLACK:
            return True
    return False


def _without_stop(text: str) -> str:
    """A line without one full stop at its end ("Geflüchtete.": a speck read as one), never "..".

    >>> _without_stop("Perspektive Ausbildung für junge Geflüchtete."), _without_stop("Fit für den Beruf ..")
    ('Perspektive Ausbildung für junge Geflüchtete', 'Fit für den Beruf ..')
    """
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def _is_item(text: str) -> bool:
    """A short line that reads like a project name, not a sentence or a piece of one.

    >>> _is_item("Ausbildungsbegleitende Hilfen Plus"), _is_item("Die Förderung erfolgt auf Basis und nach")
    (True, False)
    >>> _is_item("Fit für die Arbeitswelt!"), _is_item("Bewilligungsbescheide des Regierungspräsidiums Kassel.")
    (True, False)
    """
    words = text.split()
    if words and words[-1] in SHORT_WORDS | FUNCTION_WORDS:
        return False  # a name does not end in "nach", "des", "vom": the line runs on
    return len(words) <= 12 and not text.rstrip().endswith((".", ":"))  # "Fit für die Arbeitswelt!" is a name


Span = tuple[Line, int, int]  # a line and a stretch of its text


def _value_spans(item_lines: Sequence[Line], text: str, row: TableRow | None) -> tuple[Span | None, Span | None]:
    """Where an item's amount and participant count stand: of a table row, its amount cell and
    what follows it on its line; of an item, its last amount (and no count).

    >>> row = Line("Fachtag Inklusion 12.500 € 40", 1)
    >>> [s[1:] for s in _value_spans([row], "Fachtag Inklusion", TableRow("Fachtag Inklusion", "12.500 €", 40))]
    [(18, 26), (26, 29)]
    >>> _value_spans([Line("- Fachtag Inklusion", 1), Line("(12.500 Euro)", 1)], "Fachtag Inklusion (12.500 Euro)",
    ...              None)[0][1:]
    (1, 12)
    """
    if row is not None:
        line = item_lines[0]
        start = line.text.find(row.amount_raw) if row.amount_raw else -1
        if start < 0:
            return None, None
        end = start + len(row.amount_raw)
        return (line, start, end), ((line, end, len(line.text)) if line.text[end:].strip() else None)
    money = find_money(text)
    if not money:
        return None, None
    raw = money[-1].raw
    for line in reversed(item_lines):
        start = line.text.find(raw)
        if start >= 0:
            return (line, start, start + len(raw)), None
    return None, None


def _span_conf(span: Span | None) -> float:
    return span[0].span_conf(span[1], span[2]) if span is not None else 1.0


def _amount_conf(span: Span | None) -> float:
    """An amount's confidence: its words' (doubt under ``SURE_NUMBER`` a misreading's), and no
    more than its form allows ("2.34 1.000 €")."""
    if span is None:
        return 1.0
    return min(number_conf(_span_conf(span), span[0].word_confs is not None),
               amount_doubt(span[0].text[span[1]:span[2]]))


def _count_conf(span: Span | None, row: TableRow | None) -> float:
    """A participant count's confidence: a number no list confirms, so OCR's doubt under
    ``SURE_NUMBER`` counts as a misreading's (a 200 dpi scan read "26" as "236" at 0.80, "44" as
    "4" at 0.84), as does a count read between specks ("„37 n") or repaired from letters ("2i")."""
    if span is None:
        return 1.0
    conf = number_conf(_span_conf(span), span[0].word_confs is not None)
    return min(conf, NEAR_WORD_CONFIDENCE) if row is not None and row.count_unsure else conf


def _text_conf(line: Line, markers: frozenset[str] = frozenset(), umlauts_lost: bool = False,
               skip: tuple[int, int] | None = None) -> float:
    """OCR confidence of a bullet line without its glyph (the glyph is read poorly and says nothing)."""
    found = split_marker(line.text)
    if found and found[1] and bullet_text(line.text, markers) is not None:
        return words_conf(line, len(line.text) - len(line.text.lstrip()) + len(found[0]) + 1, umlauts_lost, skip)
    return words_conf(line, 0, umlauts_lost, skip)


def _joins_two_names(parts: Sequence[str], placed: bool = True) -> bool:
    """Whether a wrapped item may be two items, the second's glyph lost: a line ending in a noun
    continued by one that reads like a name itself and does not start with a little word
    ("Nachhilfe und Prüfungsvorbereitung für Auszubildende" + "Teilzeitausbildung für
    Alleinerziehende"). Names wrap after or before a little word ("Nachvermittlung in" +
    "Ausbildung", "Jugendliche" + "mit Förderbedarf") far more often.

    A single word after a noun is a wrap as likely where the lines are ``placed`` on the page (an
    indent showed the wrap), unless no list knows it; in text without positions (a .txt) nothing
    showed a wrap, and a word the lists know may be a name of its own as well ("AusbildungsBrücke").

    >>> _joins_two_names(["Nachhilfe und Prüfungsvorbereitung für Auszubildende",
    ...                   "Teilzeitausbildung für Alleinerziehende"])
    True
    >>> _joins_two_names(["Nachhilfe und Prüfungsvorbereitung für Auszubildende", "geförderte Ausbildung in Teilzeit"])
    True
    >>> _joins_two_names(["Duale Ausbildung für Geflüchtete (DAG)", "Verbundausbildung im Handwerk"])  # a .txt
    True
    >>> _joins_two_names(["Servicestelle Praktikum - Nachvermittlung in", "Ausbildung"]), _joins_two_names(
    ...     ["Berufsorientierung für Jugendliche", "mit Förderbedarf"])
    (False, False)
    >>> _joins_two_names(["Servicestelle Anerkennung ausländischer Abschlüsse", "StepbyStep"])  # a .txt
    True
    >>> _joins_two_names(["Koordinierungsstelle Übergang", "Schule-Beruf"])  # a word: a wrap as likely
    False
    >>> _joins_two_names(["Einstiegsqualifizierung mit sozialpädagogischer Begleitung", "AusbildungsBrücke"],
    ...                  placed=False)  # a .txt, double-spaced
    True
    """
    return _two_names_at(parts, placed) is not None


def _two_names_at(parts: Sequence[str], placed: bool = True) -> int | None:
    """Where the second of two items run together starts (an index into ``parts``), or None (see
    ``_joins_two_names``).

    >>> _two_names_at(["Supervision für Fachpersonal der Jugendberufshilfe", "Zertifikatskurs Jobcoaching"])
    1
    """
    for at, (before, after) in enumerate(zip(parts, parts[1:]), start=1):
        last, following = before.split()[-1:], after.split()
        if last and _core(last[0])[:1].isupper() and _is_item(after) \
                and following[0].casefold() not in SHORT_WORDS | FUNCTION_WORDS \
                and (len(following) >= 2 or not placed or not _confirmed(_core(following[0]))):
            return at  # a name, or a word no list knows ("StepbyStep"), after a noun
    return None


def umlaut_loss_pages(lines: Sequence[Line]) -> set[int]:
    """Pages on which some word lost its umlaut ("fur", "Prufung"): a text layer or scan that drops
    them, where a word that is a word with or without one ("starken", "stärken") is in doubt."""
    return {line.page for line in lines
            if any(lost_umlaut(core) for word in line.text.split() if (core := _core(word)).isalpha())}


def _core(word: str) -> str:
    """A word without the punctuation about it, and without a glyph OCR glued to it ("_Produktionsschule")."""
    return word.strip(".,;:!?()[]\"'–-_")


def words_conf(line: Line, start: int = 0, umlauts_lost: bool = False, skip: tuple[int, int] | None = None) -> float:
    """The lowest confidence of the words from ``start`` on (but those overlapping ``skip``, where
    the item's amount stands: it has a confidence of its own), where a word the German word list or
    a lexicon confirms counts as sure as that confirmation (0.9) even if Tesseract hesitated.

    Confirmed are words of four letters or more in the word list and the short function words
    ("für", "der"), on which Tesseract's confidence is low even when it reads them right.  A word that is no word but one edit from one, read with less than
    SURE_OCR, is a misreading the word repair could not settle and counts as unsure.  A token without
    a letter or digit ("-", "|", "_") is a glyph or a separator; it says nothing about the
    project and is skipped.  In a line that lost umlauts ("fur"), or on a page that did
    (``umlauts_lost``), a word that is a word also with an umlaut ("Forderbedarf",
    "Förderbedarf") counts as unsure: which one was printed is open.
    """
    cap = NEAR_WORD_CONFIDENCE if _lost_pair_mark(line.text[start:]) or _small_conjunct(line.text[start:]) else 1.0
    if line.word_confs is None:
        # no confidences of its own (a .txt, a scanner's text layer): a spelling no German word
        # has still shows a misreading ("lT-Grundlagen")
        text = line.text if skip is None else line.text[:skip[0]] + " " * (skip[1] - skip[0]) + line.text[skip[1]:]
        if any(_misspelled(_core(word)) for word in text[start:].split()):
            return min(line.span_conf(start), NEAR_WORD_CONFIDENCE)
        return min(line.span_conf(start), cap)
    lowest, pos = cap, 0
    umlauts_lost = umlauts_lost or any(lost_umlaut(core) for word in line.text.split()
                                       if (core := _core(word)).isalpha())
    glyph_conf = None  # the confidence of a glyph right before the word, if any
    # specks after the name (before its amount, if any), which the name drops ("Produktionsschule Fulda u")
    name_end = len(line.text) if skip is None else skip[0]
    specks_from = len(strip_trailing_specks(line.text[:name_end].rstrip()))
    for word, conf in zip(line.text.split(), line.word_confs):
        at = line.text.find(word, pos)
        pos = at + len(word)
        core = _core(word)
        if BARRED_NUMERAL.match(word) and start < at < name_end:
            # bars of a Roman numeral read as marks ("Fit für den Beruf |!"): which numeral is open
            lowest = min(lowest, conf, NEAR_WORD_CONFIDENCE)
            glyph_conf = conf
            continue
        if not any(c.isalnum() for c in core) or specks_from <= at < name_end:
            glyph_conf = conf
            continue
        if conf == glyph_conf and _parts_listed(core):
            # Tesseract read the glyph and the word as one and gave both the confidence of the
            # unsurer part, mostly the glyph ("- Teilzeitausbildung" 0.52 each): the word's own is
            # unknown, and a word the lists vouch for part by part is judged as one without a
            # confidence (near words, spelling); a word no list knows stays as doubtful as read
            # ("Supenision", "Ausbikdungsplatzakguise" shared their glyph's doubt too)
            conf = max(conf, UNSCORED_WORD)
        glyph_conf = None
        if pos <= start or (skip is not None and at < skip[1] and pos > skip[0]):
            continue
        parts = re.split(r"[-/]", core)
        if _hyphened_little_word(core) or _hyphened_place(core):
            # "Nachhilfe-und", "JobStarter-Schwalm-Eder": a speck read as a hyphen, or a space lost
            conf = min(conf, NEAR_WORD_CONFIDENCE)
        elif umlauts_lost and core.isalpha() and is_word(core) and umlaut_twins(core):
            conf = min(conf, NEAR_WORD_CONFIDENCE)  # "Forderbedarf" beside "fur": "Förderbedarf" as likely
        elif core.isalpha() and len(core) >= MIN_LEN and shape_twins(core):
            conf = min(conf, NEAR_WORD_CONFIDENCE)  # "Pius" or "Plus": either word, one confusion apart
        elif _speck_inside(core):
            conf = min(conf, NEAR_WORD_CONFIDENCE)  # "Schwalm-F.der": a speck read as a stop inside a word
        elif core.isalpha() and glued_misread(core):
            conf = min(conf, NEAR_WORD_CONFIDENCE)  # "Fittür": "Fit für" run together, "f" read "t"
        elif _confirmed(core):
            conf = max(conf, WORD_LIST_CONFIDENCE)
        elif conf < SURE_OCR and any(_misread(part) or _short_misread(part) for part in parts):
            conf = min(conf, NEAR_WORD_CONFIDENCE)  # a misreading the repair could not settle
        elif _misspelled(core) or any(_guessed_repair(part) or glued_words(part) or _open_confusion(part)
                                      for part in parts):
            # a repair that is a guess, a misreading left as read (one the repair could not settle,
            # however sure Tesseract was: "Werkhot"), two words run together ("Fitfür"), or a pair
            # of codes of which OCR misread one ("BU/B2")
            conf = min(conf, NEAR_WORD_CONFIDENCE)
        elif is_english(core):
            conf = max(conf, WORD_LIST_CONFIDENCE)  # a borrowed English word ("Welcome"), no German one near it
        lowest = min(lowest, conf)
    return lowest


_ABBREVIATED = re.compile(r"(?:[^\W\d_]{1,2}\.)+[^\W\d_]{0,2}")  # "e.V", "z.B", "d.h"
_STOP_IN_WORD = re.compile(r"([^\W\d_]+)\.(?=([^\W\d_]+))")


def _speck_inside(word: str) -> bool:
    """A word with a stop between two of its letters where not both sides are words, nor is it an
    abbreviation: a letter misread beside a speck ("Schwalm-F.der" for "Schwalm-Eder", Tesseract
    at 0.92 in a 200 dpi PNG).  Two words a speck joined ("der.Jugendberufshilfe", "in.der")
    the name parts again as read.

    >>> [_speck_inside(w) for w in ("Schwalm-F.der", "in.der", "der.Jugendberufshilfe", "e.V", "z.B", "2.0")]
    [True, False, False, False, False, False]
    """
    if _ABBREVIATED.fullmatch(word):
        return False
    return any(not (_a_word(left) and _a_word(right)) for left, right in
               ((m.group(1), m.group(2)) for m in _STOP_IN_WORD.finditer(word)))


def _a_word(letters: str) -> bool:
    """A function word, a German word as written or a compound of three ("Jugendberufshilfe")."""
    return letters.lower() in FUNCTION_WORDS or written_word(letters) or long_compound(letters)


def _short_misread(word: str) -> bool:
    """A short small word that is none but one known OCR confusion from one ("qut" for "gut" in
    "Projekt GO-gut orientiert!"): too short for the repair or the near-word check.

    >>> [_short_misread(w) for w in ("qut", "gut", "der", "DAG", "tur")]
    [True, False, False, False, False]
    """
    return (3 <= len(word) < MIN_LEN and word.isalpha() and word.islower() and word not in FUNCTION_WORDS
            and correct_word(word) == word and not listed(word) and any(listed(v) for v in variants(word)))


def _parts_listed(word: str) -> bool:
    """Whether the lists know every part of a word: a compound of three listed words, or hyphen
    parts each a listed or English word ("Teilzeitausbildung", "Job-Coaching"; not "Azubi-Coaching").

    >>> [_parts_listed(w) for w in ("Teilzeitausbildung", "Job-Coaching", "Azubi-Coaching", "Supenision")]
    [True, True, False, False]
    """
    if long_compound(word):
        return True
    parts = word.split("-")
    return all(len(part) >= 3 and (listed(part) or is_english(part)) for part in parts)


def _misread(word: str) -> bool:
    """A word one edit from a German word, or one known OCR confusion from a German or English
    one, that the word repair does not settle: English words only confirm a reading, never repair
    one ("Welcorne", "rn" read for "m", stays as read and is a misreading).

    >>> [_misread(w) for w in ("Produktonsschule", "Welcorne", "Welcome", "Coaching", "Jobstarter")]
    [True, True, False, False, False]
    """
    return (near_word(word) or _confusion_of(word, is_english)) and not is_word(correct_word(word))


def _open_confusion(word: str) -> bool:
    """A word no list knows, one known OCR confusion from German words that the repair left as
    read, since more than one fits: a misreading, however sure Tesseract was ("Werkhot" at 0.86,
    "Werkhof" or "Werkbot").

    >>> [_open_confusion(w) for w in ("Werkhot", "Werkhof", "StepbyStep", "Gastro")]
    [True, False, False, False]
    """
    return _confusion_of(word, is_word) and not is_word(correct_word(word))


def _confusion_of(word: str, listed_in: Callable[[str], bool]) -> bool:
    """Whether ``word``, no word of either list, is one known OCR confusion from a word ``listed_in`` knows."""
    return (word.isalpha() and not is_word(word) and not is_english(word)
            and any(listed_in(v) for v in variants(word)))


def _confirmed(word: str) -> bool:
    """Whether a word list confirms ``word`` as read.

    Roman numerals are not: any of them is a valid numeral, and OCR turns one into another
    ("SGB VIII" read "SGB VII").

    >>> [_confirmed(w) for w in ("Alleinerziehende", "für", "II", "VIII", "Jobcoacbing", "fur")]
    [True, True, False, False, False, False]
    >>> [_confirmed(w) for w in ("Garten-", "Teilzeit-Ausbildung", "Il/SGB")]
    [False, True, False]
    >>> [_confirmed(w) for w in ("B1/B2", "A2", "B2/B1", "BI/B2")]  # language levels: a range goes up
    [True, True, False, False]
    >>> _confirmed("ServicesteIle")  # a spelling no word has, though "Service|steile" is a compound
    False
    """
    if word in FUNCTION_WORDS or is_language_level(word):  # "B1/B2": the lexicon of language levels
        return True
    if re.fullmatch(r"[IVXLC]+", word):
        return False  # the word list has numerals too
    parts = re.split(r"[-/]", word)
    if len(parts) > 1:  # "Inhouse-Schulung", "II/SGB": each part must be confirmed (levels only as a range)
        return all(part and not is_language_level(part) and _confirmed(part) for part in parts)
    return len(word) >= 4 and word.isalpha() and written_word(word) and not IMPOSSIBLE_SPELLING.search(word)


IMPOSSIBLE_SPELLING = re.compile(
    r"q(?!u)|[a-zäöüß]I[a-zäöüß]|^[A-ZÄÖÜ]I[a-zäöüß]|^l[A-ZÄÖÜ]|^l[bcdfghklmnpqrstvwxzß]|[A-ZÄÖÜ]l[A-ZÄÖÜ]"
    r"|[a-zäöüß]\.[a-zäöüß]{2}|^[a-zäöüß]{3,}[A-ZÄÖÜ][a-zäöüß]|[a-zäöüß]c[bdfgmnpvwxz]")


def _misspelled(core: str) -> bool:
    """Whether a word (hyphen or slash parts judged each) is spelled as OCR misreads: an impossible
    spelling in a part, a pair of unlike codes, or a hyphen joining a little word."""
    return _unlike_pair(core) or _hyphened_little_word(core) \
        or any(_impossible_spelling(part) for part in re.split(r"[-/]", core) if part)


def _hyphened_little_word(core: str) -> bool:
    """Whether a hyphen joins a word and a little word that ends it, with no space ("Nachhilfe-und",
    "Supervision-für"): a speck OCR read as a hyphen between two words, or the space lost after a
    compound's first part ("Sprach-und" for "Sprach- und"); which, only the scan tells. A little
    word between two hyphens is a phrase ("Schritt-für-Schritt").

    >>> [_hyphened_little_word(w) for w in ("Nachhilfe-und", "Supervision-für", "Schritt-für-Schritt", "GO-gut")]
    [True, True, False, False]
    """
    parts = core.split("-")
    return len(parts) > 1 and all(parts) and parts[-1].casefold() in FUNCTION_WORDS


@cache
def _place_names() -> frozenset[str]:
    """The names project names give the regions: each name and alias, also without its
    "-Kreis" or "kreis" ("Schwalm-Eder", "Vogelsberg")."""
    names = set()
    for region in regions():
        for alias in aliases(region):
            names |= {alias, alias.removesuffix("-Kreis"), alias.removesuffix("kreis")}
    return frozenset(name for name in names if name)


def _hyphened_place(core: str) -> bool:
    """Whether a hyphen joins a word to a region's name ("JobStarter-Schwalm-Eder", a 1-bit scan
    read at 0.9 for "JobStarter Schwalm-Eder"): project names set a place apart with a space, so
    a space OCR read as a hyphen is as likely as a name written so.  A region's own hyphened name
    ("Main-Kinzig-Kreis", "Groß-Gerau") is none.

    >>> [_hyphened_place(w) for w in ("JobStarter-Schwalm-Eder", "Werkhof-Fulda", "Schwalm-Eder", "Groß-Gerau")]
    [True, True, False, False]
    >>> [_hyphened_place(w) for w in ("Main-Kinzig-Kreis", "Schule-Beruf", "Darmstadt-Dieburg", "GO-gut")]
    [False, False, False, False]
    """
    places = _place_names()
    if "-" not in core or core in places:
        return False
    parts = core.split("-")
    return any(all(parts[:k]) and "-".join(parts[k:]) in places for k in range(1, len(parts)))


def _impossible_spelling(word: str) -> bool:
    """Whether a word the repair left as read is spelled as no German word is: a "q" without "u"
    ("Coachinq"), a capital I between small letters ("CoachIng"), a small l opening a word of
    capitals ("lT" for "IT") or a consonant ("lnhouse" for "Inhouse": no German word opens so),
    a small l between capitals ("MlA" for "MIA"; a small letter inside an abbreviation is written
    so in "BvB", never an l), a full stop between small letters ("l.imburg" for "Limburg": the
    L's foot read as a stop; an abbreviation's stops stand before a capital or a single letter,
    "z.B.", "u.a."), a word of small letters with a capital opening its second part ("jobStarter":
    a compound written so opens with a capital, "JobStarter"; "eLearning" has one small letter),
    a "c" between a small letter and a consonant it never stands before ("StepbyStcp": German
    writes "ch", "ck", "sch"; the word list holds no "cp", "cb", "cm", ...):
    an OCR misreading, however sure.  ("PIus" is not: the repair makes it "Plus".)

    >>> [_impossible_spelling(w) for w in ("Coachinq", "CoachIng", "PIus", "Qualifizierung", "Ausbildungsqualität")]
    [True, True, False, False, False]
    >>> [_impossible_spelling(w) for w in ("lT", "IT", "lernen", "MINT", "lnhouse", "Inhouse", "ljubljana")]
    [True, False, False, False, True, False, False]
    >>> [_impossible_spelling(w) for w in ("MlA", "MIA", "BvB", "l.imburg", "z.B.", "u.a.")]
    [True, False, False, True, False, False]
    >>> [_impossible_spelling(w) for w in ("jobStarter", "JobStarter", "eLearning", "AusbildungsBrücke")]
    [True, False, False, False]
    >>> [_impossible_spelling(w) for w in ("StepbyStcp", "StepbyStep", "Coaching", "Recruiting", "Basics")]
    [True, False, False, False, False]
    """
    return bool(IMPOSSIBLE_SPELLING.search(word)) and correct_word(word) == word


SMALL_CONJUNCT = re.compile(r"(?<![\w-])([a-zäöüß]{3,}) (?:und|oder) [A-ZÄÖÜ][a-zäöüß]")


def _small_conjunct(text: str) -> bool:
    """Whether a small word stands joined by "und"/"oder" to a noun: most likely a noun whose
    capital OCR read small ("Teilqualifizierung lager und Logistik"; the lists hold "lager", so
    they confirm it). Adjectives so joined go with a noun after both ("berufliche und soziale
    Integration").

    >>> [_small_conjunct(t) for t in ("Teilqualifizierung lager und Logistik", "Lager und Logistik",
    ...                               "berufliche und soziale Integration", "Garten- und Landschaftsbau")]
    [True, False, False, False]
    """
    return any(word not in FUNCTION_WORDS for word in SMALL_CONJUNCT.findall(text))


LEVEL_PAIR = re.compile(r"(?<![\w/-])([ABC][12]) ([ABC][12])(?![\w/-])")


def _lost_pair_mark(text: str) -> bool:
    """Whether ``text`` holds two language levels of a range with only a space between: the
    slash or hyphen that joined them was lost, and which one is open ("B1 B2" for "B1/B2").

    >>> [_lost_pair_mark(t) for t in ("Sprachförderung B1 B2", "Sprachförderung B1/B2", "Kurs A1 und A2")]
    [True, False, False]
    """
    return any(is_language_level(f"{a}/{b}") for a, b in LEVEL_PAIR.findall(text))


PAIR_CODE = re.compile(r"[A-ZÄÖÜ0-9]{2,4}")


def _unlike_pair(word: str) -> bool:
    """Whether ``word`` is two short codes joined by a slash, of one length, one with a digit and
    the other without: codes in such a pair are alike ("B1/B2", "A2/B1"), so one was misread ("BU/B2").

    >>> [_unlike_pair(w) for w in ("BU/B2", "B1/B2", "A2/B1", "II/SGB", "SGB", "Il/SGB", "IT/EDV")]
    [True, False, False, False, False, False, False]
    """
    parts = word.split("/")
    return (len(parts) == 2 and all(PAIR_CODE.fullmatch(part) for part in parts)
            and len(parts[0]) == len(parts[1])
            and sum(any(c.isdigit() for c in part) for part in parts) == 1)


def _guessed_repair(word: str) -> bool:
    """Whether the word repair changes ``word`` into one the list holds only as two words joined.

    Compounds are many, so a repair into one is a guess ("Arbeitsmarktsträte" -> "Arbeitsmarkts|träfe"),
    unless capitals mark its joins and the lists hold every part ("JobStartcr" -> "Job|Starter").

    >>> [_guessed_repair(w) for w in ("Arbeitsmarktsträte", "Qualifizierunq", "Teilzeit", "JobStartcr")]
    [True, False, False, False]
    """
    repaired = correct_word(word)
    return repaired != word and not listed_parts(repaired)


MAX_GLYPHLESS_RUN = 3  # lines in a row that lost their bullet glyphs, at most, taken for items


def _glyphless_run_to_bullet(lines: Sequence[Line], k: int, markers: frozenset[str] | None = None) -> bool:
    """Whether the lines after ``k`` are up to MAX_GLYPHLESS_RUN short capitalised names without
    a glyph that run into a bulleted item or the next type's heading: a list whose glyphs OCR lost
    on several lines in a row.

    >>> rows = [Line(t, 1) for t in ("IT-Grundlagen für Wiedereinsteigerinnen", "MINT-Qualifizierung für Frauen",
    ...                              "· Integrationslotsen Arbeitsmarkt")]
    >>> _glyphless_run_to_bullet(rows, 0), _glyphless_run_to_bullet(rows, 1)
    (True, False)
    >>> rows = [Line(t, 1) for t in ("· Gastro-Ausbildung mit Begleitung", "Ausbildungsplatzakquise und Matching",
    ...                              "Ausbildung im Garten- und Landschaftsbau", "Qualifizierungsprojekte")]
    >>> _glyphless_run_to_bullet(rows, 0), _glyphless_run_to_bullet(rows, 1), _glyphless_run_to_bullet(rows, 2)
    (True, True, False)
    """
    j = k + 1
    while j < len(lines) and j <= k + MAX_GLYPHLESS_RUN and bullet_text(lines[j].text, markers) is None \
            and category_of(lines[j].text) is None and _is_item(lines[j].text) \
            and len(lines[j].text.split()) <= MAX_NAME_WORDS and opens_capital(lines[j].text):
        j += 1
    return k + 1 < j < len(lines) and (bullet_text(lines[j].text, markers) is not None
                                       or category_of(lines[j].text) is not None)


def _next_is_category(lines: Sequence[Line], k: int) -> bool:
    """Whether the line after ``k`` is the heading of a measure type (an official one or one of its own)."""
    return k + 1 < len(lines) and (
        category_of(lines[k + 1].text) is not None or names_measure_kind(lines[k + 1].text))


def _later_type_follows(lines: Sequence[Line], k: int, code: str) -> bool:
    """Whether a type heading follows line ``k`` before the list's closing sentence: an official
    type listed after ``code`` (an official type's code) or one of its own that names a kind of
    measures ("Modellvorhaben")."""
    if code not in OFFICIAL_ORDER:
        return False
    for j in range(k + 1, len(lines)):
        text = lines[j].text
        if not text:
            continue
        if (cat := category_of(text)) is not None:
            return cat[0] in OFFICIAL_ORDER and OFFICIAL_ORDER.index(cat[0]) > OFFICIAL_ORDER.index(code)
        if names_measure_kind(text):
            return bullet_text(text) is None
        if _next_is_prose(lines, j - 1):
            return False
    return False


def _indented_after(lines: Sequence[Line], k: int) -> bool:
    """Whether the line after ``k`` starts clearly right of it, as items under a heading do."""
    if k + 1 >= len(lines) or lines[k].bbox is None or lines[k + 1].bbox is None:
        return False
    return lines[k + 1].bbox[0] > lines[k].bbox[0] + 8


def _next_is_plain_item(lines: Sequence[Line], k: int) -> bool:
    """Whether the line after ``k`` reads like a project's name without a glyph (not prose, no heading)."""
    return k + 1 < len(lines) and bullet_text(lines[k + 1].text) is None and _is_item(lines[k + 1].text) \
        and not _next_is_prose(lines, k) and category_of(lines[k + 1].text) is None


def _next_is_prose(lines: Sequence[Line], k: int) -> bool:
    """Whether the line after ``k`` is running text (the sentence that closes a list)."""
    if k + 1 >= len(lines):
        return False
    words = lines[k + 1].text.split()
    return len(words) >= 8 and words[0][:1].isupper() and bullet_text(lines[k + 1].text) is None


def _outdented(line: Line, item: Line | None) -> bool:
    """Whether ``line`` starts clearly left of the list item above it on the same page (a heading's margin)."""
    if item is None or line.bbox is None or item.bbox is None or line.page != item.page:
        return False
    return line.bbox[0] < item.bbox[0] - 8


FAR_RIGHT_PT = 72.0  # an inch


AGREEMENT_WORD = "zielvereinbarung"


def _names_the_agreement(text: str) -> bool:
    """Whether a line opens with the agreement's name and gives a year: the title as a page's
    running header repeats it; no project is named so.

    >>> _names_the_agreement("Zielvereinbarung AQB 2014 – Vogelsberg"), _names_the_agreement("Zielvereinbarunq 2019")
    (True, True)
    >>> _names_the_agreement("Zielvereinbarung und Controlling"), _names_the_agreement("Werkstattjahr 2.0")
    (False, False)
    """
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return fuzz.ratio(fold(first), AGREEMENT_WORD) >= 85 and YEAR.search(text) is not None


def _far_right(line: Line, item: Line | None) -> bool:
    """Whether ``line`` starts an inch or more right of the list item before it: a centred or
    right-aligned line (a running header atop the next page), not an item that lost its glyph."""
    if item is None or line.bbox is None or item.bbox is None:
        return False
    return line.bbox[0] > item.bbox[0] + FAR_RIGHT_PT


def _runs_on(prev: Line, text: str) -> bool:
    """Whether a glyph-led line continues the unfinished sentence of running text before it: after
    a dash (which OCR may read as "="), or after any glyph when the sentence broke off at a word
    no sentence ends with (a function word, the first part of a hyphened pair: "des
    Ausbildungs- und" / "_Qualifizierungsbudgets 2020 in den ...").

    >>> intro = Line("Der Landkreis finanziert mit den Mitteln des Ausbildungs- und", 1)
    >>> _runs_on(intro, "_Qualifizierungsbudgets 2020"), _runs_on(intro, "- Bescheides.")
    (True, True)
    >>> _runs_on(Line("Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen", 1), "• Café Beruf")
    False
    """
    words = prev.text.split()
    if len(words) < 6 or _ends_sentence(prev.text):
        return False
    return text.lstrip()[:1] in "-–—=" or words[-1] in FUNCTION_WORDS or words[-1].endswith("-")


# Lines of the measures sections of 696 dev documents start 0-3 pt right of the page's text edge
# (1,847), 4-6 pt (53), 7-11 pt (5), 12 pt or more (1,000+: the items' indent): the valley's middle.
MIN_INDENT_PT = 9


def _indented(line: Line, edges: dict[int, tuple[float, float]]) -> bool:
    """Whether a line starts well right of the section's left edge (as list items do)."""
    if line.bbox is None or line.page not in edges:
        return False
    return line.bbox[0] > edges[line.page][0] + MIN_INDENT_PT


DOUBLE_SPACED_REACH = 2  # filled lines looked at on each side of a line to tell double spacing


def _blank_before(lines: Sequence[Line]) -> dict[int, bool]:
    """For each line (by identity), whether a blank line sets it off from the line before.

    In double-spaced text (a blank line before every line, as some text exports and OCR of
    widely spaced print give) blank lines say nothing about paragraphs: a line counts as set
    off only when at least two of the lines around it on its page are not: the four nearest, two
    on each side, or more on one side at the top or the end of a page.  A page break is no blank
    line: the first line of a page is set off only by a blank line on its own page, and so is the
    first line after PAGE_GAP blank lines or more in a row: a page break a text export lost (the
    page's margins, its number gone as page furniture).
    """
    filled: list[Line] = []
    blank: list[bool] = []
    broke: list[bool] = []  # after a lost page break: says nothing about the spacing around it
    gap = 0
    for line in lines:
        if not line.text.strip():
            gap += 1
            continue
        blank.append(0 < gap < PAGE_GAP and bool(filled) and filled[-1].page == line.page)
        broke.append(gap >= PAGE_GAP)
        filled.append(line)
        gap = 0
    out: dict[int, bool] = {}
    for k, line in enumerate(filled):
        page = [j for j in range(k - 2 * DOUBLE_SPACED_REACH, k + 2 * DOUBLE_SPACED_REACH + 1)
                if j != k and 0 <= j < len(filled) and filled[j].page == line.page and not broke[j]]
        around = [blank[j] for j in sorted(page, key=lambda j: (abs(j - k), j))[:2 * DOUBLE_SPACED_REACH]]
        double_spaced = len(around) >= DOUBLE_SPACED_REACH + 1 and sum(around) >= len(around) - 1
        out[id(line)] = blank[k] and not double_spaced
    return out


def _above_list(line: Line, placed: Sequence[Line]) -> bool:
    """Whether ``line`` stands wholly above every heading and item of the list on its page: text
    from before the list that OCR gave out of reading order, not a part of it."""
    tops = [other.bbox[1] for other in placed if other.bbox is not None and other.page == line.page]
    return line.bbox is not None and bool(tops) and line.bbox[3] <= min(tops)


def _read_out_of_order(filled: Sequence[Line], k: int) -> bool:
    """Whether OCR gave a line before the next one although it stands below it on the page (a
    scrap such as "3.Q" of a heading, read with the glyph column before the items above it)."""
    line, after = filled[k], filled[k + 1] if k + 1 < len(filled) else None
    return (after is not None and line.bbox is not None and after.bbox is not None and after.page == line.page
            and after.bbox[1] < line.bbox[1] - (line.bbox[3] - line.bbox[1]))


def _mark_none(blocks: list[CategoryBlock]) -> None:
    if blocks:
        last = blocks[-1]
        blocks[-1] = CategoryBlock(last.code, last.heading_raw, last.page, True, last.score)


SENTENCE_WORDS = 10  # a line this long that opens with an article is running text
ARTICLES = ("Die", "Der", "Das", "Den", "Dem", "Des")


def _opens_sentence(text: str) -> bool:
    """Whether a line is running text by its opening: more than MAX_NAME_WORDS words, the first an
    article or a preposition (names are shorter and open with a noun).

    >>> _opens_sentence("Der Rheingau-Taunus-Kreis finanziert mit den Mitteln des Ausbildungs- und")
    True
    >>> _opens_sentence("Mit den Mitteln des Ausbildungs- und Qualifizierungsbudgets 2015 finanziert: der")
    True
    >>> _opens_sentence("Die Brücke - Ausbildung für Geflüchtete"), _opens_sentence("Projekt GO-gut orientiert! II")
    (False, False)
    """
    words = text.split()
    return len(words) > MAX_NAME_WORDS and (words[0] in ARTICLES or words[0].lower() in FUNCTION_WORDS)


def _is_sentence(lines: Sequence[Line], k: int) -> bool:
    """Whether ``lines[k]`` is running text, not a project: no glyph, ten words or more opening
    with an article, no amount.

    >>> [_is_sentence([Line(t, 1)], 0) for t in ("Die Förderung dcr aufgeführten Maßnahmen crfolgt auf Basis "
    ...     "und nach Maßgabe dcs", "Die Brücke - Ausbildung für Geflüchtete", "- Die Förderung der Maßnahmen "
    ...     "erfolgt auf Basis und nach Maßgabe des")]
    [True, False, False]
    """
    if k >= len(lines):
        return False
    text = lines[k].text
    words = text.split()
    return (len(words) >= SENTENCE_WORDS and words[0] in ARTICLES
            and bullet_text(text) is None and not find_money(text))


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ":", "!"))


def _is_unknown_heading(text: str) -> bool:
    """A short title-like line: a measure type the lexicon does not know ("Modellvorhaben").

    A numbered one may end in a speck read as a full stop (a 1-bit 200 dpi PDF: "V. Ergänzende
    Maßnahmen der Jugendberufshilfe."); a sentence has no enumerator.

    >>> _is_unknown_heading("V. Ergänzende Maßnahmen der Jugendberufshilfe."), _is_unknown_heading("Sie wirken mit.")
    (True, False)
    """
    text = LOOSE_MARK.sub("", text)  # "Modellvorhaben ." (a 1-bit 200 dpi PDF)
    if ENUMERATOR.match(text) and text.endswith(".") and not text.endswith(".."):
        text = text[:-1]
    words = strip_enumerator(text).split()
    if not words or words[-1].casefold() in SHORT_WORDS or text.endswith(("-", ",")):
        return False  # the line runs on: a sentence, not a heading
    if not (words[-1][:1].isupper() or words[-1][:1].isdigit() or words[-1][:1] in "()"):
        return False  # German headings end in a noun; "... vom Regierungspräsidium erlassenen" is a sentence
    return 3 <= len(text) <= 90 and words[0][:1].isupper() and not _ends_sentence(text) and len(words) <= 8


# Plural nouns that name a kind of measures in a heading ("Sonstige Maßnahmen",
# "Netzwerk- und Koordinierungsaufgaben"); a project's name is singular ("Modellprojekt ...").
KIND_NOUNS = ("maßnahmen", "aufgaben", "projekte", "angebote", "vorhaben", "leistungen", "aktivitäten")


def names_measure_kind(text: str) -> bool:
    """A heading-like line with a plural noun for a kind of measures, none of the official four.

    >>> [names_measure_kind(t) for t in ("Nctzwerk- und Koordinierungsaufgaben", "5. Sonstige Maßnahmen",
    ...     "Modellprojekt Jugendberufsagentur", "Ausbildungsvorbereitung", "Modellvorhaben", "5. Modellvorbaben",
    ...     "5 Sonstige Maßnahmen")]
    [True, True, False, False, True, True, True]
    """
    text = ENUMERATOR_WITHOUT_DOT.sub("", text)  # "5 Sonstige Maßnahmen"
    if not _is_unknown_heading(text) or category_of(text) is not None:
        return False
    words = correct_text(strip_enumerator(text)).split()  # "Modellvorbaben" read for "Modellvorhaben"
    return any(fold(word).endswith(tuple(fold(noun) for noun in KIND_NOUNS)) for word in words)


def _join_wrapped(parts: Sequence[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not out:
            out = part
        elif out.endswith("-") and part[:1].islower():
            out = out[:-1] + part
        elif out.endswith("-"):
            out = out + part
        else:
            out = f"{out} {part}"
    return out.strip()


@dataclass(frozen=True)
class ProjectText:
    name: str
    amount_eur: float | None
    amount_raw: str
    doubt: float = 1.0  # the most the amount can be trusted for how it was found
    name_doubt: float = 1.0  # the most the name can be trusted: it took digits the amount left


_TRAILING_PUNCT = re.compile(r"(?:[\s:;,–—\-(]|(?<=\s)\.)+$")  # and a speck's stop set apart: "Abschlüsse: ."


def split_project(text: str, total: float | None = None) -> ProjectText:
    """Separate an amount written after a project name from the name; an amount the budget's
    ``total`` rules out loses a first group a space set apart (``dropped_lead``).

    >>> split_project("Café Beruf (45.000 €)")
    ProjectText(name='Café Beruf', amount_eur=45000.0, amount_raw='45.000 €', doubt=1.0, name_doubt=1.0)
    >>> split_project("Welcome Office Wetterau")
    ProjectText(name='Welcome Office Wetterau', amount_eur=None, amount_raw='', doubt=1.0, name_doubt=1.0)
    >>> split_project("Frauen in Arbeit 5 328.000,00 €", total=4_000_000.0).name_doubt  # a speck read "5"
    0.6
    """
    money = find_money(text)
    if not money:
        return ProjectText(text.strip(), None, "")
    kept = dropped_lead(money[-1], total)
    project = split_at(text, colon_lead(text, kept))
    if kept is not money[-1]:
        # the group left to the name ends it ("Azubi Coaching 30" for "3.0") or is a speck read
        # as a digit ("Frauen in Arbeit 5"): which, only the scan tells
        project = replace(project, name_doubt=SPLIT_GROUP_CONFIDENCE)
    return project


def split_at(text: str, m: MoneyMatch) -> ProjectText:
    """The name before (and around) an amount found in an item's text, and the amount.

    >>> split_at("Frauen in Arbeit (240.500 0)", unit_lost_amount("Frauen in Arbeit (240.500 0)"))
    ProjectText(name='Frauen in Arbeit', amount_eur=240500.0, amount_raw='240.500 0)', doubt=0.6, name_doubt=1.0)
    """
    name = (text[: m.start] + " " + text[m.end:].strip(" )]»")).strip()  # "»": a parenthesis misread
    name = _TRAILING_PUNCT.sub("", name).strip()
    if name.endswith(("(", "[")):
        name = name[:-1].strip()
    doubt = m.doubt
    before, after = text[: m.start], text[m.end:]
    if m.raw.startswith("1") and (m.raw.endswith(")") or after.lstrip().startswith(")")) \
            and before.count("(") <= before.count(")"):
        # closed and never opened: its "1" may be the "(" ("178.000 kuro)" for "(78.000 Euro)"), or
        # the "(" was lost ("197.000 €)"); the print alone cannot tell
        doubt = min(doubt, PARENTHESIS_ONE_CONFIDENCE)
    return ProjectText(name or text.strip(), m.amount_eur, m.raw, doubt)


PARENTHESIS_ONE_CONFIDENCE = 0.6
