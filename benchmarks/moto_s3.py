"""A real S3 API on loopback: moto's standalone server, in a process of its own on a free port,
with buckets and objects made through s3fs. The object-store tests and
``benchmarks.throughput --store s3`` run against it; nothing leaves the machine."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Credentials moto accepts (it checks none unless told to): made up, and what the tests look for
# in everything a run writes and logs.
ACCESS_KEY = "AKIATESTBOILERSTRIP7"
SECRET_KEY = "s3cret-boilerstrip-test-key-d0-not-log"
REGION = "us-east-1"


@dataclass
class S3Server:
    """A running moto server: its endpoint, and how a run reaches it."""

    endpoint: str
    home: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def env(self, *, endpoint_in_env: bool = True) -> dict[str, str]:
        """The environment of a process that talks to this server, and to no other AWS: made
        up keys, no config or credentials file, no instance metadata."""
        env = dict(
            os.environ,
            AWS_ACCESS_KEY_ID=ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=SECRET_KEY,
            AWS_DEFAULT_REGION=REGION,
            AWS_CONFIG_FILE=str(self.home / "aws-config"),
            AWS_SHARED_CREDENTIALS_FILE=str(self.home / "aws-credentials"),
            AWS_EC2_METADATA_DISABLED="true",
        )
        for name in ("AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_SESSION_TOKEN"):
            env.pop(name, None)
        if endpoint_in_env:
            env["AWS_ENDPOINT_URL"] = self.endpoint
        return env

    def options(self, **more: Any) -> dict[str, Any]:
        """Storage options that reach this server, keys included."""
        return {"endpoint_url": self.endpoint, "key": ACCESS_KEY, "secret": SECRET_KEY, **more}

    def fs(self) -> Any:
        """An s3fs filesystem on this server, for setting up and checking."""
        import s3fs

        return s3fs.S3FileSystem(**self.options(), skip_instance_cache=True)

    def bucket(self, name: str) -> str:
        """Create a bucket; returns its URL."""
        self.fs().mkdir(name)
        return f"s3://{name}"

    def upload(self, local: Path, url: str) -> None:
        """Copy a local file or folder (recursively) to ``url``."""
        fs = self.fs()
        if local.is_dir():
            files = sorted(p for p in local.rglob("*") if p.is_file())
            targets = [f"{url}/{p.relative_to(local).as_posix()}" for p in files]
            fs.put([str(p) for p in files], targets)  # concurrent requests
        else:
            fs.put_file(str(local), url)

    def set_auth(self, free_requests: float) -> None:
        """Make the server check credentials and IAM policies after ``free_requests`` more
        requests (``inf``: never)."""
        request = urllib.request.Request(
            f"{self.endpoint}/moto-api/reset-auth",
            data=str(free_requests).encode(),
            method="POST",
            headers={"Content-Type": "text/plain"},
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            answer.read()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def moto_server(home: Path) -> Iterator[S3Server]:
    """moto's standalone server on a free loopback port, stopped on leaving."""
    home.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log = (home / "moto.log").open("wb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=home,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{endpoint}/moto-api/data.json", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto server did not start: {home / 'moto.log'}") from None
                time.sleep(0.1)
        yield S3Server(endpoint, home, process)
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)
        log.close()
