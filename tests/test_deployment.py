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
from dataclasses import dataclass
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
# The pages of the run that is cancelled, and how soon after the cancel it must have stopped.
CANCEL_PAGES = 400
CANCEL_WITHIN_S = 5.0

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


@dataclass(frozen=True)
class Deployed:
    """The README's deployment, made: a server, the work pool, a worker and ``clean/clean``."""

    processes: Processes
    api_url: str
    env: dict[str, str]
    project: Path
    scratch: Path
    deployment: dict[str, Any]
    repository_before: dict[str, Any]


_STARTED = time.monotonic()


def _step(what: str) -> None:
    """A step of the tests, printed with its time (pytest shows it with a failure)."""
    print(f"[{time.monotonic() - _STARTED:6.1f} s] {what}", flush=True)


@pytest.fixture(scope="module")
def deployed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployed]:
    """The README's steps, in order, once for the tests of this module; all stopped after."""
    scratch = tmp_path_factory.mktemp("deployment")
    processes = Processes(scratch / "logs")
    try:
        repository_before = _repository_footprint()
        config = yaml.safe_load((ROOT / "prefect.yaml").read_text())
        (deployment,) = config["deployments"]
        pool = deployment["work_pool"]["name"]
        home = scratch / "prefect-home"
        home.mkdir()
        project = scratch / "project"
        project.mkdir()
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir():
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(source, project / name, ignore=ignore)
            else:
                shutil.copy2(source, project / name)
        _step("starting the server")
        api_url = _start_server(processes, home)
        _step(f"server healthy at {api_url}; creating the work pool {pool}")
        env = _env(home, api_url)
        _prefect("work-pool", "create", pool, "--type", "process", env=env, cwd=scratch)
        processes.start(
            "worker", [*PREFECT, "worker", "start", "--pool", pool], env=env, cwd=scratch
        )
        _step("worker started; deploying")
        _prefect("--no-prompt", "deploy", "--all", env=env, cwd=project)
        _step("deployed")
        yield Deployed(processes, api_url, env, project, scratch, deployment, repository_before)
    finally:
        processes.stop_all()
        print(processes.all_logs())


def _run_deployment(deployed: Deployed, **parameters: Any) -> str:
    """Start a run of ``clean/clean`` as ``prefect deployment run`` does; the run's id."""
    params = [
        arg
        for name, value in parameters.items()
        for arg in (
            "--param",
            f"{name}={json.dumps(value) if not isinstance(value, str) else value}",
        )
    ]
    created = _prefect(
        "deployment", "run", "clean/clean", *params, env=deployed.env, cwd=deployed.scratch
    )
    _step(f"flow run created:\n{created}")
    match = re.search(r"UUID:\s*([0-9a-f]{8}-[0-9a-f-]{27})", created)
    assert match, created
    return match.group(1)


def test_deployment_runs_on_a_worker_and_writes_parquet(deployed: Deployed) -> None:
    deployment, api_url, project = deployed.deployment, deployed.api_url, deployed.project
    pool = deployment["work_pool"]["name"]
    assert pool == "boilerstrip-process"
    assert [s["active"] for s in deployment["schedules"]] == [False]
    output = deployed.scratch / "clean-output"

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

    run_id = _run_deployment(deployed, output=str(output), inputs=["seeds"])
    run = _wait_for_run(deployed.processes, api_url, run_id)
    _step(f"flow run {run['state']['type']}")
    assert run["state"]["type"] == "COMPLETED", (run["state"], deployed.processes.log("worker"))
    assert run["parameters"] == {"inputs": ["seeds"], "output": str(output)}

    # The inactive schedule made no run: ours is the deployment's first one.
    runs = _api(api_url, "/flow_runs/filter", {"deployments": {"id": {"any_": [registered["id"]]}}})
    assert run["id"] in [r["id"] for r in runs]
    assert all(r["auto_scheduled"] is False for r in runs)

    # "seeds" was read in the folder `prefect deploy` ran in; nothing went to its ./output.
    articles = read_rows(output / "articles")
    assert len(articles) == 5
    assert read_rows(output / "rejects") == []
    seeds = {f"seeds/{p.name}" for p in (project / "seeds").glob("*.txt")}
    assert {a["source"] for a in articles} == seeds
    assert not (project / "output").exists()

    assert _repository_footprint() == deployed.repository_before


