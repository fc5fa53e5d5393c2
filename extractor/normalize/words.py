"""Repair known OCR letter confusions inside words, confirmed by a German word list.

A word is only changed when it is not a word itself and exactly one variant produced by a
known confusion (g/q, tt/ft, j/i, rn/m, l/I, ß/B, ü/u, é/e, ...) is a word: a valid word is
never turned into another. The word list is Debian's ``wngerman`` (``/usr/share/dict/ngerman``)
plus the domain lexicons; German compounds are accepted when both halves are words.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
from functools import lru_cache
from pathlib import Path

from .lexicons import domain_words

log = logging.getLogger("extractor.words")

WORDLIST_PATHS = (Path("/usr/share/dict/ngerman"), Path("/usr/share/dict/ogerman"))

# (what OCR printed, what was on the page)
CONFUSIONS: tuple[tuple[str, str], ...] = (
    ("q", "g"), ("ft", "tt"), ("i", "j"), ("m", "rn"), ("rn", "m"), ("l", "I"), ("I", "l"),
    ("B", "ß"), ("u", "ü"), ("e", "é"), ("a", "ä"), ("o", "ö"), ("U", "Ü"), ("A", "Ä"), ("O", "Ö"),
    ("li", "h"), ("h", "li"), ("cl", "d"), ("c", "e"), ("n", "u"), ("1", "l"), ("0", "o"), ("ii", "ü"), ("b", "h"),
    ("in", "m"), ("t", "f"), ("h", "b"), ("i", "l"), ("ä", "a"), ("ö", "o"), ("ü", "u"),
    ("Ä", "A"), ("Ö", "O"), ("Ü", "U"),  # specks above a capital read as an umlaut ("Äusbildung")
)
# Short words are too many and too alike to judge by the word list ("fur" is English, "dic"
# an abbreviation): one of three letters or fewer is only repaired into one of these.
FUNCTION_WORDS = frozenset(
    "am an im in um zu der die das den dem des für mit und von vom zum zur bei auf aus nach vor über".split()
)
_WORD = re.compile(r"[A-Za-zÄÖÜäöüßé01][A-Za-zÄÖÜäöüßé01]*[A-Za-zÄÖÜäöüßé]")
MIN_LEN = 4


def _wordlist_path() -> Path | None:
    """The word list file in use: ``EXTRACTOR_WORDLIST``, else the first installed one."""
    env = os.environ.get("EXTRACTOR_WORDLIST")
    return next((path for path in ((Path(env),) if env else WORDLIST_PATHS) if path.exists()), None)


@lru_cache(maxsize=1)
def wordlist() -> frozenset[str]:
    """The German word list (empty when none is installed: then nothing is corrected)."""
    path = _wordlist_path()
    if path is not None:
        words = path.read_text("utf-8", errors="replace").split()
        return frozenset(words) | _domain_vocabulary()
    log.warning("no German word list found (apt-get install wngerman): OCR word repair is off")
    return frozenset(domain_words())


@lru_cache(maxsize=None)
def wordlist_digest() -> str | None:
    """A short digest of the word lists in use (None without the German one): part of the cache
    key, since the lists decide word repairs, which text layers are kept and which words confirm."""
    path = _wordlist_path()
    if path is None:
        return None
    digest = hashlib.sha256(path.read_bytes())
    if (english := _english_path()) is not None:
        digest.update(english.read_bytes())
    return digest.hexdigest()[:12]


ENGLISH_PATHS = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english"))
MIN_ENGLISH_LEN = 5  # shorter English words are too many and too alike ("fur", "die", "hat")


def _english_path() -> Path | None:
    return next((path for path in ENGLISH_PATHS if path.exists()), None)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """An English word list in lower case (Debian's ``wamerican``; empty when none is installed).

    Project names borrow English ("Welcome Office", "Coaching"): the list may confirm such a word
    as read, never repair one into it.
    """
    path = _english_path()
    if path is None:
        return frozenset()
    return frozenset(w for w in path.read_text("utf-8", errors="replace").split() if w.islower())


def is_english(word: str) -> bool:
    """Whether ``word`` (five letters or more, as written or capitalised) is an English word.

    >>> is_english("Welcome"), is_english("Office"), is_english("Ausbildung"), is_english("Job")
    (True, True, False, False)
    """
    return len(word) >= MIN_ENGLISH_LEN and word.isalpha() and (
        word.islower() or word == word.capitalize()) and word.lower() in english_words()


def _domain_vocabulary() -> frozenset[str]:
    """The lexicons' words and the parts of their hyphenated ones ("Rheingau", "Meißner")."""
    parts = {part for word in domain_words() for part in word.split("-") if len(part) >= 4}
    return domain_words() | parts


def is_word(word: str) -> bool:
    """Whether ``word`` is German: in the list (as written or capitalised), or a compound of two words.

    >>> is_word("Café"), is_word("Cafe"), is_word("Qualifizierungsprojekte")
    (True, False, True)
    """
    words = wordlist()
    if not words:
        return True  # no list: treat everything as valid, so nothing is changed
    return listed(word) or _is_compound(word, words)


def listed(word: str) -> bool:
    """Whether the word list holds ``word`` itself (as written or capitalised), not only as a compound.

    >>> listed("Qualifizierung"), listed("Arbeitsmarktsträfe"), is_word("Arbeitsmarktsträfe")
    (True, False, True)
    >>> listed("Plus"), listed("PLUS"), listed("PIus")  # a letter case no word has: "l" read as "I"
    (True, True, False)
    """
    words = wordlist()
    if not words or word in words:
        return True
    if word.islower() or word.isupper() or word == word.capitalize():  # "plus" / "Plus" / "PLUS", not "PIus"
        return word.lower() in words or word.capitalize() in words
    return False


def _is_compound(word: str, words: frozenset[str], min_part: int = 3, stems: bool = True) -> bool:
    """Whether ``word`` is two listed words joined (with a Fugen-s), the last no function word:
    a German compound ends in a noun, verb or adjective, never in "für" or "und" ("Fitfür" is
    two words OCR ran together).  The first may be a verb's stem (Lern|werkstatt of "lernen").

    >>> ws = frozenset({"Fit", "für", "Ausbildung", "Vorbereitung", "nach", "Hilfe", "lernen", "Werkstatt"})
    >>> [_is_compound(w, ws) for w in ("Ausbildungsvorbereitung", "Nachhilfe", "Fitfür", "Lernwerkstatt")]
    [True, True, False, True]
    >>> _is_compound("Lemwerkstatt", ws)
    False
    """
    lower = word.lower()
    for i in range(min_part, len(lower) - min_part + 1):
        left, right = lower[:i], lower[i:].capitalize()
        if (right not in words and right.lower() not in words) or right.lower() in FUNCTION_WORDS:
            continue
        if left.capitalize() in words or left in words:
            return True
        if left.endswith("s") and (left[:-1].capitalize() in words or left[:-1] in words):
            return True  # Fugen-s: Ausbildungs|vorbereitung
        if stems and (left + "en" in words or (left.endswith("e") and left + "n" in words)):
            return True  # a verb's stem: Lern|werkstatt, Lese|pate
    return False


def variants(word: str) -> set[str]:
    """Every word one confusion (at one place, or at every place) away from ``word``."""
    out = set()
    for wrong, right in CONFUSIONS:
        out |= _swapped(word, wrong, right)
        if word.count(wrong) > 1:
            out.add(word.replace(wrong, right))
    out.discard(word)
    return out


_INNER_CAPITAL = re.compile(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])")


