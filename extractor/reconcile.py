"""Project names read in one agreement, checked against the same names read in the others.

An archive reads the same projects many times: a region funds them year after year, and many
names recur across regions. So when the tables are built, every measure name is compared with
the names the *other* documents of the batch read confidently (confidence at or above
``MIN_CONFIDENCE``), the archive's own lexicon:

* a name read confidently elsewhere gains their support (``name_support``: how many other
  documents read it so), and takes the spelling most of them write when it differs only in
  accents, case or punctuation ("Mutter" / "Mütter"), more of them than write its own (of two
  spellings written as often, the archive's is the one with more umlauts and accents, which OCR
  loses far more often than it adds);
* a name read confidently that is one OCR confusion from a spelling more documents read
  confidently (at least two) takes theirs;
* a name read confidently that differs only in a numeral from a name more other documents read
  ("SGB IV/SGB VIII" beside "SGB II/SGB VIII") keeps its numeral but is doubtful
  (``NUMBERED_SIBLING_CONFIDENCE``): a misread numeral or another phase of the project, which
  only the scan tells; a doubtful reading takes neither of two such names when the batch reads
  them equally often;
* a name read confidently that is one OCR confusion from a spelling more other documents read,
  sure or not (at least two, or one where the word lists know that spelling's words and not all
  of this one's), stays as read but is doubtful (``OUTREAD_CONFIDENCE``): "TI-Grundlagen"
  beside two doubtful "IT-Grundlagen", "TT-Grundlagen" beside one, "StepbySiep" beside four
  "StepbyStep" (no list knows the word, so every reading of it is doubtful, and one confident
  misreading would otherwise stand); so is one further off (``LISTED_NEIGHBOUR``) whose words no
  list knows where at least two other documents write listed words a letter or two away ("Gate
  Beruf" read at 0.9 beside two "Café Beruf"); and so is one with a word that the lists know
  only as a compound, one letter from a word at least two other documents write in their own
  names ("Werkhol Waldeck-Frankenberg", Werk|hol, where two write "Werkhof");
* a name this document reads doubtfully that is a close spelling (``MATCH_THRESHOLD``) of one
  name of the lexicon takes that spelling, and the confidence of the readings it now rests on,
  unless as many other documents read it as this one does as read the lexicon's spelling, or
  only one other document read that spelling surely and it writes a word no list knows where the
  two differ ("SGB II/USGB VIII" read surely once may be misread too; when at least
  ``MIN_CORROBORATION`` other documents read it, sure or not, it is taken, at most as sure as
  ``CORROBORATED_CAP``), or more documents read it one OCR confusion otherwise (a sure
  "Jobeoaching" beside six "Jobcoaching" vouches for no other).
  ``project_read`` keeps the name as this document read it, ``project_raw`` the text;
* a name no document reads confidently but at least ``MIN_CORROBORATION`` documents read alike,
  each doubtfully ("Gastro-Ausbildung mit Begleitung": no list knows "Gastro", one edit from
  "Castro"), is as sure as their readings together (``Readers.corroborated``), unless a spelling
  one OCR confusion away or a numbered sibling is read as often: a misreading the scans share.

Guards keep different projects apart, since a wrong spelling taken with confidence would be
worse than a doubtful one left for review. A doubtful name is left as read when:

* the nearest names of the lexicon differ from each other in a numeral ("Fit für den Beruf I" /
  "II"), or are not spellings of one name;
* it writes a numeral cleanly where the lexicon name has another, or the lexicon name adds or
  drops a numeral ("Werkstattjahr 2.0" / "3.0", "Fit für den Beruf" / "Fit für den Beruf II");
  a garbled numeral ("II!", "Vill") may be read as the lexicon has it;
* the two differ in a word both spell as a real German word ("Mütter" / "Väter");
* the lexicon name names a place and only documents of other regions read it
  ("Produktionsschule Gießen" is not "Produktionsschule Wiesbaden");
* the agreement lists the lexicon name as another measure of its own.

The documents' own records (``documents/<doc_id>.json``) keep the values as extracted; only the
tables carry the reconciled ones. Nothing depends on the order of the inputs.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Hamming

from .normalize.lexicons import regions
from .normalize.words import is_word, listed, without_umlauts
from .parse.checks import MIN_CONFIDENCE, SPLIT_ITEMS, overall_confidence
from .projects import (MATCH_THRESHOLD, OCR_EDITS, differ_in_real_words, lists_side_with, normalize_name, similarity,
                       vouched_for)

LOW_MEASURES = "low_confidence:measures"
_TOKEN = re.compile(r"[^\s/]+")
_NUMERAL = re.compile(r"(?:[IVX]+|\d+(?:[.,]\d+)?)")
_PLACE_SUFFIX = re.compile(r"-?kreis$")
MIN_PLACE_WORD = 4
# A confident reading gives way only to a spelling one OCR confusion away (projects.py: every
# one-confusion variant of the generator's names scores >= 90) that at least two other
# documents read, and more documents than read it as this one does.
ONE_CONFUSION = 90.0
LISTED_NEIGHBOUR = 75.0  # how far a name read otherwise is looked for where the lists side with it
MIN_MAJORITY = 2
NUMBERED_SIBLING_CONFIDENCE = 0.6  # below MIN_CONFIDENCE: the agreement is flagged for a look
OUTREAD_CONFIDENCE = 0.6  # a confident reading that more documents read otherwise, one confusion away
# A name no document reads confidently but at least three read alike ("Gastro-Ausbildung mit
# Begleitung", each doubtful for a word no list knows): their readings together.
MIN_OUTREAD_WORD = 5  # letters of a word compared with the batch's words on its own (shorter: "Fit" / "Fix")
_WORD = re.compile(r"[^\W\d_]+")
MIN_CORROBORATION = 3
CORROBORATED_CAP = 0.9


@dataclass(frozen=True)
class Reading:
    """One measure name as one document read it."""

    doc_id: str
    position: int
    region_ags: str | None
    project: str
    confidence: float

    @cached_property
    def norm(self) -> str:
        return normalize_name(self.project)


@dataclass(frozen=True)
class Spelling:
    """A name the archive reads confidently: its spelling, who read it so, and how sure they were."""

    text: str
    norm: str
    docs: frozenset[str]
    regions: frozenset[str]
    confidence: float
    readers: tuple[tuple[str, frozenset[str]], ...] = ()  # each spelling seen and the documents that wrote it

    def read_by(self, spelling: str) -> frozenset[str]:
        return next((docs for text, docs in self.readers if text == spelling), frozenset())


@dataclass(frozen=True)
class Reconciled:
    """What the tables say about one measure name."""

    project: str
    confidence: float
    support: int  # other documents that read ``project`` confidently


def numerals(name: str) -> tuple[str, ...]:
    """The cleanly written numerals of a name, words split at spaces and slashes.

    >>> numerals("Inhouse-Schulung SGB II/SGB VIII"), numerals("Werkstattjahr 2.0"), numerals("Beruf II!")
    (('II', 'VIII'), ('2.0',), ())
    """
    return tuple(t for t in _TOKEN.findall(name) if _NUMERAL.fullmatch(t))


@cache
def numeral_frame(norm: str) -> tuple[str, ...]:
    """The words of a normalised name with each numeral as "#": what numbered phases share.

    >>> numeral_frame("inhouse schulung sgb iv sgb viii") == numeral_frame("inhouse schulung sgb ii sgb viii")
    True
    >>> numeral_frame("fit fur den beruf ii"), numeral_frame("azubi coaching 3 0")
    (('fit', 'fur', 'den', 'beruf', '#'), ('azubi', 'coaching', '#', '#'))
    """
    return tuple("#" if _NUMERAL.fullmatch(t.upper()) else t for t in norm.split())


def _norm_numerals(norm: str) -> tuple[str, ...]:
    """The numerals of a normalised name ("fit fur den beruf ii" -> ("ii",))."""
    return tuple(t for t in norm.split() if _NUMERAL.fullmatch(t.upper()))


class Readers:
    """The documents that read each name (normalised), sure or not, with the numbered names indexed
    by their numeral frame, so that a name's numbered siblings are found without a scan of all."""

    def __init__(self, by_norm: Mapping[str, frozenset[str]], spellings: Mapping[str, frozenset[str]] | None = None,
                 confidences: Mapping[str, Mapping[str, float]] | None = None):
        self.by_norm = dict(by_norm)
        self.spellings = dict(spellings or {})  # the texts each normalised name was read as
        self.confidences = {norm: dict(c) for norm, c in (confidences or {}).items()}  # norm -> doc -> confidence
        self._norms = list(self.by_norm)  # the choices of every fuzzy search, built once
        self._by_frame: dict[tuple[str, ...], list[tuple[str, int]]] = defaultdict(list)
        for norm, docs in self.by_norm.items():
            frame = numeral_frame(norm)
            if "#" in frame:
                self._by_frame[frame].append((norm, len(docs)))

    def count(self, norm: str, but: str = "") -> int:
        """How many documents (but ``but``) read the normalised name ``norm``."""
        return len(self.by_norm.get(norm, frozenset()) - {but})

    def commoner_spelling(self, reading: Reading) -> str | None:
        """A name one OCR confusion from the reading's that more other documents read, sure or not:
        at least MIN_MAJORITY of them, or one where the word lists side with its spelling
        ("IT-Grundlagen" beside a confident "TT-Grundlagen"). The reading may be the misread one,
        though read confidently.  Its numerals must be the same, but for a stop or a space
        between them ("Werkstattjahr 20" beside "2.0": a stop lost, not another phase)."""
        ours = self.count(reading.norm, reading.doc_id)
        hits = sorted(process.extract(reading.norm, self._norms, scorer=fuzz.ratio, score_cutoff=LISTED_NEIGHBOUR,
                                      limit=None), key=lambda hit: (-hit[1], hit[0]))
        for norm, _, _ in (hit for hit in hits if hit[1] >= ONE_CONFUSION):
            theirs = self.count(norm, reading.doc_id)
            if norm == reading.norm or theirs <= ours \
                    or "".join(_norm_numerals(norm)) != "".join(_norm_numerals(reading.norm)) \
                    or differ_in_real_words(reading.norm, norm):
                continue
            if theirs >= MIN_MAJORITY or any(lists_side_with(text, reading.project)
                                             for text in self.spellings.get(norm, ())):
                return norm
        # further off: a word no list knows where most documents write a listed word a letter
        # or two away ("Gate Beruf" read surely once, "Café Beruf" by two others)
        for norm, _, _ in hits:
            theirs = self.count(norm, reading.doc_id)
            if norm != reading.norm and theirs >= MIN_MAJORITY and theirs > ours and any(
                    lists_side_with(text, reading.project, max_edits=OCR_EDITS)
                    for text in self.spellings.get(norm, ())):
                return norm
        return None

    @cached_property
    def _word_docs(self) -> dict[str, frozenset[str]]:
        """The documents that write each word (letters only, as written) in a name they read."""
        found: dict[str, set[str]] = defaultdict(set)
        for norm, texts in self.spellings.items():
            for text in texts:
                for word in _WORD.findall(text):
                    found[word] |= self.by_norm.get(norm, frozenset())
        return {word: frozenset(docs) for word, docs in found.items()}

    @cached_property
    def _words_by_length(self) -> dict[int, list[str]]:
        by_length: dict[int, list[str]] = defaultdict(list)
        for word in sorted(self._word_docs):
            by_length[len(word)].append(word)
        return by_length

    def outread_word(self, reading: Reading) -> str | None:
        """A word of the reading that no list holds whole (a compound of two listed words at
        most: "Werkhol", Werk|hol), one letter replaced from a German word that more other
        documents write in their names, at least MIN_MAJORITY ("Werkhof" in "Werkhof Fulda" and
        "Werkhof Groß-Gerau"): the word it is, misread; None where there is none.  Whole names
        cannot show it where no other document names the same project.

        >>> readers = Readers({"werkhof fulda": frozenset("a"), "werkhof gross gerau": frozenset("b"),
        ...                    "werkhol waldeck frankenberg": frozenset("c")},
        ...                   {"werkhof fulda": frozenset({"Werkhof Fulda"}),
        ...                    "werkhof gross gerau": frozenset({"Werkhof Groß-Gerau"}),
        ...                    "werkhol waldeck frankenberg": frozenset({"Werkhol Waldeck-Frankenberg"})})
        >>> readers.outread_word(Reading("c", 0, None, "Werkhol Waldeck-Frankenberg", 0.9))
        'Werkhof'
        >>> readers.outread_word(Reading("a", 0, None, "Werkhof Fulda", 0.9)) is None
        True

        Nor is a word outread by itself without its umlauts, which OCR loses far more often than it
        adds them (and which, folded alike, share their documents here): a fresh hard set's five
        sure "Förderbedarf" were doubted beside two doubtful "Forderbedarf".
        """
        words = self._word_docs
        for word in _WORD.findall(reading.project):
            if len(word) < MIN_OUTREAD_WORD or listed(word):
                continue
            ours = len(words.get(word, frozenset()) - {reading.doc_id})
            same_length = self._words_by_length.get(len(word), [])
            for other, _, _ in process.extract(word, same_length, scorer=Hamming.distance, score_cutoff=1, limit=None):
                theirs = len(words[other] - {reading.doc_id})
                if other != word and other != without_umlauts(word) and theirs >= MIN_MAJORITY and theirs > ours \
                        and is_word(other):
                    return other
        return None

    def corroborated(self, reading: Reading) -> float | None:
        """The confidence that documents reading the same name, each doubtfully, give it together:
        ``1 - prod(1 - c)`` over this reading and at least ``MIN_CORROBORATION - 1`` others, at
        most ``CORROBORATED_CAP``; None when fewer read it, or a spelling one OCR confusion away or a
        numbered sibling is read as often (a misreading the scans share).

        >>> readers = Readers({"gastro ausbildung": frozenset("abc")},
        ...                   confidences={"gastro ausbildung": dict(a=0.6, b=0.6, c=0.5)})
        >>> readers.corroborated(Reading("a", 0, None, "Gastro-Ausbildung", 0.6))
        0.9
        >>> Readers({"gastro ausbildung": frozenset("ab")}).corroborated(Reading("a", 0, None, "Gastro-Ausbildung", 0.6))
        """
        docs = self.by_norm.get(reading.norm, frozenset()) | {reading.doc_id}
        if len(docs) < MIN_CORROBORATION:
            return None
        ours = len(docs)
        hits = process.extract(reading.norm, self._norms, scorer=fuzz.ratio, score_cutoff=ONE_CONFUSION, limit=None)
        if any(norm != reading.norm and len(self.by_norm[norm] | {reading.doc_id}) >= ours for norm, _, _ in hits):
            return None
        if self.rivals(reading.project)[1] >= ours:
            return None
        known = self.confidences.get(reading.norm, {})
        doubt = 1.0
        for doc in docs:
            doubt *= 1.0 - (reading.confidence if doc == reading.doc_id else known.get(doc, 0.0))
        return round(min(CORROBORATED_CAP, 1.0 - doubt), 4)

    def rivals(self, name: str) -> tuple[int, int]:
        """How many documents read ``name``, and how many the commonest name that differs from it
        only in its numerals (0 when none does).

        >>> readers = Readers({"fit fur den beruf i": frozenset("ab"), "fit fur den beruf ii": frozenset("cde")})
        >>> readers.rivals("Fit für den Beruf I"), readers.rivals("Fit für den Beruf")
        ((2, 3), (0, 0))
        """
        norm = normalize_name(name)
        own = len(self.by_norm.get(norm, ()))
        siblings = self._by_frame.get(numeral_frame(norm), ())
        return own, max((n for other, n in siblings if other != norm), default=0)