def _processes() -> dict[int, tuple[int, int]]:
    """Every process's parent and session, by pid; a zombie (ended, not yet reaped) is none."""
    found: dict[int, tuple[int, int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone since it was listed
            continue
        if fields[0] != "Z":  # state, ppid, pgrp, session
            found[int(stat.parent.name)] = (int(fields[1]), int(fields[3]))
    return found


def _run_sessions(worker: int) -> set[int]:
    """The sessions of the worker's descendants: a flow run's process opens its own, and its
    page workers stay in it even when their parent is gone."""
    processes = _processes()
    descendants, grown = {worker}, True
    while grown:
        more = {pid for pid, (ppid, _) in processes.items() if ppid in descendants}
        grown = not more <= descendants
        descendants |= more
    return {processes[pid][1] for pid in descendants - {worker}} - {processes[worker][1]}


def _in_sessions(sessions: set[int]) -> set[int]:
    """The processes left in ``sessions``."""
    return {pid for pid, (_, sid) in _processes().items() if sid in sessions}


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_a_cancel_from_the_ui_stops_the_run_and_its_workers_and_a_rerun_resumes(
    deployed: Deployed,
) -> None:
    # Enough pages, one a batch, for the run to be under way when it is cancelled.
    pages = deployed.scratch / "many-pages"
    pages.mkdir()
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    for i in range(CANCEL_PAGES):
        text = seeds[i % len(seeds)].read_text()
        (pages / f"page-{i:04d}.txt").write_text(f"{text}\n\nUpdated with note {i}.\n")
    output = deployed.scratch / "cancelled-output"
    params = {"output": str(output), "inputs": [str(pages)], "batch_files": 1, "workers": 1}
    worker = deployed.processes.started["worker"].pid

    run_id = _run_deployment(deployed, **params)
    deadline = time.monotonic() + RUN_TIMEOUT_S
    while not list((output / "articles").glob("part-*.parquet")):
        run = _api(deployed.api_url, f"/flow_runs/{run_id}")
        assert run["state"]["type"] not in TERMINAL_STATES, run["state"]
        assert time.monotonic() < deadline, deployed.processes.log("worker")
        time.sleep(0.2)
    sessions = _run_sessions(worker)
    assert len(_in_sessions(sessions)) >= 2  # the run's process and its page workers

    # What the UI's "Cancel" button does.
    cancelled_at = time.monotonic()
    _api(
        deployed.api_url,
        f"/flow_runs/{run_id}/set_state",
        {"state": {"type": "CANCELLING", "name": "Cancelling"}, "force": True},
    )
    # The run's processes end within seconds: its own, its page workers', their forkserver's.
    while _in_sessions(sessions) and time.monotonic() < cancelled_at + RUN_TIMEOUT_S:
        time.sleep(0.1)
    stopped = time.monotonic() - cancelled_at
    _step(f"the run's processes ended {stopped:.1f} s after the cancel")
    assert stopped < CANCEL_WITHIN_S, deployed.processes.log("worker")
    # The worker sees them gone (it looks every few seconds) and marks the run Cancelled.
    run = _wait_for_run(deployed.processes, deployed.api_url, run_id)
    _step(f"flow run {run['state']['type']} {time.monotonic() - cancelled_at:.1f} s after it")
    assert run["state"]["type"] == "CANCELLED", (run["state"], deployed.processes.log("worker"))
    assert _in_sessions(sessions) == set()

    # Only whole parts, each one readable; some batches were left to do.
    parts = sorted((output / "articles").iterdir())
    assert parts and all(p.name.startswith("part-") and p.suffix == ".parquet" for p in parts)
    done = read_rows(output / "articles")
    assert 0 < len(done) < CANCEL_PAGES

    # The same run again finishes what the cancelled one left, and redoes nothing.
    rerun = _wait_for_run(deployed.processes, deployed.api_url, _run_deployment(deployed, **params))
    assert rerun["state"]["type"] == "COMPLETED", deployed.processes.log("worker")
    articles = read_rows(output / "articles")
    assert sorted(a["source"] for a in articles) == sorted(str(p) for p in pages.iterdir())
    assert {a["doc_id"]: a for a in articles if a["doc_id"] in {d["doc_id"] for d in done}} == {
        d["doc_id"]: d for d in done
    }
