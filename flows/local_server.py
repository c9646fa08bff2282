"""The temporary Prefect server of a command-line run that has no Prefect API configured.

Prefect starts such a server itself (``SubprocessASGIServer``) on the flow's first API call:
it imports its whole server package into the flow's process first (1.3 s of CPU and about
80 MB, which the run then carries), and only then starts the server process, which takes
another 3-4 s to answer. ``temporary_api`` starts the same server process (Prefect's own
application, with the settings Prefect gives it) at once, without that import, so that it
boots while the command line finishes its own start (finding the inputs, starting the
page workers' forkserver); the run is then pointed at it.

It also stops the server however the run ends: after the run's last logs and events reach
it, before any logging of its own (a closed stderr, as with ``python -m flows.clean 2>&1 |
head``, must not leave it running), by killing it when it does not stop in time, and, when
the command line itself is killed, by the kernel (see ``_DIE_WITH_PARENT``).

It reads Prefect's internals: the private settings Prefect gives its temporary server
(``PREFECT__SERVER_EPHEMERAL``, ``PREFECT__SERVER_FINAL``) and its log and event workers.
``BOILERSTRIP_PLAIN=prefect_server`` (``extractors.switches``) leaves the server to Prefect.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import prefect
from prefect.events.worker import EventsWorker
from prefect.logging import get_logger
from prefect.logging.handlers import APILogWorker
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
    PREFECT_UI_URL,
    get_current_settings,
    temporary_settings,
)

# How long the server has to stop once asked, before it is killed (Prefect waits as long).
STOP_TIMEOUT_S = 5.0
# Between two health checks while the server starts (Prefect polls every 0.1 s).
POLL_INTERVAL_S = 0.05
# uvicorn's exit code when it cannot start, as when another process took the port between
# choosing it and binding it; the server is then started again on another port, as Prefect does.
STARTUP_FAILURE = 3
STARTS = 3

# Run first in the server's process: ask the kernel to send it SIGTERM when the process that
# started it dies, however it dies (killed, out of memory, its terminal closed), then become
# the server. Linux only (prctl); elsewhere the server stops only with the run's own end.
_DIE_WITH_PARENT = """\
import ctypes, os, signal, sys
parent = int(sys.argv[1])
try:
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
except (OSError, AttributeError):
    pass
if os.getppid() != parent:
    sys.exit(0)  # the parent died before the prctl
os.execv(sys.argv[2], sys.argv[2:])
"""


def needs_temporary_server() -> bool:
    """Whether a run here would start a temporary server: no API configured, and Prefect
    allowed to start one (``PREFECT_SERVER_ALLOW_EPHEMERAL_MODE``)."""
    settings = get_current_settings()
    return not settings.api.url and bool(settings.server.ephemeral.enabled)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _command(port: int) -> list[str]:
    """The server process Prefect itself runs for a temporary server (``SubprocessASGIServer``)."""
    return [
        sys.executable,
        "-m",
        "uvicorn",
        "--app-dir",
        str(Path(prefect.__file__).parent.parent),
        "--factory",
        "prefect.server.api.server:create_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "error",
        "--lifespan",
        "on",
    ]


def _environment() -> dict[str, str]:
    """The server's environment, as Prefect builds it: no UI, the services of a temporary
    server only, and this process's Prefect settings."""
    return {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        **get_current_settings().to_environment_variables(exclude_unset=True),
    }


class TemporaryServer:
    """A temporary Prefect server process on a free loopback port, started from the main
    thread (the kernel stops it when the thread that started it ends)."""

    def __init__(self) -> None:
        self.starts = 0
        self.ready = False
        self._start()

    def _start(self) -> None:
        self.starts += 1
        self.port = _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        command = [sys.executable, "-c", _DIE_WITH_PARENT, str(os.getpid()), *_command(self.port)]
        # in a session of its own: a Ctrl-C at the terminal reaches the run, which then stops
        # the server itself once its last logs are sent, not the server first
        self.process = subprocess.Popen(command, env=_environment(), start_new_session=True)

    def wait_ready(self, timeout_s: float) -> None:
        """Return once the server answers its health check; raise if it exits or is late."""
        deadline = time.monotonic() + timeout_s
        with httpx.Client(timeout=5.0) as client:
            while True:
                code = self.process.poll()
                if code == STARTUP_FAILURE and self.starts < STARTS:
                    self._start()
                    continue
                if code is not None:
                    raise RuntimeError(f"the temporary Prefect server exited with code {code}")
                with contextlib.suppress(httpx.TransportError):
                    if client.get(f"{self.api_url}/health").status_code == 200:
                        self.ready = True
                        return
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the temporary Prefect server did not answer within {timeout_s:.0f} s "
                        "(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS)"
                    )
                time.sleep(POLL_INTERVAL_S)

    def stop(self) -> None:
        """Send the run's last logs and events to the server, then stop it (as Prefect does
        at exit for its own temporary server). A server that never answered (the run was
        interrupted while it started) holds nothing of the run: it is killed at once, before
        its shutdown, cut short, logs an error."""
        if not self.ready:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
            return
        try:
            APILogWorker.drain_all(timeout=STOP_TIMEOUT_S)
            EventsWorker.drain_all(timeout=STOP_TIMEOUT_S)
        finally:
            if self.process.poll() is None:  # asked to stop, then killed if it is late
                self.process.terminate()
                try:
                    self.process.wait(timeout=STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()


def _run_settings(api_url: str) -> dict[Any, Any]:
    """The settings of a run against a temporary server at ``api_url``."""
    updates: dict[Any, Any] = {
        PREFECT_API_URL: api_url,
        # The server serves no UI, so there is no page to link the run to.
        PREFECT_UI_URL: "",
    }
    if "heartbeat_frequency" not in get_current_settings().flows.model_fields_set:
        # Heartbeats let a server's automations tell a crashed flow run from a running one;
        # a server that stops with the run outlives no crash to report. Their thread, woken
        # once a second, also held up the end of each run by up to a second. Kept when set.
        updates[PREFECT_FLOWS_HEARTBEAT_FREQUENCY] = None
    return updates


@contextlib.contextmanager
def temporary_api(started: TemporaryServer | None) -> Iterator[None]:
    """Run the block against ``started`` (waited for until it answers), and stop it after;
    with None, against whatever API Prefect is configured with."""
    if started is None:
        yield
        return
    try:
        started.wait_ready(get_current_settings().server.ephemeral.startup_timeout_seconds)
        get_logger("boilerstrip").info(
            "Temporary server on %s for this run (set PREFECT_API_URL to run against a "
            "running server)",
            started.api_url,
        )
        with temporary_settings(updates=_run_settings(started.api_url)):
            yield
    finally:
        started.stop()
