"""Turn the pages of a document into one clean list of lines: page furniture removed."""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from rapidfuzz import fuzz, process

from ..records import Line, PageText
from .signatures import DATED, PLACE

_REPLACEMENTS = {
    "\u00ad": "",  # soft hyphen
    "\ufb01": "fi", "\ufb02": "fl", "\ufb00": "ff",
    "\u201e": '"', "\u201c": '"', "\u201d": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "\t": " ",
    "\u0131": "i",  # dotless i: German has none, bilevel scans are full of it
}
_SPACES = re.compile(r" {2,}")

PAGE_NUMBER = re.compile(
    r"""^\s*(?:
        [-–—]\s*\d{1,3}\s*[-–—]                       # - 4 -
      | [.,]?\s*S[ae][a-zäöüï]{2,3}\s*(?:[\dlI]{1,3}|[\dlIOASBZGTi]{1,2}(?=\s*(?:von|v0n|/)))
        \s*(?:(?:von|v0n|/)[.,]?\s*(?:\d{1,3}|[a-zA-Z](?=[.,]?\s*$)))?[.,]?
                    # Seite 4 von 5, "Sette 3von 4.", "Seite Avon 5" (4 read "A"), "Seite Zvon.d" (2 von 3)
      | \d{1,3}\s*(?:/|von)\s*\d{1,3}                  # 4 / 5
      | [A-Za-zäöü]{2,6}\.?\s*\d{1,3}\s*(?:von|v0n)\s*\d{1,3}  # any short word before "2 von 3": "See 2von 3"
    )\s*$""",
    re.VERBOSE | re.IGNORECASE,
)
BARE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
MAX_TITLE_WORDS = 10  # a heading's title line; a longer line is running text


def clean_text(text: str) -> str:
    """Normalise one line: NFC, typographic quotes and odd spaces, trimmed.

    >>> clean_text("  \u201eArbeitswelt\u00a0Hessen\u201c ")
    '"Arbeitswelt Hessen"'
    """
    text = unicodedata.normalize("NFC", text)
    for old, new in _REPLACEMENTS.items():
        text = text.replace(old, new)
    return _SPACES.sub(" ", text).strip()


def _furniture_key(text: str) -> str:
    """A running header/footer compared without its digits (page numbers change), spaces and marks
    (OCR reads them least surely: "OB2019 Landkiers" and "OB 2010 Landkreis" are one header).

    >>> _furniture_key("AQB 2019 – Landkreis Odenwaldkreis"), _furniture_key("OB2019 Landkiers Odenwaldkreis")
    ('aqb#landkreisodenwaldkreis', 'ob#landkiersodenwaldkreis')
    """
    return re.sub(r"[^\w#]+|_", "", re.sub(r"\d+", "#", text.casefold()))


def _edge_lines(lines: Sequence[Line], k: int = 3, edge: str = "both") -> list[Line]:
    """The first and last ``k`` filled lines of a page (``edge``: "top", "bottom" or "both");
    all of a page that short."""
    filled = [line for line in lines if line.text]
    if len(filled) <= 2 * k:
        return filled
    return {"top": filled[:k], "bottom": filled[-k:]}.get(edge, filled[:k] + filled[-k:])


FURNITURE_SIMILARITY = 90  # rapidfuzz ratio of two keys taken for one header read twice ("Zielvereinbarunq")
# a line opening with an enumerator ("3. Qualifizierungsprojekte ...") is a numbered heading, no running header
ENUMERATED = re.compile(r"^\s*(?:\d{1,2}|[IVX]{1,4}|[a-h])[.)]\s+[A-ZÄÖÜ]")


