"""The `run` subcommand: flags, exit codes, what is printed where."""
from __future__ import annotations

import pytest
from archive_helpers import make_archive
from test_batch import manifest

from extractor.cli import build_parser, main, options_from


def run(capsys, *args):
    code = main(["run", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_run_prints_one_summary_line_and_log_lines_when_not_a_terminal(tmp_path, capsys):
    make_archive(tmp_path / "in", n=3, duplicates=1)
    code, out, err = run(capsys, tmp_path / "in", tmp_path / "missing.pdf", "--out", tmp_path / "out", "--workers", 2)
    assert code == 0
    assert out.splitlines() == [
        "5 files: 3 ok, 0 partial, 1 failed, 1 duplicate, 0 not_agreement; 3 pages (0 OCR), 0 cached, in "
        + out.split(" in ")[-1].strip()]
    assert err.splitlines()[0] == "extractor: 5 files: 3 to extract (0 cached, 1 duplicates, 1 unreadable or missing)"
    assert err.splitlines()[-1].startswith("extractor: 3/3 documents, 3 pages, ")
    assert "\r" not in err
    assert len(manifest(tmp_path / "out")) == 5


def test_a_rerun_reports_cached_documents_and_force_extracts_again(tmp_path, capsys):
    make_archive(tmp_path / "in", n=2, duplicates=0)
    assert run(capsys, tmp_path / "in", "--out", tmp_path / "out")[0] == 0
    code, out, _ = run(capsys, tmp_path / "in", "--out", tmp_path / "out")
    assert code == 0 and "2 ok" in out and "2 cached" in out
    code, out, _ = run(capsys, tmp_path / "in", "--out", tmp_path / "out", "--force")
    assert code == 0 and "0 cached" in out


def test_quiet_prints_nothing(tmp_path, capsys):
    make_archive(tmp_path / "in", n=2, duplicates=1)
    assert run(capsys, tmp_path / "in", "--out", tmp_path / "out", "--quiet") == (0, "", "")


def test_verbose_logs_each_document_and_missing_paths_are_warned_about(tmp_path, capsys, caplog):
    make_archive(tmp_path / "in", n=2, duplicates=0)
    code, _, err = run(capsys, tmp_path / "in", tmp_path / "gone.txt", "--out", tmp_path / "out", "-v")
    assert code == 0
    lines = err.splitlines()
    assert sum(line.startswith("extractor: ok ") for line in lines) == 2
    assert any(r.levelname == "WARNING" and "gone.txt: no such file" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("flags", [
    ["--workers", "-1"], ["--doc-timeout", "0"], ["--page-timeout", "-5"], ["--max-pixels", "0"],
    ["--max-memory-mb", "-1"], ["--retries", "-1"], ["--dpi", "20"], ["--workers", "many"], ["--no-such-flag"],
])
def test_bad_flags_are_usage_errors(tmp_path, capsys, flags):
    make_archive(tmp_path / "in", n=1, duplicates=0)
    code, out, err = run(capsys, tmp_path / "in", "--out", tmp_path / "out", *flags)
    assert code == 2 and out == "" and err
    assert not (tmp_path / "out").exists()


def test_missing_out_is_a_usage_error(tmp_path, capsys):
    assert run(capsys, tmp_path)[0] == 2


def test_an_out_that_cannot_be_a_folder_is_an_error_before_any_work(tmp_path, capsys):
    make_archive(tmp_path / "in", n=1, duplicates=0)
    (tmp_path / "taken").write_text("a file, not a folder")
    code, out, err = run(capsys, tmp_path / "in", "--out", tmp_path / "taken" / "out")
    assert code == 1 and out == ""
    assert "cannot write" in err and "--out" in err


def test_flags_reach_the_options(tmp_path):
    args = build_parser().parse_args([
        "run", "x", "--out", str(tmp_path), "--workers", "3", "--page-timeout", "30", "--doc-timeout", "600",
        "--max-pixels", "1000000", "--max-memory-mb", "700", "--force", "--quiet", "--retries", "0",
        "--scheduler", "tcp://127.0.0.1:8786", "--dpi", "200", "--lang", "deu+eng"])
    options = options_from(args)
    assert (options.workers, options.page_timeout, options.doc_timeout, options.max_pixels, options.max_memory_mb,
            options.force, options.quiet, options.retries, options.scheduler, options.dpi, options.lang) == (
        3, 30.0, 600.0, 1_000_000, 700, True, True, 0, "tcp://127.0.0.1:8786", 200, "deu+eng")
