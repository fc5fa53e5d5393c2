"""The batch runner: one manifest row per input, duplicates, the cache, worker deaths and timeouts.

Inputs are .txt agreements (tests/archive_helpers.py), so no test needs OCR.  The serial executor
runs in this process; the process-pool tests use the fault-injection variables of
extractor.executors to make a worker die or hang on one file.
"""
from __future__ import annotations

import dataclasses
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from archive_helpers import agreement_text, make_archive

from extractor import cache as cache_mod
from extractor import executors
from extractor.batch import discover, run_batch
from extractor.cache import ResultCache, result_from_dict
from extractor.executors import ProcessExecutor, SerialExecutor, Task
from extractor.options import Options
from extractor.pipeline import extract_document
from extractor.progress import BarProgress, LogProgress, choose_progress
from extractor.records import Agreement, Amount, DocumentResult, Measure, PageInfo, Section, Signature, as_plain
from extractor.batch import NoProgress, Plan

TABLES = ("manifest", "agreements", "measures", "sections", "amounts")


class SpyExecutor(SerialExecutor):
    """The serial executor, remembering which documents it was asked to extract."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def run(self, tasks, options):
        self.seen += [Path(t.path).name for t in tasks]
        yield from super().run(tasks, options)


def tables(out: Path, drop_seconds: bool = False) -> dict[str, str]:
    """The CSV tables of an output folder as text; optionally without the manifest's timing column."""
    found = {name: (out / f"{name}.csv").read_text(encoding="utf-8") for name in TABLES}
    if drop_seconds:
        rows = [line.split(",") for line in found["manifest"].splitlines()]
        col = rows[0].index("seconds")
        found["manifest"] = "\n".join(",".join(r[:col] + r[col + 1:]) for r in rows)
    return found


def manifest(out: Path) -> dict[str, dict]:
    import csv

    with open(out / "manifest.csv", encoding="utf-8", newline="") as fh:
        return {Path(row["source_file"]).name: row for row in csv.DictReader(fh)}


# --- the cache's JSON loader ----------------------------------------------------------------------


def full_result() -> DocumentResult:
    """A record with every nested type filled in, bboxes and floats included."""
    bbox = (10.5, 20.0, 300.25, 40.125)
    agreement = Agreement(
        year=2024, year_raw="2024", region="Wetteraukreis", region_raw="Wetteraukreis", region_ags="06440",
        region_type="Landkreis", ministry="HMSI", ministry_raw="HMSI", budget_total_eur=1140300.0,
        sections=(Section(1, "Budget", "Budqet", 1, "Text", bbox),),
        measures=(Measure(1, "AV", "Vorbereitung", "Vorbereitung", "Projekt", "Proiekt", 1234.5, 2, bbox),
                  Measure(2, "QP", "Quali", "Quali", "P2", "P2", None, 2, None)),
        amounts=(Amount(4, "total", 1140300.0, "1.140.300 Euro", 1, bbox),),
        signatures=(Signature("state", "Wiesbaden", "Wiesbaden", "2024-01-31", "31.01.2024", 3),),
        warnings=("budget differs from the sum of measures",),
    )
    return DocumentResult(
        source_file="a/b.pdf", doc_id="0" * 16, sha256="0" * 64, status="partial", n_pages=3, n_ocr_pages=2,
        seconds=12.345, pages=(PageInfo(1, "ocr", "no_text_layer", 40, 595.3, 841.9, 90, 300, 0.8731),
                               PageInfo(2, "text_layer", "", 30, 595.3, 841.9)),
        agreement=agreement, pipeline_version="x", extra={"note": [1, 2]},
    )


def test_cache_json_rebuilds_every_nested_record_exactly():
    result = full_result()
    assert result_from_dict(json.loads(json.dumps(dataclasses.asdict(result)))) == result