def running_furniture(pages: Sequence[Sequence[Line]]) -> set[str]:
    """Keys of lines repeated at the top of at least two pages (headers), or at the bottom (footers).

    A header OCR read differently on two pages counts for both: keys are compared by
    similarity, not equality.  A line at the bottom of one page and one alike atop another are
    no furniture: a type heading that opens a page ("Qualifizierungsprojekte zur
    Arbeitsmarktintegration,") may repeat a line of running text that closed an earlier one.
    """
    if len(pages) < 2:
        return set()
    tops: list[set[str]] = []  # per page, the keys of its first lines
    bottoms: list[set[str]] = []  # and of its last
    inner: set[str] = set()  # keys also seen away from the edges: text, not furniture
    for lines in pages:
        top, bottom = _edge_lines(lines, edge="top"), _edge_lines(lines, edge="bottom")
        edge = {id(line) for line in [*top, *bottom]}
        tops.append({_furniture_key(line.text) for line in top if _may_be_furniture(line.text)})
        bottoms.append({_furniture_key(line.text) for line in bottom if _may_be_furniture(line.text)})
        inner.update(_furniture_key(line.text) for line in lines
                     if line.text and (id(line) not in edge or _runs_on(line.text)))
    furniture = set()
    for edge_keys in (tops, bottoms):
        for key in set().union(*edge_keys):
            n = sum(1 for page_keys in edge_keys if _similar_key(key, page_keys))
            if n >= 2 and n >= len(pages) // 2 and key not in inner:
                furniture.add(key)
    return furniture


def _may_be_furniture(text: str) -> bool:
    return len(text) >= 6 and not ENUMERATED.match(text) and not _runs_on(text)


def _runs_on(text: str) -> bool:
    """Whether a line runs on into the next (a comma or a hyphen ends it): running text, which no
    header or footer is, though a type heading atop a page may repeat it ("Ausbildung und
    Ausbildungscoaching in anerkannten Ausbildungsberufen," atop page 2, the heading atop page 3).

    >>> _runs_on("Ausbildung und Ausbildungscoaching in anerkannten Ausbildungsberufen,"), _runs_on("Seite 2 von 4")
    (True, False)
    """
    return text.rstrip().endswith((",", "-"))


def _similar_key(key: str, keys: Iterable[str]) -> bool:
    """Whether ``keys`` holds ``key`` or one OCR may have made of it."""
    return key in keys or process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=FURNITURE_SIMILARITY) is not None


def furniture_by_page_numbers(pages: Sequence[Sequence[Line]]) -> set[str]:
    """Keys of repeated lines that stand next to a page number ("Seite 2 von 4"): running headers
    and footers in text whose page breaks were lost (one long page).  Seen once, such a line is
    one too when it opens the text after a page gap right above a "Seite" number and names a
    year: the header of the one page that has it ("Zielvereinbarung AQB 2015 – Kassel" above
    "Seite 2 von 2").

    >>> page = [Line(t, 1) for t in ["Seite 1 von 2", "Text.", "", "", "", "Zielvereinbarung AQB 2015 – KasseI", "",
    ...                               "Seitc 2 von 2", "- Startklar für die Ausbildung", "", "", "", "§ 5 Zielsteuerung",
    ...                               "Seite 3 von 3"]]
    >>> sorted(furniture_by_page_numbers([page]))
    ['zielvereinbarungaqb#kassei']
    >>> page = [Line(t, 1) for t in ["Text.", "4", "", "", "", "Wiesbaden, den 12. April 2020     Korbach, den 10. März 2020"]]
    >>> furniture_by_page_numbers([page])  # the signing line opening the last page
    set()
    >>> last = [Line(t, 3) for t in ["Haushaltsjahres 2021.", "Wiesbaden, den 23.3.21", "een et", "Seite 3 von 3",
    ...                               "Wiesbaden, den 14.3.21", "Monika Neumann"]]
    >>> furniture_by_page_numbers([last])  # both parties signed in one place: their lines alike
    set()
    """
    flat = [line for lines in pages for line in lines if line.text]
    counts = Counter(_furniture_key(line.text) for line in flat if not _runs_on(line.text))
    after_gap = {id(line) for line in _after_gaps(pages)}
    keys = set()
    for i, line in enumerate(flat):
        if not (PAGE_NUMBER.match(line.text) or BARE_NUMBER.match(line.text)):  # "Seite 3", or a bare "3"
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(flat):
                key = _furniture_key(flat[j].text)
                # seen once: right above a "Seite 2 von 2", opening its page (a line after a page's
                # number opens the next page: "Wiesbaden, den 12. April 2020" after the "4" of the last)
                once = (j == i - 1 and PAGE_NUMBER.match(line.text) and id(flat[j]) in after_gap
                        and YEAR.search(flat[j].text))
                if (counts[key] >= 2 or once) and len(flat[j].text) >= 6 and not flat[j].text.endswith(".") \
                        and not signing_line(flat[j].text):
                    keys.add(key)
    return keys


YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")