def capitals_fit(word: str) -> bool:
    """Whether each capital inside a word (after a small letter) begins a word of its own after
    one: a compound written with a capital at the join ("AusbildungsBrücke", "JobStarter"), not
    a small letter or "ß" OCR read as a capital ("BergstraBe", which is a word only lowercased:
    "Bergs|trabe").

    >>> [capitals_fit(w) for w in ("AusbildungsBrücke", "JobStarter", "Bergstraße", "BergstraBe")]
    [True, True, True, False]
    """
    parts = _INNER_CAPITAL.split(word)
    return len(parts) == 1 or all(is_word(part) for part in parts)


def listed_parts(word: str) -> bool:
    """Whether the lists hold ``word`` itself, or each part of a compound written with a capital
    at every join ("JobStarter"): the capitals say where it splits, so it is no guess among the
    many ways a compound might ("Arbeitsmarkts|träfe").

    >>> [listed_parts(w) for w in ("JobStarter", "Qualifizierung", "Arbeitsmarktsträfe", "BergstraBe")]
    [True, True, False, False]
    """
    parts = _INNER_CAPITAL.split(word)
    return listed(word) or (len(parts) > 1 and all(listed(part) for part in parts))


def written_word(word: str) -> bool:
    """Whether ``word`` is German as written: a word (``is_word``) whose inner capitals fit.

    >>> written_word("AusbildungsBrücke"), written_word("BergstraBe"), written_word("Bergstraße")
    (True, False, True)
    """
    return is_word(word) and capitals_fit(word)


