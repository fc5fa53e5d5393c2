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
        "in --out: manifest.csv, agreements.csv, measures.csv, sections.csv, amounts.csv, documents/<doc_id>.json.",
    )
    run.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF, TIFF, PNG, JPEG or .txt files, or folders")
    run.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder (created if missing)")
    run.add_argument("--workers", type=int, default=0, help="worker processes (default: one per core)")
    run.add_argument("--lang", default="deu", help="Tesseract language(s) (default: deu)")
    run.add_argument("--dpi", type=int, default=300, help="resolution for rendering image-only PDF pages (default: 300)")
    run.add_argument("--page-timeout", type=float, default=120.0, help="seconds of OCR per page (default: 120)")
    run.add_argument("--quiet", action="store_true", help="print nothing but errors")
    run.add_argument("-v", "--verbose", action="store_true", help="log each document")
    return parser


def options_from(args: argparse.Namespace) -> Options:
    return Options(lang=args.lang, dpi=args.dpi, workers=args.workers, page_timeout=args.page_timeout,
                   quiet=args.quiet)


def cmd_run(args: argparse.Namespace) -> int:
    from .batch import run_batch

    options = options_from(args)

    def report(result) -> None:
        if args.verbose and not args.quiet:
            note = f" [{result.error_code}] {result.error}" if result.error_code else ""
            print(f"{result.status:13} {result.source_file}{note}", file=sys.stderr)

    summary = run_batch(args.inputs, args.out, options, on_result=report)
    if not args.quiet:
        print(summary.line())
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.command == "run":
            return cmd_run(args)
    except UsageError as e:
        print(f"extractor: {e}", file=sys.stderr)
        return e.exit_code
    except ExtractorError as e:
        print(f"extractor: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