def numeral_conflict(reading: str, candidate: str) -> bool:
    """Whether taking ``candidate`` for ``reading`` would change a numeral the reading writes cleanly.

    Changes in a garbled word are allowed; adding or dropping a whole numeral is not.

    >>> numeral_conflict("Fit für den Beruf I", "Fit für den Beruf II")
    True
    >>> numeral_conflict("Fit für den Beruf I!", "Fit für den Beruf II")
    False
    >>> numeral_conflict("Inhouse-Schulung SGB IVSGB VIII", "Inhouse-Schulung SGB II/SGB VIII")
    False
    >>> numeral_conflict("Fit für den Beruf", "Fit für den Beruf II")
    True
    """
    a, b = _TOKEN.findall(reading), _TOKEN.findall(candidate)
    matcher = difflib.SequenceMatcher(a=[t.casefold() for t in a], b=[t.casefold() for t in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if any(_NUMERAL.fullmatch(t) for t in a[i1:i2]):
            return True
        if op in ("insert", "delete") and any(_NUMERAL.fullmatch(t) for t in b[j1:j2]):
            return True
    return False


@cache
def place_words() -> frozenset[str]:
    """Normalised words of the regions' names ("Main-Kinzig-Kreis" -> main, kinzig)."""
    words = set()
    for region in regions():
        for word in normalize_name(_PLACE_SUFFIX.sub("", region.name.casefold())).split():
            if len(word) >= MIN_PLACE_WORD:
                words.add(word)
    return frozenset(words)


def names_a_place(norm: str) -> bool:
    """Whether a normalised name contains a word of a region's name.

    >>> names_a_place("produktionsschule giessen"), names_a_place("cafe beruf")
    (True, False)
    """
    return any(w in place_words() for w in norm.split())


def archive_lexicon(readings: Iterable[Reading], threshold: float = MIN_CONFIDENCE) -> dict[str, Spelling]:
    """The confidently read names by normalised form, each with its commonest spelling."""
    groups: dict[str, list[Reading]] = defaultdict(list)
    for r in readings:
        if r.confidence >= threshold and r.project.strip():
            groups[r.norm].append(r)
    lexicon = {}
    for norm, rows in groups.items():
        readers: dict[str, set[str]] = defaultdict(set)
        for r in rows:
            readers[r.project].add(r.doc_id)
        # the commonest spelling; of as common ones, the one with more umlauts and accents (OCR
        # loses them far more often than it adds them: "Förderbedarf" over "Forderbedarf"), then
        # the first in order
        text = min(readers, key=lambda s: (-len(readers[s]), -_diacritics(s), s))
        lexicon[norm] = Spelling(
            text=text, norm=norm, docs=frozenset(r.doc_id for r in rows),
            regions=frozenset(r.region_ags for r in rows if r.region_ags),
            confidence=round(sum(r.confidence for r in rows) / len(rows), 4),
            readers=tuple(sorted((t, frozenset(d)) for t, d in readers.items())),
        )
    return lexicon


def _diacritics(text: str) -> int:
    """How many letters of ``text`` carry an umlaut or an accent (or are ß).

    >>> _diacritics("Förderbedarf für Mütter"), _diacritics("Café"), _diacritics("Forderbedarf")
    (3, 1, 0)
    """
    return sum(1 for c in text if c.isalpha() and not c.isascii())


def _usable(reading: Reading, spelling: Spelling, own_norms: frozenset[str]) -> bool:
    """Whether ``spelling`` may stand for ``reading`` at all (the guards of the module docstring)."""
    if not spelling.docs - {reading.doc_id}:
        return False
    if spelling.norm != reading.norm and spelling.norm in own_norms:
        return False
    if names_a_place(spelling.norm) and reading.region_ags not in spelling.regions:
        return False
    if spelling.norm == reading.norm:
        return True
    return not numeral_conflict(reading.project, spelling.text) and not differ_in_real_words(
        reading.project, spelling.text)


def best_spelling(reading: Reading, lexicon: Mapping[str, Spelling], own_norms: frozenset[str] = frozenset(),
                  threshold: float = MATCH_THRESHOLD, other_names: bool = False) -> tuple[Spelling, float] | None:
    """The one lexicon spelling a reading may take, with its similarity; None when none or not one.

    ``other_names`` leaves out the reading's own name (normalised): what else could it be?
    """
    hits = process.extract(reading.norm, list(lexicon), scorer=fuzz.ratio, score_cutoff=threshold, limit=None)
    found = [(score, lexicon[norm]) for norm, score, _ in hits
             if not (other_names and norm == reading.norm) and _usable(reading, lexicon[norm], own_norms)]
    if not found:
        return None
    found.sort(key=lambda x: (-x[0], -len(x[1].docs - {reading.doc_id}), x[1].text))
    best = found[0][1]
    for _, other in found[1:]:
        if similarity(best.norm, other.norm) < threshold or numerals(best.text) != numerals(other.text):
            return None  # two different names, or one name in two numbered phases: not ours to choose
    return best, found[0][0]


def _outvoted_by(reading: Reading, support: int, lexicon: Mapping[str, Spelling], own_norms: frozenset[str]
                 ) -> tuple[Spelling, float] | None:
    """The spelling that outvotes a confident reading: one OCR confusion away, read so by more documents."""
    match = best_spelling(reading, lexicon, own_norms, threshold=ONE_CONFUSION, other_names=True)
    if match is None:
        return None
    others = len(match[0].docs - {reading.doc_id})
    return match if others >= MIN_MAJORITY and others > support else None


_DASHES = frozenset("-–—")


def dash_lost(text: str, exact: Spelling, doc_id: str) -> bool:
    """Whether another document writes the name with a dash standing between two of its words
    where ``text`` has none ("Kochwerk – Qualifizierung in der Gastronomie" / "Kochwerk
    Qualifizierung ..."): Tesseract drops a thin dash between words without a trace.  Over
    the stored runs of 146 generated sets a separator dash was lost five times (once unflagged:
    the words read at 0.87-0.96) and never read where none was printed.

    >>> kochwerk = Spelling("Kochwerk – Qualifizierung", "kochwerk qualifizierung", frozenset("a"), frozenset(), 0.9,
    ...                     (("Kochwerk – Qualifizierung", frozenset("a")),))
    >>> dash_lost("Kochwerk Qualifizierung", kochwerk, "x"), dash_lost("Kochwerk - Qualifizierung", kochwerk, "x")
    (True, False)
    >>> dash_lost("Kochwerk Qualifizierung", kochwerk, "a")  # its own writing
    False
    """
    def words(spelling: str) -> list[str]:
        return [word for word in spelling.split() if word not in _DASHES]

    ours = words(text)
    return any(docs - {doc_id} and words(other) == ours and len(other.split()) > len(text.split())
               for other, docs in exact.readers)


def _majority_spelling(reading: Reading, exact: Spelling | None) -> str:
    """The archive's spelling of a name read in another one (accents, case, dashes: "Mutter" / "Mütter").

    It is taken when at least two other documents read it, more than read this document's spelling
    (this one counted): a batch split evenly between two spellings keeps each as read.
    """
    if exact is None or exact.text == reading.project:
        return reading.project
    theirs = len(exact.read_by(exact.text) - {reading.doc_id})
    ours = len(exact.read_by(reading.project) | {reading.doc_id})
    return exact.text if theirs >= MIN_MAJORITY and theirs > ours else reading.project


def reconcile_document(readings: Sequence[Reading], lexicon: Mapping[str, Spelling],
                       readers: Readers | None = None) -> list[Reconciled]:
    """The tables' name, confidence and support for each measure of one document, in order.

    ``readers``: every document that read each name (normalised), sure or not; by default the
    lexicon's readers and this document.
    """
    own = frozenset(r.norm for r in readings)
    if readers is None:
        readers = all_readers(readings, lexicon)
    out = []
    for r in readings:
        exact = lexicon.get(r.norm)
        support = len(exact.docs - {r.doc_id}) if exact else 0
        if r.confidence >= MIN_CONFIDENCE:
            majority = _outvoted_by(r, support, lexicon, own)
            if majority is None:
                ours, rival = readers.rivals(r.project)
                confidence = min(r.confidence, NUMBERED_SIBLING_CONFIDENCE) if rival >= ours else r.confidence
                if readers.commoner_spelling(r) is not None or readers.outread_word(r) is not None:
                    # "StepbySiep" beside four "StepbyStep"; "Werkhol" where two write "Werkhof"
                    confidence = min(confidence, OUTREAD_CONFIDENCE)
                spelling_text = _majority_spelling(r, exact)
                if exact is not None and dash_lost(spelling_text, exact, r.doc_id):
                    confidence = min(confidence, OUTREAD_CONFIDENCE)
                out.append(Reconciled(spelling_text, confidence, support))
                continue
            spelling, score = majority
            out.append(Reconciled(spelling.text, round(min(spelling.confidence, score / 100), 4),
                                  len(spelling.docs - {r.doc_id})))
            continue
        match = best_spelling(r, lexicon, own)
        if match is None:
            together = readers.corroborated(r)
            out.append(Reconciled(r.project, max(r.confidence, together or 0.0), 0))
            continue
        spelling, score = match
        ours, rival = readers.rivals(spelling.text)
        if rival >= ours:
            out.append(Reconciled(r.project, r.confidence, 0))  # "II" or "IV": the batch cannot tell
            continue
        if readers.commoner_spelling(Reading(r.doc_id, r.position, r.region_ags, spelling.text, r.confidence)):
            # a spelling the batch outvotes itself ("Jobeoaching" read surely once, "Jobcoaching" by
            # six): it vouches for nothing
            out.append(Reconciled(r.project, r.confidence, 0))
            continue
        if spelling.norm != r.norm and readers.count(r.norm, r.doc_id) >= readers.count(spelling.norm, r.doc_id):
            # as many other documents read it as this one does, if doubtfully: the sure reading of
            # the fewer may be the misread one ("StepbySiep" read surely once, "StepbyStep" four times)
            out.append(Reconciled(r.project, r.confidence, 0))
            continue
        others = len(spelling.docs - {r.doc_id})
        cap = 1.0
        if others < MIN_MAJORITY and not vouched_for(spelling.text, r.project):
            if readers.count(spelling.norm, r.doc_id) < MIN_CORROBORATION:
                # one other reading, of a word no list knows: it may be misread as this one is
                # ("SGB II/USGB VIII" read surely once); it does not make this reading sure
                out.append(Reconciled(r.project, r.confidence, 0))
                continue
            # read surely once, and doubtfully by enough other documents to corroborate it
            # ("Berufseinstiegsbegleitung Plus" read so by four, surely by one): as sure as that
            cap = CORROBORATED_CAP
        confidence = round(max(r.confidence, min(spelling.confidence, score / 100, cap)), 4)
        out.append(Reconciled(spelling.text, confidence, others))
    return out


def all_readers(readings: Iterable[Reading], lexicon: Mapping[str, Spelling] | None = None) -> Readers:
    """The documents that read each name (normalised): the readings', and the lexicon's readers."""
    found: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, set[str]] = defaultdict(set)
    confidences: dict[str, dict[str, float]] = defaultdict(dict)
    for spelling in (lexicon or {}).values():
        found[spelling.norm] |= spelling.docs
        texts[spelling.norm].add(spelling.text)
        texts[spelling.norm].update(text for text, _ in spelling.readers)
        for doc in spelling.docs:
            confidences[spelling.norm][doc] = spelling.confidence
    for r in readings:
        found[r.norm].add(r.doc_id)
        texts[r.norm].add(r.project)
        confidences[r.norm][r.doc_id] = max(r.confidence, confidences[r.norm].get(r.doc_id, 0.0))
    return Readers({norm: frozenset(docs) for norm, docs in found.items()},
                   {norm: frozenset(spelled) for norm, spelled in texts.items()}, confidences)


def reconcile_tables(agreements: Sequence[dict], measures: Sequence[dict],
                     field_confidence: Mapping[str, Mapping[str, float]]) -> tuple[list[dict], list[dict]]:
    """Agreement and measure rows (new dicts) with the names reconciled across the batch.

    Measures gain ``project_read`` and ``name_support``; an agreement whose measures all reach
    ``MIN_CONFIDENCE`` now loses ``low_confidence:measures`` (and ``split_items``: the pieces of a
    line split in two are then names the batch confirms), and its confidence is the weakest of
    its core fields and measures again (``field_confidence`` by doc_id).
    """
    measures = [dict(row) for row in measures]
    readings: dict[str, list[tuple[dict, Reading]]] = defaultdict(list)
    for row in measures:
        row["project_read"] = row.get("project")
        row["name_support"] = 0
        if row.get("project") and row.get("confidence") is not None:
            readings[row["doc_id"]].append((row, Reading(row["doc_id"], row["position"], row.get("region_ags"),
                                                         row["project"], float(row["confidence"]))))
    lexicon = archive_lexicon(r for rows in readings.values() for _, r in rows)
    readers = all_readers(r for rows in readings.values() for _, r in rows)
    for doc_rows in readings.values():
        for (row, _), result in zip(doc_rows, reconcile_document([r for _, r in doc_rows], lexicon, readers)):
            # the batch vouches for the name only: a doubtful amount or count stays doubtful
            values = row.get("value_confidence")
            confidence = min(result.confidence, 1.0 if values is None else float(values))
            row.update(project=result.project, confidence=confidence, name_support=result.support)
    by_doc: dict[str, list[float]] = defaultdict(list)
    for row in measures:
        if row.get("confidence") is not None:
            by_doc[row["doc_id"]].append(float(row["confidence"]))
    return [_rejudged(row, by_doc.get(row["doc_id"], []), field_confidence.get(row["doc_id"], {}))
            for row in agreements], measures


def _rejudged(row: dict, measure_confidences: Sequence[float], fields: Mapping[str, float]) -> dict:
    """An agreement row with its measure doubt, needs_review and confidence recomputed."""
    row = dict(row)
    reasons = [r for r in (row.get("review_reasons") or "").split(";") if r and r != LOW_MEASURES]
    if any(c < MIN_CONFIDENCE for c in measure_confidences):
        reasons.append(LOW_MEASURES)
    elif SPLIT_ITEMS in reasons and measure_confidences:
        # the pieces of a line read as two items (0.6 each) are names other documents read surely
        reasons.remove(SPLIT_ITEMS)
    row["review_reasons"] = ";".join(reasons)
    row["needs_review"] = bool(reasons)
    if row.get("confidence") is not None or measure_confidences:
        row["confidence"] = overall_confidence(dict(fields), measure_confidences)
    return row