_SMALL_CAPITAL_I = re.compile(r"l[bcdfghklmnpqrstvwxzß]")


def opens_capital(text: str) -> bool:
    """Whether a text opens with a capital letter, or with a capital I that OCR read as "l": no
    German word opens with "l" before a consonant ("lnhouse-Schulung", "lnkrafttreten").

    >>> [opens_capital(t) for t in ("Inhouse-Schulung", "lnhouse-Schulung", "lernen", "für", "")]
    [True, True, False, False, False]
    """
    return text[:1].isupper() or bool(_SMALL_CAPITAL_I.match(text))


@lru_cache(maxsize=65536)
def correct_word(word: str) -> str:
    """The word as it was printed, when OCR's confusion is plain; else the word unchanged.

    >>> [correct_word(w) for w in ["Cafe", "Ausbildunqsvorbereitunq", "Wefteraukreis", "Café", "StepbyStep"]]
    ['Café', 'Ausbildungsvorbereitung', 'Wetteraukreis', 'Café', 'StepbyStep']
    >>> [correct_word(w) for w in ["fur", "dic", "dcr", "ain", "tur", "DAG", "Fur", "ein", "Zertitikatskurs", "Fächtag"]]
    ['für', 'die', 'der', 'am', 'für', 'DAG', 'Fur', 'ein', 'Zertifikatskurs', 'Fachtag']
    >>> [correct_word(w) for w in ["Äusbildung", "Ässistierte", "Übergang", "Öffnung"]]
    ['Ausbildung', 'Assistierte', 'Übergang', 'Öffnung']
    >>> correct_word("BergstraBe"), correct_word("AusbildungsBrücke")  # "ß" read as "B"; a capital at the join
    ('Bergstraße', 'AusbildungsBrücke')
    """
    if len(word) < MIN_LEN:
        return _function_word(word)
    if written_word(word) or any(c.isdigit() for c in word[1:]):
        return word
    candidates = variants(word)
    valid = {v for v in candidates if written_word(v)}
    if not valid and not long_compound(word):
        # no word of one or two parts is one confusion away: one of three parts may be
        # ("Berutseinstiegsbegleitung"); tried last, since a misreading can split into three
        # words ("Integrations|tach|kräfte") where the printed word has two
        valid = {v for v in candidates if long_compound(v)}
    return valid.pop() if len(valid) == 1 else word


LONG_PART = 4  # letters each part of a three-part compound has at least