def test_cache_json_rebuilds_a_real_extraction(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(agreement_text(1), encoding="utf-8")
    result = extract_document(path, Options())
    assert result.agreement is not None and result.agreement.measures
    assert result_from_dict(json.loads(json.dumps(dataclasses.asdict(result)))) == result


def test_as_plain_gives_what_asdict_gives(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(agreement_text(2), encoding="utf-8")
    for result in (full_result(), extract_document(path, Options())):
        plain = as_plain(result)
        assert plain == dataclasses.asdict(result)
        assert json.dumps(plain) == json.dumps(dataclasses.asdict(result))  # tuples stay tuples, order kept
        assert result_from_dict(json.loads(json.dumps(plain))) == result


def test_as_plain_copies_mutable_values():
    result = full_result()
    plain = as_plain(result)
    plain["agreement"]["field_confidence"]["year"] = -1.0
    assert result.agreement.field_confidence.get("year") != -1.0


def test_cache_rejects_records_that_do_not_fit():
    data = dataclasses.asdict(full_result())
    data["surprise"] = 1
    with pytest.raises(ValueError):
        result_from_dict(data)


# --- one row per input, duplicates ----------------------------------------------------------------


def test_every_input_gets_one_manifest_row_and_duplicates_point_to_the_original(tmp_path):
    make_archive(tmp_path / "in", n=3, duplicates=2)
    (tmp_path / "in" / "notes.docx").write_bytes(b"PK\x03\x04")  # unsupported suffix in a folder: not an input
    summary = run_batch([tmp_path / "in", tmp_path / "missing.pdf"], tmp_path / "out", Options(),
                        executor=SerialExecutor())
    rows = manifest(tmp_path / "out")
    assert sorted(rows) == ["agreement-00.txt", "agreement-01.txt", "agreement-02.txt", "missing.pdf",
                            "same-as-00.txt", "same-as-01.txt"]
    assert summary.counts == {"ok": 3, "duplicate": 2, "failed": 1}
    for i in (0, 1):
        dup, original = rows[f"same-as-{i:02d}.txt"], rows[f"agreement-{i:02d}.txt"]
        assert dup["status"] == "duplicate"
        assert dup["doc_id"] == original["doc_id"] and dup["sha256"] == original["sha256"]
        assert dup["duplicate_of"] == original["source_file"]
    assert rows["missing.pdf"]["error_code"] == "not_found"
    assert len((tmp_path / "out" / "agreements.csv").read_text().splitlines()) == 1 + 3
    assert sorted(p.name for p in (tmp_path / "out" / "documents").iterdir()) == sorted(
        rows[f"agreement-{i:02d}.txt"]["doc_id"] + ".json" for i in range(3))


def test_duplicates_are_extracted_once(tmp_path):
    make_archive(tmp_path / "in", n=2, duplicates=2)
    spy = SpyExecutor()
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=spy)
    assert sorted(spy.seen) == ["agreement-00.txt", "agreement-01.txt"]


def test_the_original_of_a_duplicate_does_not_depend_on_the_order_of_the_inputs(tmp_path):
    make_archive(tmp_path / "in", n=2, duplicates=1)
    a, b = tmp_path / "in" / "agreement-00.txt", tmp_path / "in" / "copies" / "same-as-00.txt"
    run_batch([b, a], tmp_path / "out1", Options(), executor=SerialExecutor())
    run_batch([a, b], tmp_path / "out2", Options(), executor=SerialExecutor())
    assert tables(tmp_path / "out1", drop_seconds=True) == tables(tmp_path / "out2", drop_seconds=True)
    assert manifest(tmp_path / "out1")["same-as-00.txt"]["duplicate_of"] == str(a)


# --- the cache ------------------------------------------------------------------------------------


def test_a_rerun_extracts_nothing_and_writes_byte_identical_tables(tmp_path):
    make_archive(tmp_path / "in", n=4, duplicates=1)
    first = run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=SerialExecutor())
    before = tables(tmp_path / "out")
    docs_before = {p.name: p.read_bytes() for p in (tmp_path / "out" / "documents").iterdir()}
    spy = SpyExecutor()
    second = run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=spy)
    assert spy.seen == []
    assert second.n_cached == 4 and first.n_cached == 0
    assert tables(tmp_path / "out") == before  # `seconds` included: the stored values are reused
    assert {p.name: p.read_bytes() for p in (tmp_path / "out" / "documents").iterdir()} == docs_before
    assert "4 cached" in second.line()


