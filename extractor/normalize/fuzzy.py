"""Fuzzy snapping of noisy OCR text to lexicon entries (rapidfuzz); callers keep the raw text."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

_NON_ALNUM = re.compile(r"[^0-9a-zäöüß]+")
# Capitals that OCR puts inside lower-case words: "GieBen" (ß), "DilI" (l).
_INNER_B = re.compile(r"(?<=[a-zäöü])B(?=[a-zäöü])")
_INNER_I = re.compile(r"(?<=[a-zäöü])I")


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Lower-case, NFKC, every run of non-alphanumerics to one space: the form used for comparing.

    Cached: the parser folds the same lexicon entries (every heading form for every line) again
    and again, a tenth of a text-layer page's time before.

    >>> fold("Ausbildungs- und  Qualifizierungs-Vorbereitung")
    'ausbildungs und qualifizierungs vorbereitung'
    >>> fold("Landkreis GieBen, Lahn-DilI-Kreis")
    'landkreis giessen lahn dill kreis'
    """
    text = _INNER_I.sub("l", _INNER_B.sub("ß", unicodedata.normalize("NFKC", text)))
    text = text.casefold()
    return _NON_ALNUM.sub(" ", text).strip()


def similarity(a: str, b: str) -> float:
    """Similarity 0..100 of two strings after folding."""
    return fuzz.ratio(fold(a), fold(b))


def best_match(text: str, choices: Iterable[str], cutoff: float = 0.0) -> tuple[str, float] | None:
    """The choice most similar to ``text`` (folded comparison) with its score, or None below cutoff."""
    choices = list(choices)
    if not choices or not text.strip():
        return None
    folded = [fold(c) for c in choices]
    hit = process.extractOne(fold(text), folded, scorer=fuzz.ratio, score_cutoff=cutoff)
    if hit is None:
        return None
    _, score, index = hit
    return choices[index], float(score)


_WORD = re.compile(r"[A-Za-zÄÖÜäöüß][A-Za-zÄÖÜäöüß\-]*[A-Za-zÄÖÜäöüß]")


def fix_words(text: str, vocabulary: Iterable[str], cutoff: float = 84.0, min_len: int = 6) -> str:
    """Replace OCR-damaged words by the one vocabulary word they are close to.

    A word is only replaced when it is not itself in the vocabulary, is at least ``min_len``
    letters long, and exactly one vocabulary word of similar length scores above ``cutoff``.

    >>> fix_words("Ziele für die Umsetzung des Landkreises Wefteraukreis", ["Wetteraukreis"])
    'Ziele für die Umsetzung des Landkreises Wetteraukreis'
    """
    vocab = {v.casefold(): v for v in vocabulary}

    def replace(match: re.Match) -> str:
        word = match.group(0)
        if len(word) < min_len or word.casefold() in vocab:
            return word
        low = word.casefold()
        candidates = [
            v for key, v in vocab.items()
            if abs(len(key) - len(low)) <= 1
            and not (key.startswith(low) or low.startswith(key))  # an inflection, not an OCR error
            and fuzz.ratio(key, low) >= cutoff
        ]
        if len(candidates) != 1:
            return word
        return _keep_case(word, candidates[0])

    return _WORD.sub(replace, text)


def _keep_case(original: str, replacement: str) -> str:
    if original[:1].islower() and replacement[:1].isupper():
        return replacement[:1].lower() + replacement[1:]
    return replacement


def combined_confidence(ocr_conf: float, match_score: float) -> float:
    """The confidence of a value read by OCR and snapped to a lexicon entry.

    A close lexicon match (90 or more) is evidence of its own: the value is then at least as
    sure as the match. A weaker match must be backed by the OCR as well.

    >>> combined_confidence(0.35, 100.0), combined_confidence(0.95, 80.0)
    (1.0, 0.8)
    """
    score = match_score / 100
    return max(ocr_conf, score) if match_score >= 90 else min(ocr_conf, score)
