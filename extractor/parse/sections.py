"""Find the §-headings of an agreement and cut its text into sections.

Headings are found by pattern *and* by sequence: a candidate is only taken when its number is
the next expected one, which keeps references like "in § 5 vereinbarten Ziele" and numbered
lists out, and lets a heading whose ``§`` became ``S``, ``$``, ``8``, ``&`` or vanished be read.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..normalize.fuzzy import best_match, fix_words
from ..normalize.lexicons import SECTION_TITLES, domain_words
from ..normalize.words import correct_text, opens_capital
from ..records import Line
from .lines import BARE_NUMBER

# "§ 4", "§4", "S 4", "$4", "8 4", "& 4", "%4", "§ 4 – Titel", "§ 4. Titel"
SIGNED_HEADING_TEMPLATE = r"""^[\s.,:;'"`°·_~\-–|]*   # specks before the heading ("-87" for "§ 7", "| 8 4")
    (?P<sign>SIGN)                       # the paragraph sign or its OCR forms ("S", "8", "85")
    [\s.,:%]*(?P<num>[0-9lIıi|]{1,2})(?=\s|$|[.:\-–—])   # the number ("ı", "i", "l" are 1s; "8.4", "8:7", "8% 4": a speck before it)
    \s*\.?\s*(?:[-–—:]+\s*)?            # optional separator ("–", "—-")
    (?P<title>.*?)\s*$"""
SIGNED_HEADINGS = (
    re.compile(SIGNED_HEADING_TEMPLATE.replace("SIGN", r"[§$Ss8&5%]"), re.VERBOSE),
    re.compile(SIGNED_HEADING_TEMPLATE.replace("SIGN", r"[§$8&5%]{2,3}"), re.VERBOSE),  # "85 3", "%&7", "8$&6"
)
# "8$ A - Haushaltsmittel": what OCR left of "§ 4", then a dash, then the title
INLINE_DEBRIS = re.compile(r"^\s*(?P<debris>\S{1,3}(?:\s\S{1,2})?)\s+[-–—]+\s+(?P<title>[A-ZÄÖÜ].*?)\s*$")
# the same without the dash, where the debris holds a sign OCR makes of "§" ("$& A Ziele für ...")
INLINE_SIGN_DEBRIS = re.compile(r"^\s*(?P<debris>(?=\S*[§$&%])\S{1,3}(?:\s\S{1,2})?)\s+(?P<title>[A-ZÄÖÜ].*?)\s*$")
# "4", "4.", "4 Haushaltsmittel" — the sign lost entirely
UNSIGNED_HEADING = re.compile(
    r"""^\s*(?P<num>\d{1,2})\.?
    (?:(?:\s*[-–—:])*\s+(?P<title>[A-ZÄÖÜ].*?))?\s*$""",   # "1 – Titel", "3 - - Titel"
    re.VERBOSE,
)
SPECKS = " |_.,:;'\"`~"  # what a scan leaves around a heading's title ("| Zielsteuerung |")
TRAILING_SPECKS = " |_'\"`~"  # not "." or ":": a sentence stays one
TRAILING_DASH = re.compile(r"\s+[-–—]+$")  # a dash after a space ends a title; a word's hyphen has none
_TITLE_JOINERS = {"der", "des", "die", "und", "für", "zur", "zum", "im", "in", "von", "mit", "dem", "den", "sowie",
                  # a type noun in the genitive asks for the region's name after it
                  "landkreises", "kreises", "stadt", "wissenschaftsstadt", "landeshauptstadt"}
MAX_SECTION = 20
MAX_TITLE_LINES = 3  # a title wraps onto at most two more lines
MAX_TAIL_WORDS = 4  # what a blank line may separate from a title's unfinished end ("Darmstadt-Dieburg")
KNOWN_TITLE = 90  # title_score from which a title alone makes a heading of a line with a lost number
SIGN_DIGITS = ("8", "5")  # the digits OCR reads a "§" as, alone on a line where its number was lost
MAX_DEBRIS = 7  # characters of what OCR left of "§ 4" on its own line ("SA", "54a ii", "BE")
# similarity (ratio) from which a known title alone on its line is a heading whose sign and number
# OCR lost: well above a measure type's heading ("Ausbildungs- und Qualifizierungsvorbereitung"
# is 85 from "Ausbildungs- und Qualifizierungsbudget")
ALONE_TITLE = 95


@dataclass(frozen=True)
class HeadingMatch:
    """A heading found at ``line_index``; its title ends before ``body_start``."""

    number: int
    title_raw: str
    line_index: int
    body_start: int


def looks_like_title(text: str) -> bool:
    """A heading title: starts upper-case, short, not a sentence.

    >>> looks_like_title("Haushaltsmittel und Eckdaten")
    True
    >>> looks_like_title("vereinbarten Ziele erreicht werden.")
    False
    >>> looks_like_title("lnkrafttreten")  # a capital I read "l": no German word opens "ln"
    True
    """
    text = text.strip()
    if not text or not (opens_capital(text) or text[0] in "\"'"):
        return False
    words = text.split()
    if len(words) > 14 or len(text) > 110:
        return False
    if text.endswith(".") and not re.search(r"\b[A-ZÄÖÜ]\w{0,3}\.$", text):
        return False
    letters = sum(c.isalpha() for c in text)
    return letters >= 0.6 * len(text.replace(" ", ""))


def title_score(text: str) -> float:
    """How well a title matches a known section title (0..100)."""
    hit = best_match(text, SECTION_TITLES)
    prefix = best_match(" ".join(text.split()[:4]), [" ".join(t.split()[:4]) for t in SECTION_TITLES])
    return max(hit[1] if hit else 0.0, prefix[1] if prefix else 0.0)


def _next_filled(lines: Sequence[Line], start: int) -> int | None:
    for i in range(start, len(lines)):
        if lines[i].text:
            return i
    return None


def _read_title(lines: Sequence[Line], start: int) -> tuple[str, int] | None:
    """The title starting at the first non-blank line from ``start``, joined across wrapped lines."""
    i = _next_filled(lines, start)
    if i is None or not looks_like_title(_title_text(lines[i].text)):
        return None
    title, end = _wrapped_title(lines, _title_text(lines[i].text), i + 1)
    # its lines joined must still read as a title: a sentence a page number broke off opens like
    # one ("Ausbildungs- und Qualifizierungsvorbereitung, zu Ausbildung und ..." over three lines)
    return (title, end) if looks_like_title(title) else None


def _wrapped_title(lines: Sequence[Line], first: str, end: int) -> tuple[str, int]:
    """A title and the lines its unfinished end wraps onto, across one blank line; (title, next line)."""
    parts = [first]
    while _continues(parts[-1]) and len(parts) < MAX_TITLE_LINES:
        at = end if end < len(lines) and lines[end].text else end + 1
        if at >= len(lines) or not lines[at].text or (at > end and not _title_tail(lines[at].text)):
            break
        parts.append(lines[at].text)
        end = at + 1
    return _join(parts), end


def _title_tail(text: str) -> bool:
    """A line after a blank that can end a title cut short: a few words, no sentence.

    >>> _title_tail("Darmstadt-Dieburg"), _title_tail("Der Landkreis setzt die Mittel des Budgets ein:")
    (True, False)
    """
    return len(text.split()) <= MAX_TAIL_WORDS and not text.rstrip().endswith((".", ":")) and looks_like_title(text)


def _continues(text: str) -> bool:
    last = text.split()[-1] if text.split() else ""
    return bool(re.search(r"\w-$", text)) or text.endswith(",") or last.casefold() in _TITLE_JOINERS


def _title_text(text: str) -> str:
    """A title line without the specks and the separating dash OCR left around it.

    >>> _title_text("| Zielsteuerung |"), _title_text("Ziele für die Umsetzung der Wissenschaftsstadt Darmstadt -")
    ('Zielsteuerung', 'Ziele für die Umsetzung der Wissenschaftsstadt Darmstadt')
    >>> _title_text("Ausbildungs-"), _title_text("Kontinuierlicher Verbesserungsprozess-")
    ('Ausbildungs-', 'Kontinuierlicher Verbesserungsprozess')
    """
    text = TRAILING_DASH.sub("", text.lstrip(SPECKS).rstrip(TRAILING_SPECKS)).rstrip(TRAILING_SPECKS)
    if text.endswith((".", "-")) and title_score(text[:-1]) >= KNOWN_TITLE:
        return text[:-1]  # a speck after a title we know ("Verbesserungsprozess-", "...-Kreis.")
    return text


def _join(parts: Sequence[str]) -> str:
    out = parts[0]
    for part in parts[1:]:
        if out.endswith("-") and part[:1].islower():
            out = out[:-1] + part
        else:
            out = f"{out} {part}"
    return out


_ONE_FORMS = str.maketrans({"l": "1", "I": "1", "ı": "1", "i": "1", "|": "1"})  # how OCR writes a 1


def section_number(raw: str) -> int | None:
    """A section number with OCR's letter forms of 1 repaired ("ı" -> 1); None if not a number.

    >>> [section_number(t) for t in ("4", "ı", "l2", "ll")]
    [4, 1, 12, 11]
    """
    fixed = raw.translate(_ONE_FORMS)
    return int(fixed) if fixed.isdigit() else None


def match_heading(lines: Sequence[Line], i: int, expected: int) -> HeadingMatch | None:
    """The heading at line ``i`` if it is one with number ``expected`` (or one past it)."""
    text = lines[i].text
    for pattern in SIGNED_HEADINGS:
        signed = pattern.match(text)
        if not signed:
            continue
        number = section_number(signed["num"])
        if number is None:
            continue
        if number > expected + 1 and _speck_beside(signed["num"], expected):
            number = expected  # "s1ı" for "§ 1": a speck beside the number, not section 11
        sign_is_digit = any(c in "85" for c in signed["sign"])
        # a true "§" may follow a heading lost to OCR; a look-alike must be the very next number
        # one heading may have been lost to OCR before this one: then a look-alike sign must stand
        # before a title we know
        true_sign = signed["sign"] in ("§", "$", "&")
        if number in (expected, expected + 1) and 1 <= number <= MAX_SECTION:
            strict = sign_is_digit or (number != expected and not true_sign)
            found = _title_for(lines, i, signed["title"], strict=strict)
            if found:
                return HeadingMatch(number, found[0], i, found[1])
        elif expected + 1 < number <= MAX_SECTION:
            # two or more headings lost before this one: the numbering resumes here, but only
            # under a title we know well
            found = _title_for(lines, i, signed["title"], strict=True)
            if found and title_score(found[0]) >= KNOWN_TITLE:
                return HeadingMatch(number, found[0], i, found[1])
    inline = INLINE_DEBRIS.match(text) or INLINE_SIGN_DEBRIS.match(text)
    if inline and is_heading_debris(inline["debris"]) and looks_like_title(_title_text(inline["title"])) \
            and title_score(_title_text(inline["title"])) >= KNOWN_TITLE:
        # the same on the title's line ("8$ A - Haushaltsmiittel und Eckdaten"): a title we know well
        title, end = _wrapped_title(lines, _title_text(inline["title"]), i + 1)
        return HeadingMatch(debris_number(inline["debris"], expected), title, i, end)
    if is_heading_debris(text):
        # the sign with its number unreadable ("SA" for "§ 4", "54a ii"): only before a title we
        # know well; a digit in the debris that fits the sequence is the number
        found = _read_title(lines, i + 1)
        if found and title_score(found[0]) >= KNOWN_TITLE:
            return HeadingMatch(debris_number(text, expected), found[0], i, found[1])
    if (re.fullmatch(rf"\d{expected}", text.strip()) and expected < 10) or text.strip() in SIGN_DIGITS:
        # "97" for "§ 7": the sign read as a digit, the number right, before a title we know well;
        # "8" for "§ 5": the sign read as a digit, the number lost (a page number before a title
        # we know well is one before a heading whose own line was lost)
        found = _read_title(lines, i + 1)
        if found and title_score(found[0]) >= KNOWN_TITLE:
            return HeadingMatch(expected, found[0], i, found[1])
    unsigned = UNSIGNED_HEADING.match(text)
    if unsigned and int(unsigned["num"]) == expected:
        found = _title_for(lines, i, unsigned["title"] or "", strict=True)
        if found:
            return HeadingMatch(expected, found[0], i, found[1])
    return None


def _speck_beside(raw: str, expected: int) -> bool:
    """Whether a section number as read is ``expected`` with one character of OCR noise before
    or after it ("1ı" for 1), or its digit read twice into an impossible number ("77" for 7):
    the sequence, not a jump, is what the page most likely says.

    >>> _speck_beside("1ı", 1), _speck_beside("l3", 3), _speck_beside("13", 1), _speck_beside("5", 3)
    (True, True, False, False)
    >>> _speck_beside("77", 7), _speck_beside("11", 1)
    (True, False)
    """
    want = str(expected)
    if raw == want * 2 and int(raw) > MAX_SECTION:
        return True  # "S 77" for "§ 7": the digit read twice, into a number no agreement reaches
    if len(raw) != len(want) + 1:
        return False
    fixed = raw.translate(_ONE_FORMS)
    # the extra character is a letter form or speck, never a digit printed as one
    return (fixed[1:] == want and not raw[0].isdigit()) or (fixed[:-1] == want and not raw[-1].isdigit())


def is_heading_debris(text: str) -> bool:
    """A short line of specks and letters, as OCR leaves a "§ 4" heading: not a bare number, not a word.

    >>> [is_heading_debris(t) for t in ("SA", "54a ii", "ze", "BE“", "12", "Text", "Zielsteuerung")]
    [True, True, True, True, False, False, False]
    """
    text = text.strip()
    if not text or len(text) > MAX_DEBRIS or text.isdigit() or sum(c.isalpha() for c in text) > 4:
        return False
    return len(text) <= 3 or any(not c.isalpha() and not c.isspace() for c in text)


def debris_number(text: str, expected: int) -> int:
    """The section number in heading debris: ``expected``, or the next one when only that is in it.

    The next number means one heading before this one was lost; a "5" or "8" may be the sign.

    >>> debris_number("54a ii", 3), debris_number("54a ii", 4), debris_number("SA", 4), debris_number("8l a", 1)
    (4, 4, 4, 1)
    """
    digits = {int(d) for d in re.findall(r"\d", text)}
    return expected + 1 if expected + 1 in digits and expected not in digits else expected


def _title_for(lines: Sequence[Line], i: int, inline: str, strict: bool) -> tuple[str, int] | None:
    """The heading's title, inline or on the next lines; ``strict`` asks it to be a known title."""
    if inline:
        inline = _title_text(inline)
        if not looks_like_title(inline):
            return None
        title, end = _wrapped_title(lines, inline, i + 1)
    else:
        found = _read_title(lines, i + 1)
        if not found:
            return None
        title, end = found
    if strict and title_score(title) < 75:
        return None
    return title, end


def title_alone(lines: Sequence[Line], i: int, expected: int, found: Sequence[HeadingMatch]) -> HeadingMatch | None:
    """The heading at line ``i`` if the line is a title we know, not taken yet, on a line of its
    own after a paragraph break: the line above it with its sign and number was lost ("§1"
    centred over its title, too small for Tesseract's page layout) or read apart from it (a
    dash before the title left).  Its number is the one the sequence expects.
    """
    if i > 0 and lines[i - 1].text:
        return None  # inside a paragraph
    first = _title_text(lines[i].text.lstrip(" -–—"))
    if not looks_like_title(first):
        return None
    title, end = _wrapped_title(lines, first, i + 1)
    hit = best_match(title, SECTION_TITLES, cutoff=ALONE_TITLE)
    if hit is None or any(best_match(h.title_raw, [hit[0]], cutoff=ALONE_TITLE) for h in found):
        return None
    return HeadingMatch(expected, title, i, end)


def find_headings(lines: Sequence[Line]) -> list[HeadingMatch]:
    """Every §-heading of the document in order."""
    headings: list[HeadingMatch] = []
    expected = 1
    i = 0
    while i < len(lines):
        if lines[i].text:
            hit = match_heading(lines, i, expected) or title_alone(lines, i, expected, headings)
            if hit:
                headings.append(hit)
                expected = hit.number + 1
                i = hit.body_start
                continue
        i += 1
    return headings


def normalize_title(title_raw: str, extra_titles: Sequence[str] = ()) -> str:
    """Snap a noisy heading title to a known one, else repair its words against the lexicon."""
    choices = list(SECTION_TITLES) + list(extra_titles)
    hit = best_match(title_raw, choices, cutoff=88)
    if hit:
        return hit[0]
    return correct_text(fix_words(title_raw, domain_words()))


def is_page_number(lines: Sequence[Line], i: int) -> bool:
    """A bare number that is not a heading is page furniture."""
    return bool(BARE_NUMBER.match(lines[i].text))