def test_force_extracts_everything_again(tmp_path):
    make_archive(tmp_path / "in", n=3, duplicates=1)
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=SerialExecutor())
    spy = SpyExecutor()
    summary = run_batch([tmp_path / "in"], tmp_path / "out", Options(force=True), executor=spy)
    assert sorted(spy.seen) == ["agreement-00.txt", "agreement-01.txt", "agreement-02.txt"]
    assert summary.n_cached == 0


def test_only_changed_or_new_files_are_extracted_again(tmp_path):
    paths = make_archive(tmp_path / "in", n=3, duplicates=0)
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=SerialExecutor())
    paths[1].write_text(agreement_text(5), encoding="utf-8")
    (tmp_path / "in" / "new.txt").write_text(agreement_text(6), encoding="utf-8")
    spy = SpyExecutor()
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=spy)
    assert sorted(spy.seen) == ["agreement-01.txt", "new.txt"]
    assert manifest(tmp_path / "out")["agreement-01.txt"]["sha256"] != ""


def test_a_renamed_file_is_taken_from_the_cache_under_its_new_name(tmp_path):
    paths = make_archive(tmp_path / "in", n=2, duplicates=0)
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=SerialExecutor())
    paths[0].rename(tmp_path / "in" / "renamed.txt")
    spy = SpyExecutor()
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=spy)
    assert spy.seen == []
    rows = manifest(tmp_path / "out")
    assert sorted(rows) == ["agreement-01.txt", "renamed.txt"]
    assert rows["renamed.txt"]["source_file"] == str(tmp_path / "in" / "renamed.txt")
    assert str(tmp_path / "in" / "renamed.txt") in (tmp_path / "out" / "agreements.csv").read_text()


@pytest.mark.parametrize("spoil", ["version", "settings", "word_list", "tesseract", "garbage", "fields"])
def test_stale_or_damaged_cache_entries_are_extracted_again(tmp_path, spoil):
    make_archive(tmp_path / "in", n=1, duplicates=0)
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=SerialExecutor())
    (entry,) = (tmp_path / "out" / ".cache").iterdir()
    data = json.loads(entry.read_bytes())
    if spoil == "version":
        data["pipeline_version"] = "0.0.0-old"
    elif spoil == "settings":
        data["settings"]["dpi"] = 150
    elif spoil in ("word_list", "tesseract"):  # made with another word list or Tesseract than installed now
        data["settings"][spoil] = "an-older-one"
    elif spoil == "fields":
        data["result"]["agreement"]["no_such_field"] = 1
    entry.write_text("{not json" if spoil == "garbage" else json.dumps(data))
    spy = SpyExecutor()
    summary = run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=spy)
    assert spy.seen == ["agreement-00.txt"] and summary.counts == {"ok": 1}


def test_other_settings_make_the_cache_stale(tmp_path):
    make_archive(tmp_path / "in", n=1, duplicates=0)
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=SerialExecutor())
    spy = SpyExecutor()
    run_batch([tmp_path / "in"], tmp_path / "out", Options(dpi=200), executor=spy)
    assert spy.seen == ["agreement-00.txt"]


def test_failures_of_the_run_are_not_cached_but_failures_of_the_file_are(tmp_path):
    cache = ResultCache(tmp_path, Options())
    base = DocumentResult("x.pdf", "a" * 16, "a" * 64, "failed", pipeline_version="v")
    for code in ("worker_died", "timeout", "out_of_memory", "ocr_failed"):
        assert not cache.put(dataclasses.replace(base, error_code=code))
    assert cache.put(dataclasses.replace(base, error_code="corrupt"))
    assert cache_mod.is_cacheable(dataclasses.replace(base, status="ok"))


