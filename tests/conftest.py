"""Test set-up: every test runs hermetic, with a temporary PREFECT_HOME, no Prefect server and
no AWS settings of the machine.

The environment is set here, at import, before any test module imports Prefect.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

_PREFECT_HOME = tempfile.mkdtemp(prefix="boilerstrip-prefect-home-")
os.environ["PREFECT_HOME"] = _PREFECT_HOME
os.environ["PREFECT_PROFILES_PATH"] = os.path.join(_PREFECT_HOME, "profiles.toml")
for _name in ("PREFECT_API_URL", "PREFECT_API_KEY", "PREFECT_PROFILE"):
    os.environ.pop(_name, None)
# No AWS settings of the machine: the object-store tests give moto's endpoint and made-up keys
# themselves, and nothing looks for instance metadata off the machine.
for _name in [n for n in os.environ if n.startswith("AWS_")]:
    os.environ.pop(_name)
os.environ["AWS_CONFIG_FILE"] = os.path.join(_PREFECT_HOME, "aws-config")
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(_PREFECT_HOME, "aws-credentials")
os.environ["AWS_EC2_METADATA_DISABLED"] = "true"
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
GOLDEN = Path(__file__).resolve().parent / "golden"


# Fixtures that start a server (Prefect's, moto's S3): a test that uses one is slow
# (``-m "not slow"`` skips it).
SERVER_FIXTURES = frozenset({"prefect_harness", "s3_server"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark slow every test that starts a Prefect server through a fixture."""
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Remove the temporary PREFECT_HOME."""
    shutil.rmtree(_PREFECT_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[str]:
    """A temporary Prefect server and database for flow tests; yields its API url."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield str(PREFECT_API_URL.value())


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """moto's S3 server on a free loopback port, for the session; stopped after."""
    from object_store import moto_server

    with moto_server(tmp_path_factory.mktemp("moto")) as server:
        yield server


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    """The five sample dumps."""
    return sorted(SEEDS.glob("*.txt"))
