"""Regenerate the seeds' golden files: ``python tests/regenerate_golden.py``.

Review the diff (``git diff tests/golden``) before committing: a golden file records what a
person checked is right, never what the code happens to print.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.pipeline import process_page  # noqa: E402
from extractors.record import Article  # noqa: E402

SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"
# Fields that change from run to run, left out of the golden files.
VOLATILE = {"processed_at", "pipeline_version"}


def golden_record(path: Path) -> dict[str, Any]:
    """What the pipeline makes of one seed, as JSON-ready values."""
    record = process_page(path.read_bytes(), f"seeds/{path.name}", input_format="text")
    if not isinstance(record, Article):
        raise SystemExit(f"{path.name} was rejected: {record.reason} ({record.detail})")
    out: dict[str, Any] = {}
    for name in record.__slots__:  # type: ignore[attr-defined]
        if name in VOLATILE:
            continue
        value = getattr(record, name)
        if name == "published_at" and value is not None:
            value = value.isoformat()
        elif name == "removed":
            value = [{"kind": r.kind, "text": r.text} for r in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


def main() -> None:
    """Write one ``<seed>.json`` per seed."""
    GOLDEN.mkdir(exist_ok=True)
    for path in sorted(SEEDS.glob("*.txt")):
        target = GOLDEN / f"{path.stem}.json"
        target.write_text(json.dumps(golden_record(path), indent=2, ensure_ascii=False) + "\n")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