def test_out_of_memory_in_the_pipeline_is_reported_as_such(tmp_path, monkeypatch):
    def no_memory(path, options):
        raise MemoryError

    monkeypatch.setattr("extractor.pipeline.read_pages", no_memory)
    make_archive(tmp_path / "in", n=1, duplicates=0)
    run_batch([tmp_path / "in"], tmp_path / "out", Options(max_memory_mb=512), executor=SerialExecutor())
    row = manifest(tmp_path / "out")["agreement-00.txt"]
    assert (row["status"], row["error_code"]) == ("failed", "out_of_memory")
    assert "--max-memory-mb" in row["error"]


# --- discovery and the output folder ---------------------------------------------------------------


def test_symlink_loops_broken_links_and_pipes_are_reported_not_followed(tmp_path):
    folder = tmp_path / "in"
    make_archive(folder, n=1, duplicates=0)
    (folder / "loop.pdf").symlink_to(folder / "loop.pdf")
    (folder / "broken.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)  # a folder loop
    os.mkfifo(folder / "pipe.txt")
    summary = run_batch([folder, folder / "loop.pdf"], tmp_path / "out", Options(), executor=SerialExecutor())
    rows = manifest(tmp_path / "out")
    assert sorted(rows) == ["agreement-00.txt", "broken.pdf", "loop.pdf", "pipe.txt"]
    assert "loop" in rows["loop.pdf"]["error"] and rows["loop.pdf"]["error_code"] == "unreadable"
    assert "broken symbolic link" in rows["broken.pdf"]["error"]
    assert rows["pipe.txt"]["error_code"] == "unsupported"
    assert summary.counts == {"ok": 1, "failed": 3}


def test_output_stays_inside_out_whatever_the_input_names(tmp_path):
    folder = tmp_path / "archive" / "in"
    folder.mkdir(parents=True)
    names = ["a\\..\\..\\evil.txt", "-rf.txt", "a\nb.txt", "Zielvereinbarung Gießen – 2024 (final).txt", " .txt",
             "x;rm -rf ~.txt"]
    for i, name in enumerate(names):
        (folder / name).write_text(agreement_text(i), encoding="utf-8")
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    out = tmp_path / "archive" / "out"
    summary = run_batch([folder], out, Options(), executor=SerialExecutor())
    assert summary.counts == {"ok": len(names)}
    created = sorted(set(str(p) for p in tmp_path.rglob("*")) - set(before))
    assert created and all(Path(p).resolve().is_relative_to(out.resolve()) for p in created)
    assert set(manifest(out)) == set(names)


def test_the_output_folder_inside_the_archive_is_not_read_as_input(tmp_path):
    make_archive(tmp_path / "in", n=2, duplicates=0)
    out = tmp_path / "in" / "results"
    run_batch([tmp_path / "in"], out, Options(), executor=SerialExecutor())
    (out / "stray.txt").write_text(agreement_text(3), encoding="utf-8")
    run_batch([tmp_path / "in"], out, Options(), executor=SerialExecutor())
    assert sorted(manifest(out)) == ["agreement-00.txt", "agreement-01.txt"]


def test_a_symlinked_alias_is_an_input_of_its_own_marked_duplicate(tmp_path):
    make_archive(tmp_path / "in", n=2, duplicates=0)
    (tmp_path / "in" / "latest.txt").symlink_to(tmp_path / "in" / "agreement-01.txt")
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=SerialExecutor())
    rows = manifest(tmp_path / "out")
    assert rows["latest.txt"]["status"] == "duplicate"
    assert rows["latest.txt"]["duplicate_of"] == str(tmp_path / "in" / "agreement-01.txt")


def test_discover_sorts_and_does_not_list_a_file_twice(tmp_path):
    make_archive(tmp_path / "in", n=3, duplicates=0)
    files, failed = discover([tmp_path / "in", tmp_path / "in" / "agreement-01.txt"])
    assert [f.path.name for f in files] == ["agreement-00.txt", "agreement-01.txt", "agreement-02.txt"]
    assert failed == []


