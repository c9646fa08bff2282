"""Regenerate the seeds' golden files: ``python tests/regenerate_golden.py``.

Review the diff (``git diff tests/golden``) before committing: a golden file records what a
person checked is right, never what the code happens to print.

``golden/VERSION.json`` holds the pipeline version the goldens were made with and a digest of
them. Output that changes needs a new version (``extractors.__version__``): a rerun into an
earlier output resumes only what the same version wrote. So the script refuses to write
changed goldens under the version that wrote the old ones, and a test fails when the goldens
and their version disagree.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.pipeline import process_page  # noqa: E402
from extractors.record import PIPELINE_VERSION, Article  # noqa: E402

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
        if name in ("published_at", "published_date") and value is not None:
            value = value.isoformat()
        elif name == "removed":
            value = [{"kind": r.kind, "text": r.text} for r in value]
        elif isinstance(value, tuple):
            value = list(value)
        out[name] = value
    return out


VERSION_FILE = GOLDEN / "VERSION.json"


def golden_text(path: Path) -> str:
    """A seed's golden file as written."""
    return json.dumps(golden_record(path), indent=2, ensure_ascii=False) + "\n"


def goldens_digest(texts: dict[str, str]) -> str:
    """One digest of the golden files' texts, by name."""
    blob = json.dumps(texts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def main() -> None:
    """Write one ``<seed>.json`` per seed, and the version and digest they were made with."""
    GOLDEN.mkdir(exist_ok=True)
    texts = {f"{path.stem}.json": golden_text(path) for path in sorted(SEEDS.glob("*.txt"))}
    digest = goldens_digest(texts)
    recorded = json.loads(VERSION_FILE.read_text()) if VERSION_FILE.exists() else {}
    if recorded.get("digest") != digest and recorded.get("pipeline_version") == PIPELINE_VERSION:
        raise SystemExit(
            f"the seeds' records changed under version {PIPELINE_VERSION}: bump "
            "extractors.__version__ first, so that no rerun mixes old rows with new ones"
        )
    for name, text in texts.items():
        (GOLDEN / name).write_text(text)
        print(f"wrote tests/golden/{name}")
    VERSION_FILE.write_text(
        json.dumps({"pipeline_version": PIPELINE_VERSION, "digest": digest}, indent=2) + "\n"
    )
    print("wrote tests/golden/VERSION.json")


if __name__ == "__main__":
    main()
