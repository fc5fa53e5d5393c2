"""Command line: argument parsing, progress and exit codes; nothing else."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from . import __version__
from .errors import ExtractorError, UsageError
from .options import Options


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Turn scanned Hessian AQB target agreements (Zielvereinbarungen) into tidy tables.",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser(
        "run",
        help="extract every agreement in files or folders into CSV/JSON tables",
        description="Extract every agreement in the given files or folders (recursed) into CSV/JSON tables "
        "in --out: manifest.csv, agreements.csv, measures.csv, sections.csv, amounts.csv, projects.csv, "
        "documents/<doc_id>.json and datapackage.json. OUT/corrections.csv, if you edit it, is applied on every run.",
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF, TIFF, PNG, JPEG or .txt files, or folders")
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created if missing)")
    run.add_argument("--workers", type=int, default=0,
                     help="worker processes, each running one document at a time (default: one per core)")
    run.add_argument("--lang", default="deu", help="Tesseract language(s) (default: deu)")
    run.add_argument("--dpi", type=int, default=300,
                     help="resolution for rendering image-only PDF pages (default: 300); a page that is one "
                          "scan stored at 200 dpi up to this is read as stored")
    run.add_argument("--page-timeout", type=float, default=120.0, metavar="SECONDS",
                     help="seconds of OCR per page (default: 120)")
    run.add_argument("--doc-timeout", type=float, default=900.0, metavar="SECONDS",
                     help="seconds for one document before it is stopped and recorded as failed (default: 900)")
    run.add_argument("--max-pixels", type=int, default=200_000_000, metavar="N",
                     help="largest page image, in pixels, that is rendered or decoded (default: 200000000)")
    run.add_argument("--max-memory-mb", type=int, default=2048, metavar="MB",
                     help="address-space cap per worker process, 0 for none (default: 2048)")
    run.add_argument("--force", action="store_true",
                     help="extract every document again instead of reusing the records cached in --out")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="run on a Dask cluster, e.g. tcp://10.0.0.5:8786 (needs: pip install 'extractor[dask]'; "
                     "inputs must be readable at the same path on every worker)")
    run.add_argument("--retries", type=int, default=1,
                     help="further tries for a document whose worker died (default: 1)")
    run.add_argument("--format", dest="formats", action="append", choices=("csv", "json", "parquet"),
                     help="also write the tables in this format, repeatable (CSV and the per-document JSON are "
                     "always written)")
    run.add_argument("--csv-dialect", choices=("standard", "excel-de"), default="standard",
                     help="standard: comma-separated UTF-8; excel-de: ';'-separated UTF-8 with BOM and decimal "
                     "commas, for German Excel (default: standard)")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.add_argument("-v", "--verbose", action="store_true", help="log each document")

    from .review import DESCRIPTION as REVIEW_HELP
    from .summarize import DESCRIPTION as SUMMARY_HELP

    review = sub.add_parser("review", help=REVIEW_HELP, description=REVIEW_HELP)
    review.add_argument("out", type=Path, metavar="OUT", help="an output folder of `extractor run`")
    review.add_argument("--source-root", type=Path, metavar="DIR",
                        help="folder the source files' paths are relative to (default: current folder, then OUT/..)")
    summarize = sub.add_parser("summarize", help=SUMMARY_HELP, description=SUMMARY_HELP)
    summarize.add_argument("out", type=Path, metavar="OUT", help="an output folder of `extractor run`")
    return parser


def options_from(args: argparse.Namespace) -> Options:
    return Options(lang=args.lang, dpi=args.dpi, workers=args.workers, page_timeout=args.page_timeout,
                   doc_timeout=args.doc_timeout, max_pixels=args.max_pixels, max_memory_mb=args.max_memory_mb,
                   force=args.force, quiet=args.quiet, scheduler=args.scheduler, retries=args.retries,
                   formats=tuple(dict.fromkeys(["csv", "json", *(args.formats or [])])),
                   csv_dialect=args.csv_dialect)


class VerboseProgress:
    """Wraps a progress display and also logs one line per finished document."""

    def __init__(self, inner):
        self.inner = inner

    def start(self, plan) -> None:
        self.inner.start(plan)

    def update(self, result, size_bytes: int) -> None:
        note = f" [{result.error_code}] {result.error}" if result.error_code else ""
        print(f"extractor: {result.status:13} {result.source_file}{note}", file=sys.stderr, flush=True)
        self.inner.update(result, size_bytes)

    def finish(self) -> None:
        self.inner.finish()


def cmd_run(args: argparse.Namespace) -> int:
    from .batch import run_batch
    from .progress import choose_progress

    options = options_from(args)
    progress = choose_progress(options.quiet)
    if args.verbose and not options.quiet:
        progress = VerboseProgress(progress)
    summary = run_batch(args.inputs, args.out, options, progress=progress)
    if not options.quiet:
        print(summary.line())
    from .corrections import read_report

    unapplied = read_report(args.out)
    if unapplied:
        print(f"extractor: {len(unapplied)} correction(s) in corrections.csv did not apply; "
              f"see {args.out / 'corrections_report.csv'}", file=sys.stderr)
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from .review import write_report

    _require_output(args.out)
    print(write_report(args.out, source_root=args.source_root))
    return 0


def cmd_summarize(args: argparse.Namespace) -> int:
    from .summarize import write_summary

    _require_output(args.out)
    paths = write_summary(args.out)
    print(paths["text"].read_text(encoding="utf-8") if "text" in paths else "", end="")
    for name, path in paths.items():
        if name != "text":
            print(f"{name}: {path}")
    return 0


def _require_output(out: Path) -> None:
    if not (out / "agreements.csv").is_file():
        raise UsageError(f"{out} holds no agreements.csv: give the --out folder of `extractor run`")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    level = logging.ERROR if getattr(args, "quiet", False) else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "run":
            return cmd_run(args)
        if args.command == "review":
            return cmd_review(args)
        if args.command == "summarize":
            return cmd_summarize(args)
    except UsageError as e:
        print(f"extractor: {e}", file=sys.stderr)
        return e.exit_code
    except ExtractorError as e:
        print(f"extractor: {e}", file=sys.stderr)
        return e.exit_code
    except OSError as e:  # the output folder cannot be written
        print(f"extractor: cannot write {e.filename or 'the output'}: {e.strerror or e}; check --out", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("extractor: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