# --- the process pool -------------------------------------------------------------------------------


def test_the_process_pool_gives_the_same_tables_as_the_serial_executor(tmp_path):
    make_archive(tmp_path / "in", n=5, duplicates=1)
    run_batch([tmp_path / "in"], tmp_path / "serial", Options(), executor=SerialExecutor())
    pool = ProcessExecutor(2)
    run_batch([tmp_path / "in"], tmp_path / "pool", Options(), executor=pool)
    assert tables(tmp_path / "pool", drop_seconds=True) == tables(tmp_path / "serial", drop_seconds=True)
    assert pool.stats.restarts == 0 and sum(pool.stats.peak_rss_kb.values()) > 0


def test_a_worker_that_dies_costs_its_document_only(tmp_path, monkeypatch):
    make_archive(tmp_path / "in", n=5, duplicates=1)
    monkeypatch.setenv(executors.KILL_ON_ENV, "agreement-02.txt")
    pool = ProcessExecutor(2)
    summary = run_batch([tmp_path / "in"], tmp_path / "out", Options(retries=1), executor=pool)
    rows = manifest(tmp_path / "out")
    assert len(rows) == 6 and summary.counts == {"ok": 4, "failed": 1, "duplicate": 1}
    died = rows["agreement-02.txt"]
    assert (died["status"], died["error_code"]) == ("failed", "worker_died")
    assert "SIGKILL" in died["error"] and "--workers" in died["error"]
    assert pool.stats.restarts == 2  # the first try and the retry
    assert not (tmp_path / "out" / ".cache" / f"{died['sha256']}.json").exists()
    # the next run tries it again, and only it
    monkeypatch.delenv(executors.KILL_ON_ENV)
    spy = SpyExecutor()
    run_batch([tmp_path / "in"], tmp_path / "out", Options(), executor=spy)
    assert spy.seen == ["agreement-02.txt"] and manifest(tmp_path / "out")["agreement-02.txt"]["status"] == "ok"


def test_a_document_is_tried_again_on_a_fresh_worker(tmp_path, monkeypatch):
    make_archive(tmp_path / "in", n=3, duplicates=0)
    markers = tmp_path / "markers"
    markers.mkdir()
    monkeypatch.setenv(executors.KILL_ON_ENV, "agreement-01.txt")
    monkeypatch.setenv(executors.KILL_ONCE_DIR_ENV, str(markers))
    pool = ProcessExecutor(2)
    summary = run_batch([tmp_path / "in"], tmp_path / "out", Options(retries=1), executor=pool)
    assert summary.counts == {"ok": 3} and pool.stats.restarts == 1


def test_a_document_over_the_time_limit_is_stopped_and_the_batch_goes_on(tmp_path, monkeypatch):
    make_archive(tmp_path / "in", n=3, duplicates=0)
    monkeypatch.setenv(executors.HANG_ON_ENV, "agreement-00.txt")
    monkeypatch.setattr(executors, "TIMEOUT_GRACE", 0.0)
    pool = ProcessExecutor(2)
    summary = run_batch([tmp_path / "in"], tmp_path / "out", Options(doc_timeout=4.0), executor=pool)
    row = manifest(tmp_path / "out")["agreement-00.txt"]
    assert (row["status"], row["error_code"]) == ("failed", "timeout")
    assert "--doc-timeout" in row["error"]
    assert summary.counts == {"ok": 2, "failed": 1}


def test_workers_run_longest_documents_first(tmp_path):
    tasks = [Task("a", "a", "a" * 64, 10), Task("b", "b", "b" * 64, 300), Task("c", "c", "c" * 64, 20)]
    assert [t.path for t in executors.longest_first(tasks)] == ["b", "c", "a"]


