"""One run at a time on an output in an object store: a lock object created by a conditional
write (``If-None-Match: *``), refreshed while the run lasts, removed at its end.

A store has no ``flock``, and a killed run cannot remove its lock: a lock not refreshed for
``LOCK_STALE_S`` is a dead run's, and so is one whose process, on this same host, is gone; the
next run takes it over and says so. A store that
cannot write conditionally still gets a lock object, checked before it is written: two runs
starting in the same moment are not kept apart there (the README says so).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from flows.store import StoreError, StorePath

logger = logging.getLogger("boilerstrip.lock")

LOCK_NAME = ".boilerstrip.lock"
# How often a running run rewrites its lock's refreshed_at.
LOCK_REFRESH_S = 30.0
# A lock not refreshed for this long belongs to a run that is gone (killed, or its machine
# lost): ten refreshes missed, so a run paused by a slow store or a busy machine keeps it.
LOCK_STALE_S = 300.0


class OutputLocked(RuntimeError):
    """Another run is writing to the same output."""


@dataclass(frozen=True, slots=True)
class LockBody:
    """What a lock object holds: whose run it is, since when, and when it was last refreshed."""

    run_id: str
    started_at: str
    refreshed_at: str
    host: str
    pid: int

    def encode(self) -> bytes:
        return json.dumps(asdict(self), sort_keys=True).encode()

    def age_s(self, now: datetime) -> float:
        """Seconds since the lock was last refreshed (by the writer's clock)."""
        try:
            refreshed = datetime.fromisoformat(self.refreshed_at)
        except ValueError:
            return float("inf")
        return (now - refreshed).total_seconds()

    def stale(self, now: datetime) -> str | None:
        """Why the lock is a dead run's (not refreshed for too long; its process on this host
        gone), or None while its run may be alive."""
        age = self.age_s(now)
        if age > LOCK_STALE_S:
            return f"not refreshed for {age:.0f} s (more than {LOCK_STALE_S:.0f} s)"
        if self.host == socket.gethostname() and self.pid > 0 and not _alive(self.pid):
            return f"its process {self.pid} on this host is gone"
        return None

    def describe(self, now: datetime) -> str:
        """The holder in words: "run 1234… on host, started …, refreshed 12 s ago"."""
        return (
            f"run {self.run_id} on {self.host} (pid {self.pid}), started {self.started_at}, "
            f"refreshed {self.age_s(now):.0f} s ago"
        )


def _decode(raw: bytes) -> LockBody:
    """A lock object's body; an unreadable one counts as refreshed never (stale)."""
    try:
        fields = json.loads(raw)
        return LockBody(
            str(fields["run_id"]),
            str(fields["started_at"]),
            str(fields["refreshed_at"]),
            str(fields["host"]),
            int(fields["pid"]),
        )
    except (ValueError, KeyError, TypeError):
        return LockBody("unknown", "unknown", "", "unknown", 0)


def lock_path(output: StorePath) -> StorePath:
    """The lock object of an output."""
    return output / LOCK_NAME


def read_lock(output: StorePath) -> tuple[LockBody, str | None] | None:
    """The lock object of ``output`` and its ETag (when the store gives one), or None."""
    path = lock_path(output)
    fs = path.fs
    try:
        fs.invalidate_cache()
        with fs.open(path.path, "rb") as handle:
            raw = handle.read()
        info = fs.info(path.path)
    except FileNotFoundError:
        return None
    return _decode(raw), info.get("ETag")


def in_use(output: StorePath) -> str | None:
    """Why ``output`` cannot be written by a new run now (a live run's lock), or None."""
    try:
        found = read_lock(output)
    except OSError:
        return None  # an unreachable store is reported by the settings check
    if found is None or found[0].stale(datetime.now(UTC)):
        return None
    return _locked_message(output, found[0])


def _locked_message(output: StorePath, body: LockBody) -> str:
    return (
        f"output folder {output} is in use by another run ({body.describe(datetime.now(UTC))}); "
        f"wait for it to finish or choose another output folder (a lock not refreshed for "
        f"{LOCK_STALE_S:.0f} s is taken over)"
    )


def _is_s3(fs: Any) -> bool:
    protocols = fs.protocol if isinstance(fs.protocol, tuple | list) else (fs.protocol,)
    return "s3" in protocols and hasattr(fs, "call_s3")


class ObjectLock:
    """The lock of an output in an object store, held from ``acquire`` to ``release``; what
    it has to say goes to ``log`` (the Prefect run's logger, in the flow)."""

    def __init__(self, output: StorePath, run_id: str | None = None, log: Any = logger) -> None:
        self.output = output
        self.log = log
        self.path = lock_path(output)
        now = _now()
        run = run_id or uuid.uuid4().hex
        self.body = LockBody(run, now, now, socket.gethostname(), os.getpid())
        self.conditional = True
        self._etag: str | None = None
        self._stop = threading.Event()
        self._refresher: threading.Thread | None = None
        self.lost = False

    def acquire(self) -> None:
        """Create the lock object, or take over a stale one; raise ``OutputLocked`` if a live
        run holds it."""
        try:
            self._create()
            return
        except FileExistsError:
            pass
        except PermissionError:
            raise StoreError(f"--output {self.output} cannot be written: access denied") from None
        found = read_lock(self.output)
        if found is None:  # removed in between: its run just ended
            self._create()
            return
        holder, etag = found
        now = datetime.now(UTC)
        why = holder.stale(now)
        if why is None:
            raise OutputLocked(_locked_message(self.output, holder))
        self.log.warning(
            "taking over the stale lock of %s, left by %s: %s",
            self.output,
            holder.describe(now),
            why,
        )
        self._replace(etag)

    def _create(self) -> None:
        """Write the lock object only if none exists (``If-None-Match: *`` on S3)."""
        fs, key, data = self.path.fs, self.path.path, self.body.encode()
        try:
            handle = fs.open(key, "xb")
        except (NotImplementedError, ValueError):
            self._create_unconditionally()
            return
        try:
            handle.write(data)
            handle.close()
        except FileExistsError:
            raise
        except OSError:
            # a store that answers "precondition failed" in its own words: the lock exists
            # if it can be read now
            fs.invalidate_cache()
            if fs.exists(key):
                raise FileExistsError(key) from None
            raise
        self._etag = self._current_etag()

    def _create_unconditionally(self) -> None:
        """Where the store cannot write conditionally: look, then write."""
        self.conditional = False
        self.log.warning(
            "the store of %s cannot write conditionally: a run starting in the same moment "
            "as this one is not kept out",
            self.output,
        )
        if read_lock(self.output) is not None:
            raise FileExistsError(self.path.path)
        self.path.fs.pipe_file(self.path.path, self.body.encode())

    def _replace(self, etag: str | None) -> None:
        """Write this run's lock over a stale one: on S3 only if it is still the stale one
        (``If-Match``), so that of two runs taking it over one wins."""
        fs, key = self.path.fs, self.path.path
        if _is_s3(fs) and etag:
            try:
                new_etag = self._put_if_match(self.body, etag)
            except OSError:
                found = read_lock(self.output)
                if found is not None:
                    raise OutputLocked(_locked_message(self.output, found[0])) from None
                raise
            fs.invalidate_cache()
            self._etag = new_etag
            return
        fs.rm_file(key)
        try:
            self._create()
        except FileExistsError:
            found = read_lock(self.output)
            body = found[0] if found else self.body
            raise OutputLocked(_locked_message(self.output, body)) from None

    def _put_if_match(self, body: LockBody, etag: str) -> str | None:
        """Write ``body`` over the lock only if the lock is still the object of ``etag`` (S3's
        conditional ``If-Match``); the new object's ETag. Raises ``OSError`` when it is not."""
        bucket, key, _ = self.path.fs.split_path(self.path.path)
        out = self.path.fs.call_s3(
            "put_object", Bucket=bucket, Key=key, Body=body.encode(), IfMatch=etag
        )
        etag_now: str | None = out.get("ETag")
        return etag_now

    def _current_etag(self) -> str | None:
        fs = self.path.fs
        fs.invalidate_cache()
        try:
            return fs.info(self.path.path).get("ETag")
        except OSError:
            return None

    def refresh(self) -> None:
        """Rewrite the lock with the time now, if it is still this run's."""
        fs, key = self.path.fs, self.path.path
        body = LockBody(**{**asdict(self.body), "refreshed_at": _now()})
        if _is_s3(fs) and self._etag:
            try:
                self._etag = self._put_if_match(body, self._etag)
            except OSError:
                self._lose()
                return
        else:
            found = read_lock(self.output)
            if found is None or found[0].run_id != self.body.run_id:
                self._lose()
                return
            fs.pipe_file(key, body.encode())
        self.body = body

    def _lose(self) -> None:
        """The lock was taken over (this run was thought dead): say so, and stop refreshing."""
        self.lost = True
        self._stop.set()
        self.log.error(
            "the lock of %s is no longer this run's: another run took it over as stale; "
            "rerun once that run has finished to make the output whole",
            self.output,
        )

    def start_refreshing(self, every_s: float = LOCK_REFRESH_S) -> None:
        """Refresh the lock every ``every_s`` seconds in a thread, until ``release``."""

        def loop() -> None:
            while not self._stop.wait(every_s):
                try:
                    self.refresh()
                except Exception as exc:  # a store that fails once: try again next time
                    self.log.warning("could not refresh the lock of %s: %s", self.output, exc)

        self._refresher = threading.Thread(target=loop, name="boilerstrip-lock", daemon=True)
        self._refresher.start()

    def release(self) -> None:
        """Stop refreshing, and remove the lock if it is still this run's."""
        self._stop.set()
        if self._refresher is not None:
            self._refresher.join()
        if self.lost:
            return
        try:
            found = read_lock(self.output)
            if found is not None and found[0].run_id == self.body.run_id:
                self.path.unlink(missing_ok=True)
        except OSError as exc:
            self.log.warning("could not remove the lock of %s: %s", self.output, exc)


def _alive(pid: int) -> bool:
    """Whether a process of this host is running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's: alive
        return True
    return True


def _now() -> str:
    return datetime.now(UTC).isoformat()
