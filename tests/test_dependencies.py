"""Every run-time dependency is one the job imports: a package nothing imports is an extra."""

from __future__ import annotations

import ast
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Declared for what another dependency needs but does not declare, or to pin it.
# s3fs is the filesystem fsspec loads for s3:// URLs.
NOT_IMPORTED_BY_DESIGN = {"lxml_html_clean", "fastapi", "s3fs"}


def _imported_top_levels() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("extractors/**/*.py"), *ROOT.glob("flows/**/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
    return names


def test_every_runtime_dependency_is_imported() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = {re.split(r"[<>=!~\[ ;]", d, maxsplit=1)[0] for d in project["dependencies"]}
    by_module = packages_distributions()
    imported = {
        dist.lower().replace("-", "_")
        for module in _imported_top_levels()
        for dist in by_module.get(module, [])
    }
    unused = {
        d
        for d in declared
        if d.lower().replace("-", "_") not in imported and d not in NOT_IMPORTED_BY_DESIGN
    }
    assert not unused, f"declared at run time but never imported: {sorted(unused)}"