def long_compound(word: str) -> bool:
    """Whether ``word`` is a compound of two listed words followed by a third (with Fugen-s):
    Berufs|einstiegs|begleitung, Jugend|berufs|hilfe.  Not part of ``is_word``: it is only a
    last resort of the repair (see ``correct_word``).

    >>> long_compound("Berufseinstiegsbegleitung"), long_compound("Jugendberufshilfe"), long_compound("Berutseinstieg")
    (True, True, False)
    """
    words = wordlist()
    lower = word.lower()
    for i in range(2 * LONG_PART, len(lower) - LONG_PART + 1):
        right = lower[i:]
        if right.capitalize() not in words and right not in words:
            continue
        left = lower[:i]
        if _is_compound(left, words, LONG_PART) or (left.endswith("s") and _is_compound(left[:-1], words, LONG_PART)):
            return True
    return False


def glued_words(word: str) -> bool:
    """Whether ``word`` is a word and a function word OCR ran together ("Fitfür", "undAusbildung").

    >>> [glued_words(w) for w in ("Fitfür", "Qualifizierungund", "Fit", "Dafür", "Ausbildung")]
    [True, True, False, False, False]
    """
    if is_word(word) or not word.isalpha():
        return False
    lower = word.lower()
    for function in (f for f in FUNCTION_WORDS if len(f) >= 3):
        rests = ([word[: -len(function)]] if lower.endswith(function) else []) + (
            [word[len(function):]] if lower.startswith(function) else [])
        if any(len(rest) >= 3 and is_word(rest) for rest in rests):
            return True
    return False


def glued_misread(word: str) -> bool:
    """Whether ``word``, which the lists know only as a compound, is a word and a function word
    OCR ran together and misread by one confusion ("Fittür": "Fit" and "für", its "f" read "t";
    the lists take it for "Fit|Tür").

    >>> [glued_misread(w) for w in ("Fittür", "Haustür", "Fitfür", "Arbeitswelt", "Ausbilder")]
    [True, False, False, False, False]
    """
    if not word.isalpha() or listed(word) or not is_word(word):
        return False
    lower = word.lower()
    for function in (f for f in FUNCTION_WORDS if len(f) >= 3):
        n = len(function)
        for piece, rest in ((lower[-n:], word[:-n]), (lower[:n], word[n:])):
            if piece != function and function in variants(piece) and len(rest) >= 3 and is_word(rest):
                return True
    return False


_UMLAUTS = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
_NO_UMLAUTS = str.maketrans({v: k for k, v in _UMLAUTS.items()})


def without_umlauts(text: str) -> str:
    """``text`` with its umlauts as OCR or an export loses them.

    >>> without_umlauts("Förderbedarf für Mütter")
    'Forderbedarf fur Mutter'
    """
    return text.translate(_NO_UMLAUTS)


def lost_umlaut(word: str) -> bool:
    """Whether the repair of ``word`` only puts back umlauts OCR or an export dropped ("fur" -> "für").

    >>> [lost_umlaut(w) for w in ("fur", "Prufungsvorbereitung", "für", "dcr", "Forderbedarf")]
    [True, True, False, False, False]
    """
    repaired = correct_word(word)
    return repaired != word and without_umlauts(repaired) == word


_ACCENTS = frozenset("äöüÄÖÜéß")


def shape_twins(word: str) -> set[str]:
    """The listed words one known OCR confusion of letter shapes from a listed ``word`` ("Pius" ->
    "Plus"): two words, either of which the print may have held.  Confusions of accents and
    umlauts ("Mutter" / "Mütter") are left to ``umlaut_twins``.

    >>> sorted(shape_twins("Pius")), shape_twins("Plus"), shape_twins("Mütter"), shape_twins("Werkhot")
    (['Plus'], set(), set(), set())
    """
    if not listed(word):
        return set()
    return {twin for wrong, right in CONFUSIONS if not _ACCENTS & set(wrong + right)
            for twin in _swapped(word, wrong, right) if listed(twin)}


def _swapped(word: str, wrong: str, right: str) -> set[str]:
    """``word`` with ``wrong`` read as ``right`` at one place, for each place it stands."""
    out, start = set(), word.find(wrong)
    while start != -1:
        out.add(word[:start] + right + word[start + len(wrong):])
        start = word.find(wrong, start + 1)
    return out - {word}