def signing_line(text: str) -> bool:
    """Whether a line opens with a signing place and date ("Wiesbaden, den 23.3.21"): the two
    parties' lines are alike where both signed in one place, but are no running header.

    >>> signing_line("Wiesbaden, den 23.3.21"), signing_line("Bad Homburg v. d. Höhe, den 4. Mai 2019")
    (True, True)
    >>> signing_line("Zielvereinbarung AQB 2018 – Offenbach"), signing_line("Wiesbaden, im Mai")
    (False, False)
    """
    place = PLACE.match(text)
    return place is not None and DATED.match(text[place.end():].lstrip()) is not None


PAGE_GAP = 3  # blank lines in a row where a text export lost a page break


def furniture_after_gaps(pages: Sequence[Sequence[Line]]) -> set[str]:
    """Keys of lines that open at least two runs of text after PAGE_GAP blank lines: the running
    header of text whose page breaks were lost (a .txt without form feeds).

    >>> page = [Line(t, 1) for t in ["Text.", "", "", "", "AQB 2021 – Landkreis Gießen", "§ 2 Verpflichtungen",
    ...                               "• JobStarter Gießen", "", "", "", "AQB 2021 – Landkrcis Gießen", "• Café Beruf"]]
    >>> sorted(furniture_after_gaps([page]))
    ['aqb#landkrcisgiessen', 'aqb#landkreisgiessen']
    """
    after_gap = [_furniture_key(line.text) for line in _after_gaps(pages)
                 if len(line.text) >= 6 and not line.text.endswith(".")]
    return {key for key in after_gap if sum(1 for other in after_gap if _similar_key(key, [other])) >= 2}


def _after_gaps(pages: Sequence[Sequence[Line]]) -> list[Line]:
    """The lines that open a run of text after PAGE_GAP blank lines or more."""
    found = []
    for lines in pages:
        blanks = 0
        for line in lines:
            if not line.text:
                blanks += 1
                continue
            if blanks >= PAGE_GAP:
                found.append(line)
            blanks = 0
    return found


def is_edge_debris(text: str) -> bool:
    """A scrap at the top or bottom edge of a page: a page number OCR mangled ("=D", "-2-").

    >>> [is_edge_debris(t) for t in ["=D", "- 2", "§ 6", "86", "Zielsteuerung"]]
    [True, True, False, False, False]
    """
    if len(text) > 6 or BARE_NUMBER.match(text) or text.startswith(("§", "$")):
        return False
    return sum(c.isalpha() for c in text) <= 2


def _above_title(line: Line, filled: Sequence[Line]) -> bool:
    """Whether the next line of the page reads like a heading's title: then a scrap at the top
    is what OCR left of its "§ 2" ("8 2", "sa"), for the section parser to judge, not a page number.

    >>> page = [Line("sa", 2), Line("Ziele für die Umsetzung des Landkreises Fulda", 2), Line("Text.", 2)]
    >>> _above_title(page[0], page), _above_title(page[1], page)
    (True, False)
    >>> page = [Line('"', 3), Line("Jugend stärken im Quartier 442.000 Euro 8", 3)]
    >>> _above_title(page[0], page)
    False
    """
    at = next((k for k, other in enumerate(filled) if other is line), None)
    if at is None or at + 1 >= len(filled):
        return False
    text = filled[at + 1].text
    words = text.split()
    return (1 <= len(words) <= MAX_TITLE_WORDS and words[0][:1].isupper() and not words[-1].endswith((".", ","))
            and not any(c.isdigit() for c in text))  # a title has no digits; a table row has


def _cleaned(line: Line) -> Line:
    text = clean_text(line.text)
    confs = line.word_confs if line.word_confs and len(text.split()) == len(line.word_confs) else None
    return Line(text, line.page, line.bbox, line.conf, confs)


# Pieces of one printed row that OCR's layout analysis put in two blocks ("o Quali" and, read
# after the next item, "rung der Integrationsfachkräfte": "fizie" between them lost): how close
# they stand, in line heights, and how much of the lower one's height they share.  Columns
# (signature blocks, a table's cells) stand further apart.
ROW_PIECE_GAP = 3.0
ROW_PIECE_OVERLAP = 0.6
ROW_PIECE_HEIGHTS = 1.5  # the taller piece at most this many times the other's height
MAX_ROW_CHARS = 400  # a row is no longer than this (and a chain of pieces ends)


