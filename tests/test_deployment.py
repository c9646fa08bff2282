"""prefect.yaml end to end, as the README runs it: server, work pool, deploy, worker, run.

A Prefect server is started on a free loopback port with a temporary PREFECT_HOME; the
deployment is deployed from a temporary copy of the files it needs (so the repository is
never written to), run by a process worker on ``seeds`` with its output sent to a temporary
folder, and its Parquet read back. Everything started is stopped in a fixture's teardown,
whatever the outcome; the logs of the server and the worker are printed there, so pytest shows
them with a failure.

Deselect it with ``-m "not integration"``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from loopback import free_port
from parquet_rows import read_rows

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
# What the deployment needs, copied to a temporary folder that `prefect deploy` runs in.
PROJECT_FILES = ("prefect.yaml", "flows", "extractors", "seeds")
# Where the test could leave something in the repository if it went wrong.
FOOTPRINT = ("prefect.yaml", ".prefect", "output", "seeds")

SERVER_START_TIMEOUT_S = 120.0
CLI_TIMEOUT_S = 120.0
RUN_TIMEOUT_S = 150.0
STOP_TIMEOUT_S = 20.0
PREFECT = (sys.executable, "-m", "prefect")
SERVER_START = ("server", "start", "--host", "127.0.0.1", "--no-ui", "--analytics-off")
GIT_STATUS = ("git", "status", "--porcelain", "--ignored", "--untracked-files=all")
TERMINAL_STATES = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}

# Loopback requests never go through a proxy, in this process or in Prefect's.
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class Processes:
    """Long-running subprocesses, each in its own session with its output in a log file."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.logs.mkdir(parents=True, exist_ok=True)
        self.started: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, args: list[str], env: dict[str, str], cwd: Path) -> None:
        with open(self.logs / f"{name}.log", "wb") as log:
            self.started[name] = subprocess.Popen(
                args,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: the flow run and page workers a worker starts are
                # stopped with it.
                start_new_session=True,
            )

    def alive(self, name: str) -> bool:
        return self.started[name].poll() is None

    def log(self, name: str, tail: int = 12_000) -> str:
        path = self.logs / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return f"----- {name} log (last {tail} chars) -----\n{text[-tail:]}"

    def all_logs(self) -> str:
        return "\n".join(self.log(name) for name in self.started)

    def stop_all(self) -> None:
        """Terminate each process, newest first; kill what is left of its group."""
        for proc in reversed(list(self.started.values())):
            if proc.poll() is None:
                proc.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(STOP_TIMEOUT_S)
            # The leader's group (pgid == its pid): a flow run still going, its page workers.
            if hasattr(os, "killpg"):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, signal.SIGKILL)
            try:
                proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(STOP_TIMEOUT_S)


@pytest.fixture
def processes(tmp_path: Path) -> Iterator[Processes]:
    procs = Processes(tmp_path / "logs")
    try:
        yield procs
    finally:
        procs.stop_all()
        # Shown by pytest only when the test fails.
        print(procs.all_logs())


