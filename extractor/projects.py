"""One key per project across years and OCR spellings within a region (rapidfuzz clustering).

The stages, in order: normalise each name (case, accents, punctuation, roman numerals OCR
wrote with l or 1); group the measures of a region by normalised name; cluster the names,
most frequent first, each joining the cluster whose leader it matches best at
``MATCH_THRESHOLD`` or above; key each cluster by the region and a hash of its leader.
Nothing depends on the order of the input files, so the keys are stable between runs.

Two guards keep different projects apart however alike their names: names listed as
separate measures of one agreement are different projects, and so are names that differ
in a word both spell as a real German word, by more letters than one OCR confusion
changes ("für junge Mütter" / "für junge Väter", but not "Plus" / "PIus"). Names that
differ only in a numeral ("Brücken in den Arbeitsmarkt II" / "III") are the same project
in later phases unless one agreement lists both.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from .normalize.text import fix_roman_numerals
from .normalize.words import is_english, is_word, without_umlauts

# Calibrated on the generator's 90 project names with its OCR confusions (tests/test_projects.py):
# every one-confusion variant scores >= 90 against its name, 98.8 % of two-confusion variants
# >= 85 (all >= 80), and two different names at most 77.8; 85 keeps a margin on both sides.
MATCH_THRESHOLD = 85.0
KEY_HEX_DIGITS = 8

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LETTERS = re.compile(r"[^\W\d_]+")
MIN_GUARD_WORD = 4  # shorter words are too often OCR debris that happens to be a word
OCR_EDITS = 2  # one OCR confusion changes at most two letters ("rn" -> "m", "ü" -> "ii"): "Plus" / "PIus"


def normalize_name(name: str) -> str:
    """The form names are compared and keyed in.

    >>> normalize_name("Café Beruf"), normalize_name("Cafe  Beruf"), normalize_name("Caf6 Beruf")
    ('cafe beruf', 'cafe beruf', 'caf6 beruf')
    >>> normalize_name("Projekt GO-gut orientiert! Il"), normalize_name("Projekt GO-gut orientiert! 11")
    ('projekt go gut orientiert ii', 'projekt go gut orientiert ii')
    >>> normalize_name("Förderung für Mädchen, Straße")
    'forderung fur madchen strasse'
    """
    text = fix_roman_numerals(name).replace("ß", "ss").replace("ẞ", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    tokens = _NON_ALNUM.split(text.casefold())
    # a run of 1s standing alone is a roman numeral OCR read as digits ("II" -> "11")
    return " ".join("i" * len(t) if t and set(t) == {"1"} and len(t) <= 3 else t for t in tokens if t)


def similarity(a: str, b: str) -> float:
    """Similarity 0..100 of two normalised names."""
    return fuzz.ratio(a, b)


def differ_in_real_words(a: str, b: str) -> bool:
    """Whether two spellings differ in a word that both spell as a real German word, beyond an OCR confusion.

    >>> differ_in_real_words("Coaching für junge Mütter", "Coaching für junge Väter")
    True
    >>> [differ_in_real_words("Café Beruf", x) for x in ("Caf6 Bcruf", "Cafe Beruf")]
    [False, False]
    >>> differ_in_real_words("Berufsorientierung im Jugendhaus", "Berufsorientierung im Jugendbaus")
    False
    """
    words_a, words_b = _LETTERS.findall(a), _LETTERS.findall(b)
    folded_a, folded_b = [normalize_name(w) for w in words_a], [normalize_name(w) for w in words_b]
    matcher = difflib.SequenceMatcher(a=folded_a, b=folded_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 != j2 - j1:
            continue
        for x, y, fx, fy in zip(words_a[i1:i2], words_b[j1:j2], folded_a[i1:i2], folded_b[j1:j2]):
            if min(len(x), len(y)) < MIN_GUARD_WORD or Levenshtein.distance(fx, fy) <= OCR_EDITS:
                continue
            if is_word(x) and is_word(y):
                return True
    return False


def lists_side_with(theirs: str, ours: str, max_edits: int | None = None) -> bool:
    """Whether the word lists prefer one spelling of a name to another: where the two differ,
    word for word, ``theirs`` writes German words (or listed abbreviations) and ``ours`` at least
    one word no list knows.  "IT-Grundlagen" over "TT-Grundlagen"; not over "StepbySiep" (no list
    knows "StepbyStep" either), and not where the two differ in more than replaced words.
    ``max_edits``: and each replaced word is at most that many letters from the other (folded).

    >>> lists_side_with("Café Beruf", "Gate Beruf", max_edits=OCR_EDITS), lists_side_with(
    ...     "Café Beruf", "Gatekeeper Beruf", max_edits=OCR_EDITS)
    (True, False)

    >>> lists_side_with("IT-Grundlagen für Wiedereinsteigerinnen", "TT-Grundlagen für Wiedereinsteigerinnen")
    True
    >>> lists_side_with("TT-Grundlagen für Wiedereinsteigerinnen", "IT-Grundlagen für Wiedereinsteigerinnen")
    False
    >>> lists_side_with("StepbyStep", "StepbySiep"), lists_side_with("Fit für den Beruf", "Fit für den")
    (False, False)
    """
    words_ours, words_theirs = _LETTERS.findall(ours), _LETTERS.findall(theirs)
    matcher = difflib.SequenceMatcher(a=words_ours, b=words_theirs, autojunk=False)
    pairs = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op != "replace" or i2 - i1 != j2 - j1:
            return False
        pairs += zip(words_ours[i1:i2], words_theirs[j1:j2])
    if max_edits is not None and any(Levenshtein.distance(normalize_name(x), normalize_name(y)) > max_edits
                                     for x, y in pairs):
        return False
    return bool(pairs) and all(is_word(y) for _, y in pairs) and not all(is_word(x) for x, _ in pairs)


def vouched_for(theirs: str, ours: str) -> bool:
    """Whether every word ``theirs`` writes where it differs from ``ours`` is German or English (or a
    listed numeral or abbreviation): a spelling the word lists can vouch for, not only its readers.
    "SGB II/SGB VIII" for "SGB II/SGB ViIll", "Job-Coaching" for "Job-Coacbing"; not "SGB II/USGB
    VIII" (no list knows "USGB").

    >>> vouched_for("Inhouse-Schulung SGB II/SGB VIII", "Inhouse-Schulung SGB II/SGB ViIll")
    True
    >>> vouched_for("Inhouse-Schulung SGB II/USGB VIII", "Inhouse-Schulung SGB II/SGB ViIll")
    False
    >>> vouched_for("StepbyStep", "StepbySiep"), vouched_for("Fit für den Beruf", "Fit fiir den Beruf")
    (False, True)
    >>> vouched_for("Job-Coaching für Langzeitarbeitslose", "Job-Coacbing für Langzeitarbeitslose")
    True

    Nor a word that is ours with its umlauts lost, which OCR does far more often than add them:
    the lists know "Forderbedarf" (Forder|bedarf) as they know "Förderbedarf".

    >>> vouched_for("Berufsorientierung für Jugendliche mit Forderbedarf",
    ...             "Berufsorienuerung für Jugendliche mit Förderbedarf")
    False
    """
    words_ours, words_theirs = _LETTERS.findall(ours), _LETTERS.findall(theirs)
    opcodes = difflib.SequenceMatcher(a=words_ours, b=words_theirs, autojunk=False).get_opcodes()
    for op, i1, i2, j1, j2 in opcodes:
        if op == "replace" and any(y != x and y == without_umlauts(x)
                                   for x, y in zip(words_ours[i1:i2], words_theirs[j1:j2])):
            return False
    return all(is_word(word) or is_english(word) for op, _, _, j1, j2 in opcodes if op != "equal"
               for word in words_theirs[j1:j2])



@dataclass
class _Name:
    """One normalised name of a region with what the measures say about it."""

    norm: str
    n_measures: int = 0
    years: set = field(default_factory=set)
    docs: set = field(default_factory=set)
    spellings: Counter = field(default_factory=Counter)

    @property
    def first_year(self) -> int:
        return min(self.years) if self.years else 9999

    @property
    def spelling(self) -> str:
        """The most frequent spelling (ties: alphabetical)."""
        return min(self.spellings.items(), key=lambda kv: (-kv[1], kv[0]))[0]


@dataclass
class _Cluster:
    leader: _Name
    members: list = field(default_factory=list)
    docs: set = field(default_factory=set)


def cluster_names(names: Iterable[_Name], threshold: float = MATCH_THRESHOLD) -> list[_Cluster]:
    """Leader clustering: most frequent names first, each joining its best-matching cluster or founding one."""
    clusters: list[_Cluster] = []
    for name in sorted(names, key=lambda n: (-n.n_measures, n.first_year, n.norm)):
        best, best_score = None, threshold
        for cluster in clusters:
            score = similarity(name.norm, cluster.leader.norm)
            if score < best_score or name.docs & cluster.docs:
                continue
            if differ_in_real_words(name.spelling, cluster.leader.spelling):
                continue
            if best is None or score > best_score:
                best, best_score = cluster, score
        if best is None:
            best = _Cluster(name)
            clusters.append(best)
        best.members.append(name)
        best.docs |= name.docs
    return clusters


def cluster_key(region_ags: str, leader_norm: str, digits: int = KEY_HEX_DIGITS) -> str:
    """``<AGS>-<hash>``: the region and a short hash of the cluster's leading normalised name.

    >>> cluster_key("06440", "cafe beruf")
    '06440-b7eed37d'
    """
    return f"{region_ags}-{hashlib.sha1(leader_norm.encode('utf-8')).hexdigest()[:digits]}"


def assign_project_keys(measures: Sequence[dict], fixed: Iterable[int] = ()) -> list[dict]:
    """The measure rows with ``project_key`` set; rows whose index is in ``fixed`` keep theirs (set by hand)."""
    fixed = set(fixed)
    out = [dict(row) for row in measures]
    by_region: dict[str, dict[str, _Name]] = defaultdict(dict)
    rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, row in enumerate(out):
        if i in fixed:
            continue
        region, project = row.get("region_ags") or "", (row.get("project") or "").strip()
        norm = normalize_name(project) if project else ""
        if not region or not norm:
            row["project_key"] = None
            continue
        name = by_region[region].setdefault(norm, _Name(norm))
        name.n_measures += 1
        if row.get("year") is not None:
            name.years.add(row["year"])
        name.docs.add(row["doc_id"])
        name.spellings[project] += 1
        rows_of[(region, norm)].append(i)
    for region, names in by_region.items():
        clusters = cluster_names(names.values())
        keys = [cluster_key(region, c.leader.norm) for c in clusters]
        counts = Counter(keys)
        for cluster, key in zip(clusters, keys):
            if counts[key] > 1:  # two leaders share the short hash: spell both out in full
                key = cluster_key(region, cluster.leader.norm, 40)
            for name in cluster.members:
                for i in rows_of[(region, name.norm)]:
                    out[i]["project_key"] = key
    return out


def project_rows(measures: Sequence[dict]) -> list[dict]:
    """One row per project_key of the measure rows (see schema.PROJECTS)."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in measures:
        if row.get("project_key"):
            groups[row["project_key"]].append(row)
    out = []
    for key, rows in groups.items():
        years = sorted({r["year"] for r in rows if r.get("year") is not None})
        spellings = Counter((r.get("project") or "").strip() for r in rows)
        spellings.pop("", None)
        first_seen = {s: min((r["year"] for r in rows if (r.get("project") or "").strip() == s
                              and r.get("year") is not None), default=9999) for s in spellings}
        name = min(spellings, key=lambda s: (-spellings[s], first_seen[s], s)) if spellings else key
        seen = {(r.get("project_read") or r.get("project") or "").strip() for r in rows} - {""}
        regions = Counter(r.get("region_ags") for r in rows if r.get("region_ags"))
        out.append({
            "project_key": key,
            "region_ags": min(regions, key=lambda g: (-regions[g], g)) if regions else None,
            "name": name,
            "names_seen": ";".join(sorted(seen | set(spellings))),
            "first_year": years[0] if years else None,
            "last_year": years[-1] if years else None,
            "n_years": len(years),
            "n_measures": len(rows),
        })
    return sorted(out, key=lambda r: (r["region_ags"] or "~", r["name"].casefold(), r["name"], r["project_key"]))