def join_row_pieces(lines: Sequence[Line]) -> list[Line]:
    """An OCR page's lines with the pieces of a row read as separate lines joined, left to
    right, where the leftmost piece stands; other lines as they are.

    Two lines are pieces of one row when both are OCR lines with boxes and word confidences,
    they overlap vertically by ``ROW_PIECE_OVERLAP`` of the lower one's height, and the right
    one begins after the left one ends, within ``ROW_PIECE_GAP`` of its height.

    >>> a = Line("o Quali", 1, (64.1, 520.6, 96.1, 528.8), 0.91, (0.9, 0.92))
    >>> b = Line("o Schulung Gesprächsführung", 1, (64.1, 533.5, 290.2, 543.2), 0.88, (0.88, 0.88, 0.88))
    >>> c = Line("rung der Integrationsfachkräfte", 1, (117.4, 520.6, 239.0, 529.6), 0.78, (0.7, 0.8, 0.84))
    >>> [line.text for line in join_row_pieces([a, b, c])]
    ['o Quali rung der Integrationsfachkräfte', 'o Schulung Gesprächsführung']
    """
    pieces = [line for line in lines if _row_piece(line)]
    right_of: dict[int, Line] = {}
    for left in pieces:
        beside = [line for line in pieces if line is not left and _beside(left, line)]
        if beside:
            right_of[id(left)] = min(beside, key=lambda line: line.bbox[0])
    if not right_of:
        return list(lines)
    taken = {id(line) for line in right_of.values()}
    out = []
    for line in lines:
        if id(line) in taken:
            continue
        joined, piece = line, line
        while id(piece) in right_of and len(joined.text) < MAX_ROW_CHARS:
            piece = right_of[id(piece)]
            joined = _joined(joined, piece)
        out.append(joined)
    return out


_WORDLIKE = re.compile(r"[^\W\d_]{3}")


def _row_piece(line: Line) -> bool:
    """An OCR line with a box, word confidences and a word of three letters at least: a bullet's
    glyph or an enumerator read apart ("[e}", "4") is set before its line by the parsers."""
    return line.bbox is not None and line.word_confs is not None \
        and len(line.word_confs) == len(line.text.split()) and _WORDLIKE.search(line.text) is not None


def _beside(left: Line, right: Line) -> bool:
    """Whether ``right`` continues ``left``'s row (see ``join_row_pieces``)."""
    (x0, top, x1, bottom), (u0, utop, u1, ubottom) = left.bbox, right.bbox
    height, other = bottom - top, ubottom - utop
    low = min(height, other)
    if low <= 0 or max(height, other) > ROW_PIECE_HEIGHTS * low:
        return False
    overlap = min(bottom, ubottom) - max(top, utop)
    return overlap >= ROW_PIECE_OVERLAP * low and x1 <= u0 <= x1 + ROW_PIECE_GAP * low


def _joined(left: Line, right: Line) -> Line:
    confs = (*left.word_confs, *right.word_confs)
    box = (left.bbox[0], min(left.bbox[1], right.bbox[1]), right.bbox[2], max(left.bbox[3], right.bbox[3]))
    return Line(f"{left.text} {right.text}", left.page, box, round(sum(confs) / len(confs), 4), confs)


def document_lines(pages: Sequence[PageText]) -> list[Line]:
    """All lines of a document in order, cleaned, with page numbers and running headers dropped.

    Bare numbers (``4``) are kept: the section parser decides whether one is a heading whose
    ``§`` was lost or a page number, and drops the latter.
    """
    cleaned: list[list[Line]] = []
    for page in pages:
        cleaned.append(join_row_pieces([_cleaned(line) for line in page.lines]))
    furniture = running_furniture(cleaned) | furniture_by_page_numbers(cleaned) | furniture_after_gaps(cleaned)
    out: list[Line] = []
    for lines in cleaned:
        edges = {id(line) for line in _edge_lines(lines, 1)}
        filled = [line for line in lines if line.text]
        for line in lines:
            if PAGE_NUMBER.match(line.text) or (furniture and _similar_key(_furniture_key(line.text), furniture)):
                continue
            if id(line) in edges and is_edge_debris(line.text) and not _above_title(line, filled):
                continue
            out.append(line)
        out.append(Line("", lines[-1].page if lines else 0))  # a page break ends a paragraph
    return out
