"""How the review threshold trades flagged agreements against wrong values left unflagged.

For each candidate confidence threshold it prints how many agreements would be flagged and how
many unflagged agreements still hold a wrong value, on generated sets with truth. Use it on
development seeds only; confirm the chosen threshold on a fresh seed with scripts/evaluate.py.

    python scripts/calibrate_review.py DIR/truth OUT [DIR2/truth OUT2 ...]
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import evaluate  # noqa: E402  (the scoring of scripts/evaluate.py, reused)

THRESHOLDS = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


def documents(truth: Path, out: Path) -> list[dict]:
    """Per agreement: wrong or not, its structural review reasons and its lowest confidence."""
    ev = evaluate
    truths, _ = ev.load_truth(truth)
    report = ev.evaluate(truths, ev.load_output(out))
    rows = []
    for doc in report["per_document"]:
        if not doc["has_agreement_row"]:
            continue
        record = json.loads((out / "documents" / f"{doc['doc_id']}.json").read_text("utf-8"))["agreement"]
        confs = list(record.get("field_confidence", {}).values()) + [m["confidence"] for m in record["measures"]]
        structural = [r for r in record.get("review_reasons", []) if not r.startswith("low_confidence")]
        rows.append({"file": doc["source_file"], "wrong": ev._has_errors(doc), "structural": structural,
                     "min_conf": min(confs) if confs else 1.0})
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs", nargs="+", type=Path, help="TRUTH OUT [TRUTH OUT ...]")
    args = parser.parse_args(argv)
    if len(args.pairs) % 2:
        parser.error("give TRUTH OUT pairs")
    rows = []
    for truth, out in zip(args.pairs[::2], args.pairs[1::2]):
        rows += documents(truth, out)
    wrong = sum(r["wrong"] for r in rows)
    print(f"{len(rows)} agreements, {wrong} with any wrong value; "
          f"{sum(bool(r['structural']) for r in rows)} flagged by self-checks alone")
    print(f"{'threshold':>10}{'flagged':>9}{'share %':>9}{'unflagged wrong':>17}")
    for t in THRESHOLDS:
        flagged = [r for r in rows if r["structural"] or r["min_conf"] < t]
        missed = [r for r in rows if r["wrong"] and r not in flagged]
        print(f"{t:>10.2f}{len(flagged):>9}{100 * len(flagged) / max(len(rows), 1):>9.1f}{len(missed):>17}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
