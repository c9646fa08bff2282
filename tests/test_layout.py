"""The code's layout as the README maps it: every module listed, each opening with its concern,
none too long to read, and every option of a run written once."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

import pytest

from flows.clean import clean
from flows.cli import build_parser
from flows.config import OPTIONS, flow_signature, parameters_from

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in [*ROOT.glob("extractors/**/*.py"), *ROOT.glob("flows/**/*.py")]
    if p.name != "__init__.py"
)
# A module longer than this holds more than one concern (or needs one more look).
MAX_MODULE_LINES = 600


def test_the_readme_maps_every_module() -> None:
    readme = (ROOT / "README.md").read_text()
    mapped = set(re.findall(r"^\| `((?:extractors|flows)/[\w/]+\.py)` \|", readme, re.M))
    assert mapped == set(MODULES)


@pytest.mark.parametrize("module", MODULES)
def test_each_module_opens_with_its_concern_and_stays_short(module: str) -> None:
    text = (ROOT / module).read_text()
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring, f"{module} has no docstring saying its concern"
    assert len(text.splitlines()) <= MAX_MODULE_LINES


def test_the_flow_s_parameters_are_the_options() -> None:
    assert inspect.signature(clean.fn) == flow_signature()
    schema = clean.parameters.model_dump()["properties"]
    assert list(schema) == [o.name for o in OPTIONS]
    for option in OPTIONS:
        assert schema[option.name].get("default") == option.default, option.name
        assert schema[option.name]["description"] == option.help.replace("\n", " ")


def test_the_command_line_s_defaults_are_the_options() -> None:
    args = build_parser().parse_args([])
    for option in OPTIONS:
        given = getattr(args, option.name)
        assert given == (option.default if option.name != "inputs" else []), option.name


def test_the_command_line_reads_every_option_as_its_type() -> None:
    argv = ["pages/", "--templates", "old/templates", "--workers", "3", "--page-timeout", "2.5"]
    argv += ["--no-learn-templates", "--redo", "--jsonl-fetched-at-field", "crawl_time", "-o", "x"]
    parameters = parameters_from(build_parser().parse_args(argv))
    assert parameters["inputs"] == ["pages/"] and parameters["output"] == "x"
    assert parameters["templates"] == "old/templates" and parameters["workers"] == 3
    assert (
        parameters["page_timeout_s"] == 2.5 and parameters["jsonl_fetched_at_field"] == "crawl_time"
    )
    assert parameters["learn_templates"] is False and parameters["redo"] is True
