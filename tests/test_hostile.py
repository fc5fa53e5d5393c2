"""Hostile inputs through the whole batch: the corpus of odd files, hostile file names, and faults.

The corpus (tests/resources/hostile_corpus.py, listed in tests/resources/README.md) is run
through the command line in a subprocess, as a user would, under a small wrapper that adopts
every descendant (PR_SET_CHILD_SUBREAPER) so that the peak memory of the workers and of
Tesseract is measured, not only that of the batch process.  Tesseract faults are injected
through PATH (a fake ``tesseract`` that crashes, hangs, or kills the worker that runs it; or
none at all), a full disk with a small tmpfs in a private mount namespace.  The writers'
own guarantees (tables replaced together, formulas neutralised, names that are not UTF-8)
are tested in tests/test_writers.py.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import os
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_helpers import agreement_text
from PIL import Image

from extractor import executors
from extractor.errors import CorruptInput, NotPdf, TooLarge, Unreadable
from extractor.options import Options
from extractor.sources import images, read_pages, sniff

RESOURCES = Path(__file__).parent / "resources"
CLI = [sys.executable, "-m", "extractor", "run"]
PAGE_TIMEOUT, DOC_TIMEOUT = 20.0, 20.0  # OCR of a page takes 3-4 s, three times that on a busy machine
LIMITS = ["--workers", "2", "--page-timeout", f"{PAGE_TIMEOUT:g}", "--doc-timeout", f"{DOC_TIMEOUT:g}"]
TWO_GB_KB = 2 * 1024 * 1024
TABLES = ("manifest", "agreements", "measures", "sections", "amounts")


def load_corpus_module():
    spec = importlib.util.spec_from_file_location("hostile_corpus", RESOURCES / "hostile_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile_corpus"] = module
    spec.loader.exec_module(module)
    return module


hostile_corpus = load_corpus_module()

# Runs a command as its child and adopts every orphaned descendant (forkserver, workers), so
# RUSAGE_CHILDREN covers them all; also samples the summed RSS of the whole process tree.
MEASURE = r"""
import ctypes, json, os, resource, subprocess, sys, time
ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
report, command = sys.argv[1], sys.argv[2:]

def tree():
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, todo = set(), [os.getpid()]
    while todo:
        pid = todo.pop()
        kids = [p for p, pp in parent.items() if pp == pid and p not in found]
        found.update(kids)
        todo += kids
    return found

def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return next((int(line.split()[1]) for line in f if line.startswith("VmRSS:")), 0)
    except OSError:
        return 0

start = time.monotonic()
child = subprocess.Popen(command)
peak_total = 0
while child.poll() is None:
    peak_total = max(peak_total, sum(rss_kb(p) for p in tree()))
    time.sleep(0.05)
seconds = time.monotonic() - start
deadline = time.monotonic() + 15
while time.monotonic() < deadline:  # reap the adopted orphans
    try:
        pid, _ = os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        break
    if pid == 0:
        time.sleep(0.05)