def umlaut_twins(word: str) -> set[str]:
    """The words that ``word`` becomes with one of its a, o, u read as ä, ö, ü ("Forderbedarf" ->
    "Förderbedarf"): where umlauts are being lost, a word with a twin may be the twin misread.

    A twin that is a word only as a verb's stem joined to a word ("Fäll|management" of "fällen")
    is none of a word that is listed or joins two listed words ("Fall|management").

    >>> sorted(umlaut_twins("Forderbedarf")), umlaut_twins("Jugendliche"), umlaut_twins("Fallmanagement")
    (['Förderbedarf'], set(), set())
    """
    plain = _plain_word(word)
    return {twin for i, c in enumerate(word) if c in _UMLAUTS
            and is_word(twin := word[:i] + _UMLAUTS[c] + word[i + 1:]) and (not plain or _plain_word(twin))}


def _plain_word(word: str) -> bool:
    """Whether ``word`` is listed or two listed words joined (not a verb's stem and a word)."""
    return listed(word) or _is_compound(word, wordlist(), stems=False)


LETTERS = "abcdefghijklmnopqrstuvwxyzäöüß"


@lru_cache(maxsize=65536)
def near_word(word: str) -> bool:
    """Whether ``word`` is no word but one edit (a letter changed, lost, added or swapped) from one.

    Such a word is most likely a misreading that the known confusions could not repair
    ("Arbeitsvermittiung", "Produktonsschule"); a name of its own is seldom that close to a
    word.  Only words of six letters or more are judged: short ones are near too many words.

    >>> [near_word(w) for w in ("Arbeitsvermittiung", "Produktonsschule", "Arbeitsvermittlung", "StepbyStep", "Coaching")]
    [True, True, False, False, False]
    >>> near_word("Welcomc"), near_word("Welcome")  # English, where the English word list is installed
    (True, False)
    """
    if len(word) < 6 or not word.isalpha() or is_word(word) or not wordlist():
        return False
    lower = word.lower()
    english = english_words() if not is_english(word) else frozenset()  # "Welcome" is not near "welcomes"
    for i in range(len(lower) + 1):
        head, tail = lower[:i], lower[i:]
        candidates = [head + tail[1:]] if tail else []
        if len(tail) > 1:
            candidates.append(head + tail[1] + tail[0] + tail[2:])
        for c in LETTERS:
            candidates.append(head + c + tail)
            if tail:
                candidates.append(head + c + tail[1:])
        if any(c != lower and (_solid_word(c) or (len(c) >= 6 and c in english)) for c in candidates):
            return True  # one letter from a German word, or from a long English one ("Welcomc")
    return False


SOLID_SHORT_PART_LEN = 12  # letters a compound needs before a part of three or four counts


def _solid_word(word: str) -> bool:
    """``is_word`` without compounds of a short part in short words: "Coca|hing" would make
    "Coaching" look misread; "Landschafts|bau" is a word ("Landscbaftsbau", a .txt, is near it).

    >>> _solid_word("landschaftsbau"), _solid_word("cocahing")
    (True, False)
    """
    words = wordlist()
    if word in words or word.capitalize() in words:
        return True
    return _is_compound(word, words, min_part=5) or (
        len(word) >= SOLID_SHORT_PART_LEN and _is_compound(word, words, min_part=3))


def _function_word(word: str) -> str:
    """A short lower-case non-word repaired into the one function word that one or two
    confusions make of it ("tur" -> "fur" -> "für")."""
    words = wordlist()
    if not word.islower() or word in FUNCTION_WORDS or not words or word in words:
        return word
    near = variants(word)
    near |= {w for v in near for w in variants(v)}
    valid = near & FUNCTION_WORDS
    return valid.pop() if len(valid) == 1 else word


def correct_text(text: str) -> str:
    """Every word of ``text`` through ``correct_word``.

    >>> correct_text("Qualifizierungsproiekte zur Arbeitsmarktinteqration")
    'Qualifizierungsprojekte zur Arbeitsmarktintegration'
    """
    return _WORD.sub(lambda m: correct_word(m.group(0)), text)
