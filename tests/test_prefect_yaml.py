"""prefect.yaml parses, its entrypoint loads, and its parameters fit the flow's signature."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _deployments() -> list[dict]:
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    assert config["name"] == "boilerstrip"
    return config["deployments"]


def test_one_deployment_of_the_clean_flow_on_a_process_pool() -> None:
    deployments = _deployments()
    assert len(deployments) == 1
    deployment = deployments[0]
    assert deployment["entrypoint"] == "flows/clean.py:clean"
    assert deployment["work_pool"]["name"]
    assert set(deployment["parameters"]) == {"inputs", "output"}


def test_entrypoint_loads_and_parameters_validate(monkeypatch: pytest.MonkeyPatch) -> None:
    from prefect.flows import load_flow_from_entrypoint

    monkeypatch.chdir(ROOT)
    deployment = _deployments()[0]
    flow = load_flow_from_entrypoint(deployment["entrypoint"])
    assert flow.name == "clean"
    validated = flow.validate_parameters(deployment["parameters"])
    assert validated["inputs"] == ["seeds"] and validated["output"] == "output"
    assert validated["learn_templates"] is True and validated["redo"] is False
    with pytest.raises(Exception, match="inputs"):
        flow.validate_parameters({"inputs": 42})
    assert (ROOT / deployment["parameters"]["inputs"][0]).is_dir()