with open(report, "w") as f:
    json.dump({"returncode": child.returncode, "seconds": seconds, "peak_total_rss_kb": peak_total,
               "peak_process_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}, f)
"""


def distinct_agreement(i: int) -> str:
    """A valid agreement text whose bytes differ for every ``i`` (so no two are duplicates)."""
    return agreement_text(i) + "\n" * (1 + i)


def read_manifest(out: Path) -> list[dict]:
    with open(out / "manifest.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {Path(row["source_file"]).name: row for row in rows}


def run_cli(args: list[str], env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + args, capture_output=True, text=True, env=env, timeout=timeout)


# --- the corpus -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "archive"
    hostile_corpus.build(folder)
    return folder


@pytest.fixture(scope="module")
def corpus_run(corpus, tmp_path_factory) -> dict:
    """The corpus through the CLI with two workers and short limits; the outcome and what it cost."""
    out = tmp_path_factory.mktemp("corpus-out")
    report = out / "measure.json"
    command = CLI + [str(corpus), "--out", str(out / "tables"), *LIMITS]
    proc = subprocess.run([sys.executable, "-c", MEASURE, str(report), *command], capture_output=True, text=True,
                          timeout=300)
    return {**json.loads(report.read_text()), "stdout": proc.stdout, "stderr": proc.stderr,
            "rows": read_manifest(out / "tables"), "out": out / "tables"}


def test_the_corpus_lists_every_file_it_makes_in_the_readme(corpus):
    made = sorted(p.name for p in corpus.iterdir())
    assert made == sorted(hostile_corpus.EXPECTED)
    readme = (RESOURCES / "README.md").read_text(encoding="utf-8")
    assert [name for name in made if f"`{name}`" not in readme] == []


def test_the_corpus_batch_finishes_with_one_row_per_file_and_no_traceback(corpus_run):
    assert corpus_run["returncode"] == 0, corpus_run["stderr"]
    assert "Traceback" not in corpus_run["stderr"]
    names = [Path(row["source_file"]).name for row in corpus_run["rows"]]
    assert sorted(names) == sorted(hostile_corpus.EXPECTED)  # exactly one row each
    assert corpus_run["stdout"].startswith(f"{len(names)} files: ")


@pytest.mark.parametrize("name", list(hostile_corpus.EXPECTED))
def test_each_corpus_file_gets_the_right_row(corpus_run, name):
    row = by_name(corpus_run["rows"])[name]
    expected = hostile_corpus.EXPECTED[name]
    assert (row["status"], row["error_code"]) == (expected.status, expected.error_code), row["error"]
    if expected.status == "failed":
        assert ": " in row["error"] and len(row["error"]) > 30  # says what happened and what to do
    if expected.status == "duplicate":
        assert Path(row["duplicate_of"]).name == "agreement.pdf"


def test_no_file_takes_longer_than_its_limits(corpus_run):
    backstop = DOC_TIMEOUT + executors.TIMEOUT_GRACE
    slowest = max(float(row["seconds"] or 0) for row in corpus_run["rows"])
    assert slowest <= backstop + 3
    rows = by_name(corpus_run["rows"])
    # what can be refused from sizes alone is refused at once, not after rendering or decoding
    for name in ("page-200-inch.pdf", "image-35000px.pdf", "image-35000px.png", "zero-bytes.pdf",
                 "error-page.pdf", "encrypted-user-password.pdf"):
        assert float(rows[name]["seconds"]) < 3, name
    assert corpus_run["seconds"] < 2 * backstop + 30


def test_peak_memory_of_the_corpus_batch_stays_under_2_gb(corpus_run):
    assert 0 < corpus_run["peak_process_rss_kb"] < TWO_GB_KB
    assert 0 < corpus_run["peak_total_rss_kb"] < TWO_GB_KB  # all workers and Tesseracts together, sampled


def test_images_over_the_pixel_limit_are_refused_before_pdfium_decodes_them(corpus, monkeypatch):
    def no_rendering(*args, **kwargs):
        raise AssertionError("rendered although over the pixel limit")

    monkeypatch.setattr(images.pdfium.PdfPage, "render", no_rendering)
    with pytest.raises(TooLarge, match=r"page 1: image 1 on the page would be 35000 x 35000 = 1,225,000,000 "
                                       r"pixels, over the limit of 200,000,000: raise --max-pixels"):
        read_pages(corpus / "image-35000px.pdf", Options())
    with pytest.raises(TooLarge, match=r"60000 x 60000"):
        read_pages(corpus / "page-200-inch.pdf", Options())


def test_the_pixel_limit_is_ours_not_pillows(tmp_path):
    path = tmp_path / "big.png"
    path.write_bytes(hostile_corpus.png_bomb(35000))
    with pytest.raises(TooLarge, match=r"big\.png page 1 would be 35000 x 35000 .* raise --max-pixels"):
        read_pages(path, Options())
    # 15000 x 15000 is past Pillow's own bomb limit (179 million pixels) but within a raised
    # --max-pixels: it is decoded (and found truncated), not refused with Pillow's message
    header_only = hostile_corpus.png_bomb(15000)[:100]
    path.write_bytes(header_only)
    with pytest.raises(CorruptInput):
        read_pages(path, Options(max_pixels=300_000_000))
    assert Image.MAX_IMAGE_PIXELS == int(1024 * 1024 * 1024 // 4 // 3)  # Pillow's default is back


SNIFF_CASES = [
    # (file name, first bytes, error, words the message must hold)
    ("download.pdf", bytes(20_000), CorruptInput, "only zero bytes"),
    ("agreement.pdf", b"\x1f\x8b\x08\x00" + bytes(30), NotPdf, "gzip"),
    ("agreement.pdf", b"%!PS-Adobe-3.0\n%%Pages: 1\n", NotPdf, "ps2pdf"),
    ("agreement.pdf", b"{\\rtf1\\ansi Zielvereinbarung}", NotPdf, "RTF"),
]


@pytest.mark.parametrize("name, content, error, words", SNIFF_CASES)
def test_sniff_says_what_a_misnamed_file_is(tmp_path, name, content, error, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error, match=words):
        sniff.sniff(path)


def test_a_file_that_cannot_be_read_is_unreadable(tmp_path):
    with pytest.raises(Unreadable, match="cannot read .*permissions") as raised:
        sniff.sniff(tmp_path)  # a folder
    assert raised.value.code == "unreadable"


# --- hostile file names -----------------------------------------------------------------------------

HOSTILE_NAMES = [
    "Zielvereinbarung Gießen 2024 (endgültig).txt",  # spaces, umlauts, parentheses
    "Zeile\nUmbruch.txt",  # a newline
    "-rf.txt",  # looks like an option
    "--out=elsewhere.txt",
    "a..b.txt",
    "a\\..\\..\\evil.txt",  # a Windows path that climbs out
    "%2e%2e%2fevil.txt",
    "x" * 240 + ".txt",  # near the 255-byte limit of a name
    "=HYPERLINK(\"example.invalid\";\"Klick\").txt",  # a formula, were it opened in Excel unescaped
    "@SUM(A1).txt",
]


def can_drop_root_read_access() -> bool:
    return shutil.which("setpriv") is not None and os.geteuid() == 0


def test_hostile_names_get_one_row_each_and_output_stays_inside_out(tmp_path):
    archive = tmp_path / "archive"
    folder = archive / "in"
    folder.mkdir(parents=True)
    expected = set()
    for i, name in enumerate(HOSTILE_NAMES):
        (folder / name).write_text(distinct_agreement(i), encoding="utf-8")
        expected.add(name)
    (folder / "ordner.pdf").mkdir()  # a folder named like a PDF is searched, not read
    (folder / "ordner.pdf" / "inside.txt").write_text(distinct_agreement(20), encoding="utf-8")
    expected.add("inside.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to("..", target_is_directory=True)  # a folder loop: not followed
    os.mkfifo(folder / "pipe.pdf")  # would block a reader forever
    expected.add("pipe.pdf")
    (folder / "self.pdf").symlink_to("self.pdf")
    expected.add("self.pdf")
    locked = folder / "locked.pdf"
    locked.write_bytes(b"%PDF-1.4\n")
    locked.chmod(0)
    expected.add("locked.pdf")
    (folder / "._agreement.pdf").write_bytes(b"\0\5\26\7")  # macOS AppleDouble: hidden, so no input
    outside = archive / "-leading-dash.txt"  # named on the command line after --
    outside.write_text(distinct_agreement(21), encoding="utf-8")
    expected.add("-leading-dash.txt")

    out = archive / "out"
    before = {p for p in tmp_path.rglob("*")}
    command = CLI + ["--out", str(out), "--workers", "2", "--", str(folder), str(outside)]
    if can_drop_root_read_access():  # root reads a mode-000 file; without these capabilities it cannot
        command = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--inh-caps", "-all", *command]
    proc = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr

    created = {p for p in tmp_path.rglob("*")} - before
    assert created and all(p.resolve().is_relative_to(out.resolve()) for p in created)
    rows = read_manifest(out)
    names = [Path(row["source_file"]).name for row in rows]
    assert sorted(names) == sorted(expected)  # exactly one row each, hostile names intact
    found = by_name(rows)
    readable = HOSTILE_NAMES + ["-leading-dash.txt", "inside.txt"]
    assert {name: found[name]["status"] for name in readable} == dict.fromkeys(readable, "ok")
    assert (found["pipe.pdf"]["error_code"], found["self.pdf"]["error_code"]) == ("unsupported", "unreadable")
    if can_drop_root_read_access():
        assert found["locked.pdf"]["error_code"] == "unreadable"
        assert "Permission denied" in found["locked.pdf"]["error"]
    documents = sorted(p.name for p in (out / "documents").iterdir())
    assert all(len(name) == len("0123456789abcdef.json") for name in documents)  # named by content, not input


def test_a_file_name_that_is_not_utf8_gets_its_row(tmp_path):
    # common in archives unpacked from Windows: the name reaches the cache and the writers as surrogate escapes
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(agreement_text(0), encoding="utf-8")
    latin1 = os.fsdecode(b"Zielvereinbarung Gie\xdfen.txt")
    (folder / latin1).write_text(agreement_text(1), encoding="utf-8")
    proc = run_cli([str(folder), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
    assert len(read_manifest(tmp_path / "out")) == 2


# --- faults -------------------------------------------------------------------------------------------

FAKE_TESSERACT = """#!/bin/sh
case "$1" in
  --version) echo "tesseract 5.3.0"; exit 0;;
  --list-langs) printf 'List of available languages in "/x/":\\ndeu\\neng\\nosd\\n'; exit 0;;