def _env(home: Path, api_url: str | None = None) -> dict[str, str]:
    """The environment of every Prefect process: no inherited Prefect setting, a private home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    no_proxy = ",".join(
        filter(None, [env.get("NO_PROXY") or env.get("no_proxy"), "127.0.0.1", "localhost"])
    )
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_PROFILES_PATH=str(home / "profiles.toml"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
        # A worker looks for scheduled runs every 2 s instead of 10.
        PREFECT_WORKER_QUERY_SECONDS="2",
        DO_NOT_TRACK="1",
        NO_PROXY=no_proxy,
        no_proxy=no_proxy,
        PYTHONUNBUFFERED="1",
        # Rich does not wrap the CLI's output (ids are parsed from it).
        COLUMNS="200",
    )
    if api_url:
        env["PREFECT_API_URL"] = api_url
    return env


def _api(api_url: str, path: str, body: dict[str, Any] | None = None, timeout: float = 10) -> Any:
    """GET (or POST ``body`` to) the Prefect REST API; the decoded JSON answer."""
    request = urllib.request.Request(
        api_url + path,
        data=None if body is None else json.dumps(body).encode(),
        method="GET" if body is None else "POST",
        headers={"Content-Type": "application/json"},
    )
    with _NO_PROXY.open(request, timeout=timeout) as response:
        return json.load(response)


def _healthy(api_url: str) -> bool:
    try:
        return _api(api_url, "/health", timeout=2) is True
    except (OSError, ValueError):
        return False


def _prefect(*args: str, env: dict[str, str], cwd: Path) -> str:
    """Run ``prefect ARGS`` to completion; its standard output, or a failure with its output."""
    command = [*PREFECT, *args]
    shown = "prefect " + " ".join(args)
    try:
        result = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=CLI_TIMEOUT_S,
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"`{shown}` took over {CLI_TIMEOUT_S:.0f} s:\n{exc.stdout!r}\n{exc.stderr!r}")
    assert result.returncode == 0, (
        f"`{shown}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )
    return result.stdout


def _start_server(processes: Processes, home: Path) -> str:
    """Start ``prefect server start`` on a free loopback port; its API url once healthy."""
    for attempt in range(3):  # a port taken between choosing and binding it: choose again
        name = f"server-{attempt}"
        port = free_port()
        api_url = f"http://127.0.0.1:{port}/api"
        processes.start(
            name,
            [*PREFECT, *SERVER_START, "--port", str(port)],
            env=_env(home),
            cwd=home,
        )
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        while processes.alive(name):
            if _healthy(api_url):
                # Ours, not another server that got the port first.
                settings = _api(api_url, "/admin/settings")
                assert Path(settings["home"]) == home, processes.log(name)
                return api_url
            if time.monotonic() > deadline:
                pytest.fail(
                    f"the server did not answer {api_url}/health within "
                    f"{SERVER_START_TIMEOUT_S:.0f} s\n{processes.log(name)}"
                )
            time.sleep(0.5)
        if "already in use" not in processes.log(name):  # prefect's check, or uvicorn's
            break
    pytest.fail(f"the server exited before it was healthy\n{processes.log(name)}")


def _wait_for_run(processes: Processes, api_url: str, run_id: str) -> dict[str, Any]:
    """Poll the flow run until it reaches a terminal state; the flow run."""
    deadline = time.monotonic() + RUN_TIMEOUT_S
    state: Any = None
    while True:
        try:
            run = _api(api_url, f"/flow_runs/{run_id}")
        except OSError as exc:  # a slow answer from a busy server: ask again
            state = f"unknown ({exc!r})"
        else:
            state = (run.get("state") or {}).get("type")
            if state in TERMINAL_STATES:
                return dict(run)
        if not processes.alive("worker"):
            pytest.fail(f"the worker exited; the run is {state}\n{processes.log('worker')}")
        if time.monotonic() > deadline:
            pytest.fail(
                f"the run is still {state} after {RUN_TIMEOUT_S:.0f} s\n{processes.log('worker')}"
            )
        time.sleep(1)


def _repository_footprint() -> dict[str, Any]:
    """What the test must leave as it found it in the repository.

    ``git status`` is limited to the paths the test could write to: other people edit other
    files of the tree while the suite runs. GIT_OPTIONAL_LOCKS=0: git does not refresh the index.
    """
    state: dict[str, Any] = {
        "prefect.yaml sha256": hashlib.sha256((ROOT / "prefect.yaml").read_bytes()).hexdigest(),
        ".prefect exists": (ROOT / ".prefect").exists(),
        "output exists": (ROOT / "output").exists(),
    }
    try:
        status = subprocess.run(
            [*GIT_STATUS, "--", *FOOTPRINT],
            cwd=ROOT,
            env=dict(os.environ, GIT_OPTIONAL_LOCKS="0"),
            capture_output=True,
            text=True,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired):
        return state  # no git here: the checks above still hold
    if status.returncode == 0:
        state["git status"] = status.stdout
    return state


def test_deployment_runs_on_a_worker_and_writes_parquet(
    processes: Processes, tmp_path: Path
) -> None:
    started = time.monotonic()

    def step(what: str) -> None:  # printed, so shown with a failure
        print(f"[{time.monotonic() - started:5.1f} s] {what}", flush=True)

    repository_before = _repository_footprint()
    config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
    (deployment,) = config["deployments"]
    pool = deployment["work_pool"]["name"]
    assert pool == "boilerstrip-process"
    assert [s["active"] for s in deployment["schedules"]] == [False]

    home = tmp_path / "prefect-home"
    home.mkdir()
    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / name)
    output = tmp_path / "clean-output"

    # The README's steps, in order.
    step("starting the server")
    api_url = _start_server(processes, home)
    step(f"server healthy at {api_url}; creating the work pool {pool}")
    env = _env(home, api_url)
    _prefect("work-pool", "create", pool, "--type", "process", env=env, cwd=tmp_path)
    processes.start(
        "worker",
        [*PREFECT, "worker", "start", "--pool", pool],
        env=env,
        cwd=tmp_path,
    )
    step("worker started; deploying")
    _prefect("--no-prompt", "deploy", "--all", env=env, cwd=project)
    step("deployed")

    # `prefect deploy` rewrote nothing: run from the repository, it would leave it clean.
    assert (project / "prefect.yaml").read_bytes() == (ROOT / "prefect.yaml").read_bytes()
    assert not (project / ".prefect").exists()

    registered = _api(api_url, "/deployments/name/clean/clean")
    assert registered["work_pool_name"] == pool
    assert registered["parameters"] == deployment["parameters"]
    assert [s["active"] for s in registered["schedules"]] == [False]
    assert registered["pull_steps"] == [
        {"prefect.deployments.steps.set_working_directory": {"directory": str(project)}}
    ]

    created = _prefect(
        "deployment", "run", "clean/clean",
        "--param", f"output={output}", "--param", 'inputs=["seeds"]',
        env=env, cwd=tmp_path,
    )  # fmt: skip
    step(f"flow run created:\n{created}")
    match = re.search(r"UUID:\s*([0-9a-f]{8}-[0-9a-f-]{27})", created)
    assert match, created
    run = _wait_for_run(processes, api_url, match.group(1))
    step(f"flow run {run['state']['type']}")
    assert run["state"]["type"] == "COMPLETED", (run["state"], processes.log("worker"))
    assert run["parameters"] == {"inputs": ["seeds"], "output": str(output)}

    # The inactive schedule made no run: ours is the deployment's only one.
    runs = _api(api_url, "/flow_runs/filter", {"deployments": {"id": {"any_": [registered["id"]]}}})
    assert [r["id"] for r in runs] == [run["id"]]

    # "seeds" was read in the folder `prefect deploy` ran in; nothing went to its ./output.
    articles = read_rows(output / "articles")
    assert len(articles) == 5
    assert read_rows(output / "rejects") == []
    seeds = {f"seeds/{p.name}" for p in (project / "seeds").glob("*.txt")}
    assert {a["source"] for a in articles} == seeds
    assert not (project / "output").exists()

    assert _repository_footprint() == repository_before
