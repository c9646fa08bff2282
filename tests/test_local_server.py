"""The command line's temporary Prefect server: started early, used, and always stopped."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from parquet_rows import read_rows, stable_rows

from flows import local_server

# Each test starts a server or a cluster, or runs the command line.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _cli_without_api(out: Path, plain: str = "") -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PYTHONPATH"] = str(ROOT)
    env["BOILERSTRIP_PLAIN"] = plain
    return subprocess.Popen(
        [sys.executable, "-m", "flows.clean", "seeds", "--output", str(out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _server_port(run: subprocess.Popen[str]) -> tuple[int, list[str]]:
    """The temporary server's port, from the run's log, and the log lines up to it."""
    assert run.stderr is not None
    seen = []
    for line in run.stderr:
        seen.append(line)
        found = re.search(r"Temporary server on http://127\.0\.0\.1:(\d+)/api", line)
        if found:
            return int(found.group(1)), seen
    raise AssertionError("".join(seen))


def test_the_cli_without_an_api_runs_on_its_own_server_and_stops_it(tmp_path: Path) -> None:
    run = _cli_without_api(tmp_path / "out")
    port, _ = _server_port(run)
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert "articles written: 5" in stdout
    assert len(read_rows(tmp_path / "out" / "articles")) == 5
    assert "Beginning flow run" in stderr
    # The server serves no UI, so no link to one; its logs reach it before it stops.
    assert "View at" not in stderr
    assert "Error logging to API" not in stderr
    assert not _listening(port)


def test_with_the_server_left_to_prefect_the_cli_writes_the_same_rows(tmp_path: Path) -> None:
    ours = _cli_without_api(tmp_path / "ours")
    ours.communicate(timeout=300)
    plain = _cli_without_api(tmp_path / "plain", plain="prefect_server")
    stdout, stderr = plain.communicate(timeout=300)
    assert ours.returncode == plain.returncode == 0, stderr
    assert "articles written: 5" in stdout
    assert "Temporary server on" not in stderr  # Prefect's own started instead
    assert stable_rows(tmp_path / "plain" / "articles") == stable_rows(
        tmp_path / "ours" / "articles"
    )


def test_a_closed_stderr_ends_the_run_and_stops_its_server(tmp_path: Path) -> None:
    run = _cli_without_api(tmp_path / "out")
    port, _ = _server_port(run)
    # As in `python -m flows.clean 2>&1 | head -1`: nobody reads the log any more. The next
    # log line ends the run, as a closed pipe ends any command, and the server must stop.
    assert run.stderr is not None
    run.stderr.close()
    run.wait(300)
    assert not _listening(port)


def test_a_killed_cli_takes_its_server_down_with_it(tmp_path: Path) -> None:
    run = _cli_without_api(tmp_path / "out")
    port, _ = _server_port(run)
    run.kill()  # no finally, no atexit: only the kernel can stop the server now
    run.wait(60)
    deadline = time.monotonic() + 30
    while _listening(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _listening(port)


# Answers every request with 200 on the port given as its argument: a stand-in for a server.
_ANSWERS = """\
import http.server, sys
class Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), Ok).serve_forever()
"""


def test_a_server_that_cannot_take_its_port_is_started_again_on_another(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    commands = iter(
        [
            lambda port: [sys.executable, "-c", "raise SystemExit(3)"],  # uvicorn: port taken
            lambda port: [sys.executable, "-c", _ANSWERS, str(port)],
        ]
    )
    monkeypatch.setattr(local_server, "_command", lambda port: next(commands)(port))
    server = local_server.TemporaryServer()
    failed = server.process
    with local_server.temporary_api(server):
        assert server.starts == 2
        assert failed.returncode == 3 and server.process is not failed
    assert server.process.poll() is not None


def test_no_temporary_server_when_an_api_is_configured() -> None:
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings(updates={PREFECT_API_URL: "http://127.0.0.1:9/api"}):
        assert not local_server.needs_temporary_server()
    with temporary_settings(updates={PREFECT_API_URL: None}):
        assert local_server.needs_temporary_server()


def test_a_run_on_the_temporary_server_sends_no_heartbeats_unless_asked_to() -> None:
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_UI_URL,
        get_current_settings,
        temporary_settings,
    )

    url = "http://127.0.0.1:9/api"
    with temporary_settings(updates=local_server._run_settings(url)):
        settings = get_current_settings()
        assert settings.api.url == url
        assert settings.flows.heartbeat_frequency is None
        assert not PREFECT_UI_URL.value()
    with (
        temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: 60}),
        temporary_settings(updates=local_server._run_settings(url)),
    ):
        assert get_current_settings().flows.heartbeat_frequency == 60
        assert PREFECT_API_URL.value() == url


def test_a_server_that_exits_is_reported_and_the_block_never_runs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        local_server, "_command", lambda port: [sys.executable, "-c", "raise SystemExit(1)"]
    )
    server = local_server.TemporaryServer()
    ran = []
    with (
        pytest.raises(RuntimeError, match="exited with code 1"),
        local_server.temporary_api(server),
    ):
        ran.append(True)
    assert not ran
    assert server.process.returncode == 1
    assert server.starts == 1


def test_a_server_is_stopped_when_the_run_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    # A stand-in that answers the health check at once, as a started server does.
    monkeypatch.setattr(local_server.TemporaryServer, "wait_ready", lambda self, timeout_s: None)
    monkeypatch.setattr(
        local_server, "_command", lambda port: [sys.executable, "-c", "import time; time.sleep(60)"]
    )
    server = local_server.TemporaryServer()
    with pytest.raises(ValueError, match="the run failed"), local_server.temporary_api(server):
        raise ValueError("the run failed")
    assert server.process.poll() is not None