esac
{body}
"""

TESSERACT_FAULTS = {
    # fault: (body of the fake tesseract or None for none at all, error_code, words of the message)
    "crashes": ("kill -SEGV $$", "ocr_failed", "killed by SIGSEGV"),
    "hangs": ("exec sleep 60", "timeout", "--page-timeout"),
    "is missing": (None, "ocr_failed", "apt-get install tesseract-ocr"),
    "kills its worker": ("kill -KILL $PPID; sleep 5", "worker_died", "SIGKILL"),
}


@pytest.mark.parametrize("fault", list(TESSERACT_FAULTS))
def test_a_tesseract_fault_costs_the_scanned_documents_only(corpus, tmp_path, fault):
    body, code, words = TESSERACT_FAULTS[fault]
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("agreement.pdf", "scan-ccitt-g4.pdf", "scan-jbig2.pdf"):
        shutil.copy(corpus / name, inputs / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    if body is not None:
        fake = bin_dir / "tesseract"
        fake.write_text(FAKE_TESSERACT.format(body=body))
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    path = str(bin_dir) if body is None else f"{bin_dir}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path}
    started = time.monotonic()
    proc = run_cli([str(inputs), "--out", str(tmp_path / "out"), "--workers", "2", "--page-timeout", "2",
                    "--doc-timeout", "20"], env=env)
    assert time.monotonic() - started < 60
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    rows = by_name(read_manifest(tmp_path / "out"))
    assert sorted(rows) == ["agreement.pdf", "scan-ccitt-g4.pdf", "scan-jbig2.pdf"]
    for scan in (rows["scan-ccitt-g4.pdf"], rows["scan-jbig2.pdf"]):
        assert (scan["status"], scan["error_code"]) == ("failed", code)
        assert words in scan["error"]
    assert rows["agreement.pdf"]["status"] == "ok"  # a text layer needs no Tesseract


# --- a full disk ----------------------------------------------------------------------------------------


DISK_FULL_SCRIPT = """
set -u
mount -t tmpfs -o size=1m tmpfs "$OUT" || exit 90
"$PYTHON" -m extractor run "$IN1" --out "$OUT" --workers 1 --quiet || exit 91
cp -a "$OUT" "$SNAP/before"
free=$(df --output=avail -B1 "$OUT" | tail -1)
head -c $((free - 8192)) /dev/zero > "$OUT/filler" 2>/dev/null
"$PYTHON" -m extractor run "$IN2" --out "$OUT" --workers 1 --quiet 2> "$SNAP/stderr"
echo $? > "$SNAP/rc"
rm "$OUT/filler"
cp -a "$OUT" "$SNAP/after"
"""


def test_a_real_full_disk_ends_the_batch_with_a_message_and_keeps_the_previous_tables(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is needed for a private tmpfs")
    in1, in2, snap, out = (tmp_path / name for name in ("in1", "in2", "snap", "mnt"))
    for folder in (in1, in2, snap, out):
        folder.mkdir()
    for i in range(6):
        text = agreement_text(i)
        if i < 2:
            (in1 / f"agreement-{i}.txt").write_text(text, encoding="utf-8")
        (in2 / f"agreement-{i}.txt").write_text(text, encoding="utf-8")
    env = {**os.environ, "OUT": str(out), "IN1": str(in1), "IN2": str(in2), "SNAP": str(snap),
           "PYTHON": sys.executable}
    proc = subprocess.run(["unshare", "--mount", "--map-root-user", "sh", "-c", DISK_FULL_SCRIPT], env=env,
                          capture_output=True, text=True, timeout=120)
    if proc.returncode == 90 or "unshare failed" in proc.stderr or "Operation not permitted" in proc.stderr:
        pytest.skip(f"cannot mount a private tmpfs here: {proc.stderr.strip()[:200]}")
    assert proc.returncode == 0, proc.stderr
    stderr = (snap / "stderr").read_text()
    assert (snap / "rc").read_text().strip() == "1", stderr
    assert "No space left on device" in stderr and "--out" in stderr and "Traceback" not in stderr
    for name in TABLES:
        assert (snap / "after" / f"{name}.csv").read_bytes() == (snap / "before" / f"{name}.csv").read_bytes()
    assert [p.name for p in (snap / "after").rglob("*.tmp")] == []