def processes_with_env(token: str) -> list[int]:
    """Pids of live processes started with ``token`` in their environment (Linux /proc)."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and token.encode() in (entry / "environ").read_bytes():
                if "Z" not in (entry / "stat").read_text().split(")")[-1].split()[0]:
                    pids.append(int(entry.name))
        except OSError:
            continue
    return pids


def test_a_batch_killed_mid_run_resumes_to_the_same_tables(tmp_path):
    paths = make_archive(tmp_path / "in", n=6, duplicates=1)
    cli = [sys.executable, "-m", "extractor", "run", str(tmp_path / "in"), "--workers", "1", "--quiet"]
    subprocess.run(cli + ["--out", str(tmp_path / "reference")], check=True, timeout=60)
    # the one worker hangs on the document it gets last, then the whole batch is killed hard
    tasks = [Task(str(p), str(p), f"{i:064d}", p.stat().st_size) for i, p in enumerate(paths[:6])]
    last = Path(executors.longest_first(tasks)[-1].path).name
    token = f"EXTRACTOR_TEST_TOKEN={tmp_path}"
    env = {**os.environ, executors.HANG_ON_ENV: last, "EXTRACTOR_TEST_TOKEN": str(tmp_path)}
    proc = subprocess.Popen(cli + ["--out", str(tmp_path / "out")], env=env)
    cache = tmp_path / "out" / ".cache"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and len(list(cache.glob("*.json")) if cache.exists() else []) < 5:
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert len(list(cache.glob("*.json"))) == 5
    assert not (tmp_path / "out" / "manifest.csv").exists()
    deadline = time.monotonic() + 10  # the workers do not outlive the batch
    while processes_with_env(token) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with_env(token) == []
    subprocess.run(cli + ["--out", str(tmp_path / "out")], check=True, timeout=60)
    assert tables(tmp_path / "out", drop_seconds=True) == tables(tmp_path / "reference", drop_seconds=True)
    assert "6 ok" in subprocess.run(cli[:-1] + ["--out", str(tmp_path / "out")], capture_output=True, text=True,
                                    timeout=60).stdout


# --- progress -------------------------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def plan(n: int) -> Plan:
    tasks = tuple(Task(f"{i}.pdf", f"{i}.pdf", f"{i:064d}", 1000) for i in range(n))
    return Plan(n_files=n + 2, n_cached=1, n_duplicates=1, n_failed_early=0, tasks=tasks)


def test_log_progress_prints_plain_lines_with_rate_and_time_left(capsys):
    import io

    clock, stream = FakeClock(), io.StringIO()
    progress = LogProgress(stream, clock=clock, every=10)
    progress.start(plan(4))
    for i in range(2):
        clock.now += 10
        progress.update(DocumentResult(f"{i}.pdf", "", "", "ok", n_pages=5), 1000)
    progress.finish()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "extractor: 6 files: 4 to extract (1 cached, 1 duplicates)"
    assert lines[1] == "extractor: 1/4 documents, 5 pages, 0.5 pages/s, about 30s left"
    assert lines[-1] == "extractor: 2/4 documents, 10 pages, 0.5 pages/s, about 20s left"
    assert "\r" not in stream.getvalue()


def test_bar_progress_redraws_one_line():
    import io

    clock, stream = FakeClock(), io.StringIO()
    progress = BarProgress(stream, clock=clock)
    progress.start(plan(2))
    clock.now += 4
    progress.update(DocumentResult("0.pdf", "", "", "failed", n_pages=2), 1000)
    clock.now += 4
    progress.update(DocumentResult("1.pdf", "", "", "ok", n_pages=2), 1000)
    progress.finish()
    text = stream.getvalue()
    assert text.count("\n") == 2  # the plan line, and the end of the bar
    last = text.split("\r")[-1].strip()
    assert last.startswith("[########################] 2/2 documents, 4 pages, 0.5 pages/s, 1 failed")


def test_quiet_means_no_progress_and_a_pipe_means_log_lines():
    import io

    assert isinstance(choose_progress(True), NoProgress)
    assert isinstance(choose_progress(False, io.StringIO()), LogProgress)
