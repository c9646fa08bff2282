"""Inputs and outputs in an object store, against a real S3 API on loopback (moto's server):
the rows of a local run, resume after SIGKILL, the lock object, bad buckets, keys and access,
and credentials kept out of everything a run writes and logs."""

from __future__ import annotations

import io
import json
import logging
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import duckdb
import pyarrow.parquet as pq
import pytest
from object_store import ACCESS_KEY, REGION, SECRET_KEY, S3Server, moto_server
from parquet_rows import comparable, stable_rows
from pydantic import SecretStr
from story_pages import WORDS, story_page
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from flows.config import CleanConfig, build_config
from flows.inputs import InputError, discover
from flows.store import StoreOptions, StorePath
from flows.store_lock import LOCK_NAME, LockBody, ObjectLock, OutputLocked, in_use, read_lock

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def _story(n: int, rng: random.Random) -> str:
    """A page of the first ten words (the pages these tests were written with)."""
    return story_page(n, rng, WORDS[:10])


def _warc(pages: list[tuple[str, bytes]]) -> bytes:
    """A per-record gzipped WARC of response records."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    for url, body in pages:
        http = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=http
        )
        writer.write_record(record)
    return out.getvalue()


def _dumps(folder: Path) -> Path:
    """A WARC of the first three seeds, a JSONL of the other two and of generated pages, a
    plain page, and a truncated gzip (a read_error)."""
    folder.mkdir(parents=True)
    rng = random.Random(5)
    warc_pages = [(f"https://example.org/seed/{n}", SEEDS[n].read_bytes()) for n in range(3)]
    warc_pages += [(f"https://example.org/gen/{n}", _story(n, rng).encode()) for n in range(4)]
    (folder / "crawl.warc.gz").write_bytes(_warc(warc_pages))
    with (folder / "pages.jsonl").open("w") as out:
        for n in (3, 4):
            out.write(
                json.dumps({"url": f"https://example.org/s{n}", "text": SEEDS[n].read_text()})
            )
            out.write("\n")
        for n in range(10, 15):
            out.write(json.dumps({"url": f"https://example.org/j{n}", "text": _story(n, rng)}))
            out.write("\n")
    (folder / "nested").mkdir()
    (folder / "nested" / "one.txt").write_text(_story(99, rng))
    (folder / "nested" / "broken.txt.gz").write_bytes(b"\x1f\x8b\x08\x00truncated")
    return folder


def _secret(options: dict[str, Any]) -> SecretStr:
    return SecretStr(json.dumps(options))


def _download(s3: S3Server, url: str, into: Path) -> Path:
    """A copy of an output prefix on local disk, to read its rows."""
    s3.fs().get(url.removeprefix("s3://"), str(into), recursive=True)
    return into


def _as_local(rows: list[dict], url: str, folder: Path) -> list[dict]:
    """Rows read from a store, their sources spelled as the local run's."""
    return [
        {**r, "source": r["source"].replace(url, str(folder), 1)} if "source" in r else r
        for r in rows
    ]


@pytest.fixture(scope="module")
def crawl(s3_server: S3Server, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The dumps on local disk and in the bucket ``crawl``."""
    folder = _dumps(tmp_path_factory.mktemp("dumps") / "dumps")
    s3_server.bucket("crawl")
    s3_server.bucket("clean")
    s3_server.upload(folder, "s3://crawl/dumps")
    return folder, "s3://crawl/dumps"


def test_a_run_from_s3_warcs_and_jsonl_writes_the_rows_of_a_local_run_to_s3(
    prefect_harness: str, s3_server: S3Server, crawl: tuple[Path, str], tmp_path: Path
) -> None:
    from flows.clean import clean

    folder, url = crawl
    local = clean(inputs=[str(folder)], output=str(tmp_path / "local"), shard_records=4)
    remote = clean(
        inputs=[url],
        output="s3://clean/run",
        shard_records=4,
        storage_options=_secret(s3_server.options()),
    )
    assert remote["pages"] == local["pages"] == 16
    assert remote["articles"] == local["articles"] and remote["rejects"] == local["rejects"]
    assert remote["rejects"] == {"read_error": 1}
    assert remote["output"] == "s3://clean/run"
    out = _download(s3_server, "s3://clean/run", tmp_path / "remote")
    # the same layout as a local folder, and nothing else: no lock, no temporary object
    local_layout = {p.name for p in (tmp_path / "local").iterdir()} - {LOCK_NAME}
    assert {p.name for p in out.iterdir()} == local_layout
    assert {"articles", "rejects", "signatures", "stories"} <= local_layout
    for table in ("articles", "rejects", "signatures", "stories"):
        remote_rows = comparable(_as_local(stable_rows(out / table), url, folder))
        local_rows = stable_rows(tmp_path / "local" / table)
        if table == "rejects":  # an unreadable input's id is its source's: the URL, here
            remote_rows = [{k: v for k, v in r.items() if k != "doc_id"} for r in remote_rows]
            local_rows = [{k: v for k, v in r.items() if k != "doc_id"} for r in local_rows]
        assert remote_rows == local_rows, table
    sources = [r["source"] for r in stable_rows(out / "articles")]
    # provenance: the object's URL, with the record's offset or line, never a local path
    assert all(s.startswith("s3://crawl/dumps/") for s in sources)
    assert any(re.fullmatch(r"s3://crawl/dumps/crawl\.warc\.gz#offset=\d+", s) for s in sources)
    assert "s3://crawl/dumps/pages.jsonl:1" in sources
    # A rerun resumes from the parts in the bucket.
    again = clean(
        inputs=[url], output="s3://clean/run", storage_options=_secret(s3_server.options())
    )
    assert again["batches"] == 0 and again["resumed_units"] == 4
    assert again["articles"] == local["articles"]


def _read_with_duckdb(s3: S3Server, prefix: str) -> tuple[str, list[tuple[str, int]]]:
    """The articles under ``prefix`` as DuckDB reads them from the bucket: with its httpfs
    extension when this DuckDB can load it without a download, else through pyarrow's S3
    filesystem. Returns which, and (doc_id, word_count) rows."""
    con = duckdb.connect()
    con.execute("SET autoinstall_known_extensions = false")
    query = "SELECT doc_id, word_count FROM {} ORDER BY doc_id"
    try:
        con.execute("LOAD httpfs")
    except duckdb.Error:
        import pyarrow.dataset as ds
        from pyarrow.fs import S3FileSystem

        host = s3.endpoint.removeprefix("http://")
        s3fs = S3FileSystem(
            access_key=ACCESS_KEY,
            secret_key=SECRET_KEY,
            region=REGION,
            endpoint_override=host,
            scheme="http",
        )
        articles = ds.dataset(f"{prefix}/articles", filesystem=s3fs, format="parquet")
        con.register("articles", articles)
        return "pyarrow S3", con.execute(query.format("articles")).fetchall()
    host = s3.endpoint.removeprefix("http://")
    con.execute(
        "CREATE SECRET moto (TYPE s3, KEY_ID ?, SECRET ?, REGION ?, ENDPOINT ?, "
        "URL_STYLE 'path', USE_SSL false)",
        [ACCESS_KEY, SECRET_KEY, REGION, host],
    )
    rows = con.execute(query.format(f"'s3://{prefix}/articles/*.parquet'")).fetchall()
    return "httpfs", rows


def test_duckdb_reads_the_output_straight_from_the_bucket(
    prefect_harness: str, s3_server: S3Server, crawl: tuple[Path, str], tmp_path: Path
) -> None:
    from flows.clean import clean

    _folder, url = crawl
    clean(inputs=[url], output="s3://clean/duck", storage_options=_secret(s3_server.options()))
    how, rows = _read_with_duckdb(s3_server, "clean/duck")
    expected = stable_rows(_download(s3_server, "s3://clean/duck", tmp_path / "copy") / "articles")
    assert rows == sorted((r["doc_id"], r["word_count"]) for r in expected), how
    assert len(rows) == 15


def _cli(*args: str, env: dict[str, str], api_url: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "flows.clean", *args],
        cwd=ROOT,
        env=dict(env, PREFECT_API_URL=api_url, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


def test_credentials_never_reach_logs_artifacts_rows_or_metadata(
    prefect_harness: str, s3_server: S3Server, crawl: tuple[Path, str]
) -> None:
    from prefect.client.orchestration import get_client

    _folder, url = crawl
    # the keys come only from --storage-option, the endpoint from AWS_ENDPOINT_URL
    env = s3_server.env(endpoint_in_env=True)
    del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    run = _cli(
        url,
        "--output",
        "s3://clean/creds",
        "--storage-option",
        f"key={ACCESS_KEY}",
        "--storage-option",
        f"secret={SECRET_KEY}",
        env=env,
        api_url=prefect_harness,
    )
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert "articles written: 15" in stdout
    said = stdout + stderr
    fs = s3_server.fs()
    objects = fs.find("clean/creds")
    assert objects
    written = [fs.cat_file(key) for key in objects]
    rejects = pq.read_table(
        io.BytesIO(
            next(data for key, data in zip(objects, written, strict=True) if "/rejects/" in key)
        )
    ).to_pylist()
    assert [r["source"] for r in rejects] == [f"{url}/nested/broken.txt.gz"]
    with get_client(sync_client=True) as client:
        flow_runs = client.read_flow_runs()
        ours = [f for f in flow_runs if f.parameters.get("output") == "s3://clean/creds"]
        assert len(ours) == 1
        # the parameter is stored, and shown, as asterisks
        assert ours[0].parameters["storage_options"] == "**********"
        logs = client.read_logs()
        artifacts = client.read_artifacts()
    stored = [
        said,
        json.dumps([f.model_dump(mode="json") for f in flow_runs]),
        json.dumps([log.model_dump(mode="json") for log in logs]),
        json.dumps([a.model_dump(mode="json") for a in artifacts]),
    ]
    assert any("s3://clean/creds" in text for text in stored[2:])  # the run did log and report
    for secret in (ACCESS_KEY, SECRET_KEY):
        for text in stored:
            assert secret not in text
        for data in written:  # rows, Parquet metadata, every object of the output
            assert secret.encode() not in data


def _listings(s3: S3Server, bucket: str) -> int:
    """The listing requests of ``bucket`` the server has logged so far."""
    log = (s3.home / "moto.log").read_text(errors="replace")
    return log.count(f"GET /{bucket}?list-type=")


def test_the_command_line_lists_its_inputs_in_a_store_once(
    prefect_harness: str, s3_server: S3Server, crawl: tuple[Path, str]
) -> None:
    _folder, url = crawl
    env = s3_server.env(endpoint_in_env=True)
    # the requests of one listing, by a process of its own (no listing cached)
    before = _listings(s3_server, "crawl")
    lister = f"from flows.inputs import discover; print(len(discover([{url!r}]).sources))"
    listed = subprocess.run(
        [sys.executable, "-c", lister],
        cwd=ROOT,
        env=dict(env, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert listed.stdout.strip() == "4", listed.stderr
    one_listing = _listings(s3_server, "crawl") - before
    assert one_listing > 0
    run = _cli(url, "--output", "s3://clean/listed", env=env, api_url=prefect_harness)
    stdout, stderr = run.communicate(timeout=300)
    assert run.returncode == 0, stderr
    assert "articles written: 15" in stdout
    # the command line refuses a run without inputs by listing them: the flow reuses that
    assert _listings(s3_server, "crawl") - before == 2 * one_listing


def _wait_for_new_object(fs: Any, prefix: str, run: subprocess.Popen[str]) -> None:
    """Return once ``run`` has written an object under ``prefix`` that was not there."""
    fs.invalidate_cache()
    before = set(fs.find(prefix))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and run.poll() is None:
        fs.invalidate_cache()
        if set(fs.find(prefix)) - before:
            return
        time.sleep(0.05)


def _assert_only_whole_parts(fs: Any, prefix: str) -> None:
    fs.invalidate_cache()
    for key in fs.find(prefix):
        if key.endswith(".parquet"):
            pq.read_table(io.BytesIO(fs.cat_file(key)))  # raises on a partial object
        else:
            assert key.endswith(LOCK_NAME), key


def test_sigkill_leaves_no_partial_object_and_a_rerun_resumes(
    prefect_harness: str, s3_server: S3Server, tmp_path: Path
) -> None:
    from flows.clean import clean

    pages = tmp_path / "pages"
    pages.mkdir()
    rng = random.Random(11)
    for n in range(150):
        (pages / f"page-{n:04d}.txt").write_text(_story(n, rng))
    s3_server.bucket("many")
    s3_server.upload(pages, "s3://many/pages")
    reference = clean(inputs=[str(pages)], output=str(tmp_path / "reference"))
    assert reference["articles"] == 150
    fs = s3_server.fs()
    env = s3_server.env(endpoint_in_env=True)
    args = ("s3://many/pages", "--output", "s3://many/out", "--batch-files", "5")
    for attempt in range(2):
        run = _cli(*args, env=env, api_url=prefect_harness)
        if attempt == 0:
            time.sleep(random.Random(attempt).uniform(0.5, 3.0))  # while it starts
        else:
            _wait_for_new_object(fs, "many/out/articles", run)  # while parts are written
        run.send_signal(signal.SIGKILL)
        run.communicate(timeout=60)
        assert run.returncode == -signal.SIGKILL
        _assert_only_whole_parts(fs, "many/out")
    final = _cli(*args, env=env, api_url=prefect_harness)
    stdout, stderr = final.communicate(timeout=600)
    assert final.returncode == 0, stderr
    # the killed run's lock was taken over at once: its process on this host is gone
    assert "taking over the stale lock" in stdout + stderr
    assert re.search(r"finished by an earlier run: \d+ of 150", stdout), stdout
    _assert_only_whole_parts(fs, "many/out")
    assert not fs.exists(f"many/out/{LOCK_NAME}")
    out = _download(s3_server, "s3://many/out", tmp_path / "out")
    articles = _as_local(stable_rows(out / "articles"), "s3://many/pages", pages)
    assert comparable(articles) == stable_rows(tmp_path / "reference" / "articles")


# --- the lock ---------------------------------------------------------------------------------


def _store(s3: S3Server, url: str) -> StorePath:
    return StorePath.of(url, StoreOptions.of(s3.options()))


def test_the_lock_object_is_exclusive_refreshed_and_removed(s3_server: S3Server) -> None:
    s3_server.bucket("locks")
    output = _store(s3_server, "s3://locks/one")
    first = ObjectLock(output, "run-1")
    first.acquire()
    found = read_lock(output)
    assert found is not None and found[0].run_id == "run-1" and first.conditional
    with pytest.raises(OutputLocked, match=r"in use by another run .*run run-1"):
        ObjectLock(output, "run-2").acquire()
    assert in_use(output) is not None
    before = found[0].refreshed_at
    time.sleep(0.01)
    first.refresh()
    after = read_lock(output)
    assert after is not None and after[0].refreshed_at > before and after[0].run_id == "run-1"
    first.release()
    assert read_lock(output) is None and in_use(output) is None
    second = ObjectLock(output, "run-2")
    second.acquire()
    second.release()


def test_a_stale_lock_is_taken_over_and_said(
    s3_server: S3Server, caplog: pytest.LogCaptureFixture
) -> None:
    s3_server.bucket("stale")
    output = _store(s3_server, "s3://stale/out")
    old = LockBody("gone-run", "2026-01-01T00:00:00+00:00", "2026-01-01T00:05:00+00:00", "far", 7)
    s3_server.fs().pipe_file(f"stale/out/{LOCK_NAME}", old.encode())
    assert in_use(output) is None
    lock = ObjectLock(output, "new-run", logging.getLogger("test-lock"))
    with caplog.at_level(logging.WARNING, logger="test-lock"):
        lock.acquire()
    assert "taking over the stale lock" in caplog.text and "gone-run" in caplog.text
    assert "not refreshed for" in caplog.text
    found = read_lock(output)
    assert found is not None and found[0].run_id == "new-run"
    lock.release()


def test_a_run_that_lost_its_lock_says_so(
    s3_server: S3Server, caplog: pytest.LogCaptureFixture
) -> None:
    s3_server.bucket("lost")
    output = _store(s3_server, "s3://lost/out")
    lock = ObjectLock(output, "slow-run", logging.getLogger("test-lock"))
    lock.acquire()
    other = LockBody("other-run", "now", "2999-01-01T00:00:00+00:00", "far", 7)
    s3_server.fs().pipe_file(f"lost/out/{LOCK_NAME}", other.encode())  # taken over
    with caplog.at_level(logging.ERROR, logger="test-lock"):
        lock.refresh()
    assert lock.lost and "no longer this run's" in caplog.text
    lock.release()  # leaves the other run's lock alone
    found = read_lock(output)
    assert found is not None and found[0].run_id == "other-run"


def test_a_second_run_on_a_locked_prefix_is_refused(
    s3_server: S3Server, crawl: tuple[Path, str]
) -> None:
    _folder, url = crawl
    output = _store(s3_server, "s3://clean/locked")
    lock = ObjectLock(output, "holding-run")
    lock.acquire()
    try:
        env = s3_server.env(endpoint_in_env=True)
        run = _cli(url, "--output", "s3://clean/locked", env=env, api_url="http://127.0.0.1:9/api")
        _stdout, stderr = run.communicate(timeout=300)
    finally:
        lock.release()
    assert run.returncode == 3, stderr
    assert "in use by another run" in stderr and "holding-run" in stderr
    assert "Traceback" not in stderr and len(stderr.splitlines()) == 1, stderr
    assert s3_server.fs().find("clean/locked") == []


# --- bad input --------------------------------------------------------------------------------


def _config(s3: S3Server, **more: Any) -> CleanConfig:
    return build_config(
        {"output": "s3://clean/x", "storage_options": _secret(s3.options()), **more}
    )


def test_a_missing_bucket_or_key_is_a_clear_error_before_the_run(
    s3_server: S3Server, crawl: tuple[Path, str]
) -> None:
    options = StoreOptions.of(s3_server.options())
    with pytest.raises(InputError, match="no file or folder matches 's3://no-such-bucket/x/'"):
        discover(["s3://no-such-bucket/x/"], options)
    with pytest.raises(InputError, match="no file or folder matches 's3://crawl/missing"):
        discover(["s3://crawl/missing.warc.gz"], options)
    with pytest.raises(InputError, match="no file or folder matches"):
        discover(["s3://crawl/dumps/*.arc"], options)
    with pytest.raises(InputError, match="with credentials in it"):
        discover(["s3://key:secret@crawl/dumps"], options)
    found = discover(["s3://crawl/dumps/", "s3://crawl/dumps/**/*.gz"], options)
    assert found.sources == (
        "s3://crawl/dumps/crawl.warc.gz",
        "s3://crawl/dumps/nested/broken.txt.gz",
        "s3://crawl/dumps/nested/one.txt",
        "s3://crawl/dumps/pages.jsonl",
    )
    env = s3_server.env(endpoint_in_env=True)
    for args, message in (
        (["s3://crawl/missing/"], "no file or folder matches 's3://crawl/missing/'"),
        (["s3://crawl/dumps", "-o", "s3://no-such-bucket/out"], "bucket no-such-bucket does not"),
        (["s3://crawl/dumps", "-o", "s3://crawl/dumps/pages.jsonl"], "is a file, not a folder"),
    ):
        run = _cli(*args, env=env, api_url="http://127.0.0.1:9/api")
        _stdout, stderr = run.communicate(timeout=300)
        assert run.returncode == 2, stderr
        assert message in stderr and len(stderr.splitlines()) == 1, stderr


def test_an_object_gone_after_listing_is_a_read_error_reject(
    s3_server: S3Server, crawl: tuple[Path, str]
) -> None:
    from flows.batches import read_records

    config = _config(s3_server)
    for source in ("s3://crawl/dumps/vanished.warc.gz", "s3://no-such-bucket/page.txt"):
        records = list(read_records(source, config))
        assert [(r.source, r.error) for r in records] == [(source, "read_error")]
        assert "FileNotFoundError" in records[0].detail


def _iam_reader(s3: S3Server) -> dict[str, str]:
    """An IAM user who may list and read the bucket ``guarded`` but not its ``private/``
    objects, and write to ``guarded-out``; returns its keys."""
    import boto3

    iam = boto3.client(
        "iam",
        endpoint_url=s3.endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:*", "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::guarded/private/*",
            },
        ],
    }
    iam.create_user(UserName="reader")
    iam.put_user_policy(UserName="reader", PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="reader")["AccessKey"]
    return {"key": key["AccessKeyId"], "secret": key["SecretAccessKey"]}


def test_access_denied_to_an_object_is_a_reject_and_the_run_goes_on(
    prefect_harness: str, tmp_path: Path
) -> None:
    from flows.clean import clean

    rng = random.Random(3)
    pages = tmp_path / "pages"
    (pages / "open").mkdir(parents=True)
    (pages / "private").mkdir()
    for n in range(3):
        (pages / "open" / f"p{n}.txt").write_text(_story(n, rng))
    (pages / "private" / "secret.txt").write_text(_story(9, rng))
    # a server of its own: once it checks credentials, it checks them for every request
    with moto_server(tmp_path / "moto") as s3:
        s3.bucket("guarded")
        s3.bucket("guarded-out")
        s3.upload(pages, "s3://guarded")
        reader = _iam_reader(s3)
        s3.set_auth(0)
        options = {"endpoint_url": s3.endpoint, **reader}
        summary = clean(
            inputs=["s3://guarded"], output="s3://guarded-out/run", storage_options=_secret(options)
        )
        assert summary["articles"] == 3 and summary["rejects"] == {"read_error": 1}
        s3.set_auth(float("inf"))
        out = _download(s3, "s3://guarded-out/run", tmp_path / "out")
    rejects = stable_rows(out / "rejects")
    assert [(r["source"], r["reason"]) for r in rejects] == [
        ("s3://guarded/private/secret.txt", "read_error")
    ]
    assert "Access Denied" in rejects[0]["detail"]


def test_access_denied_to_a_listing_is_a_clear_error(tmp_path: Path) -> None:
    with moto_server(tmp_path / "moto") as s3:
        s3.bucket("guarded")
        s3.set_auth(0)  # the test keys belong to no IAM user: every request is refused
        options = StoreOptions.of(s3.options())
        with pytest.raises(InputError, match="cannot list s3://guarded/"):
            discover(["s3://guarded/"], options)
        s3.set_auth(float("inf"))


def test_store_options_show_their_names_only(s3_server: S3Server) -> None:
    config = _config(s3_server)
    shown = repr(config) + str(config.output) + repr(config.output) + str(config.store_options)
    assert SECRET_KEY not in shown and ACCESS_KEY not in shown
    assert "secret" in str(config.store_options)
    assert "AWS_SECRET_ACCESS_KEY" not in os.environ  # the keys came from the options alone


def test_an_object_is_read_whole_past_its_first_block_and_an_empty_one_is_empty(
    s3_server: S3Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.store
    from flows.batches import read_records

    # a first block of 1 KiB: the pages below span many blocks, and one ends on a block's end
    monkeypatch.setattr(flows.store, "READ_BLOCK_BYTES", 1024)
    fs = s3_server.fs()
    s3_server.bucket("blocks")
    rng = random.Random(5)
    pages = [("https://example.org/a", _story(1, rng).encode() * 3)]
    warc = _warc(pages)
    for name, body in (
        ("long.warc", warc),
        ("exact.txt", b"x" * 1024),
        ("empty.txt", b""),
        ("short.txt", b"A short page."),
    ):
        fs.pipe_file(f"blocks/{name}", body)
        with _store(s3_server, f"s3://blocks/{name}").open_stream() as stream:
            read = b"".join(iter(lambda stream=stream: stream.read(100), b""))
        assert read == body, name
    config = _config(s3_server)
    [record] = list(read_records("s3://blocks/long.warc", config))
    assert record.raw == pages[0][1] and record.url == pages[0][0]
    [empty] = list(read_records("s3://blocks/empty.txt", config))
    assert empty.raw == b"" and empty.error is None


def test_a_run_asks_the_store_once_for_each_page_file(
    s3_server: S3Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    import s3fs

    from flows.store import PREFETCH_OBJECTS, prefetch, run_cache

    fs = s3_server.fs()
    s3_server.bucket("cached")
    bodies = {f"s3://cached/p{i:03d}.txt": f"Page {i}.".encode() for i in range(40)}
    bodies["s3://cached/empty.txt"] = b""
    for url, body in bodies.items():
        fs.pipe_file(url.removeprefix("s3://"), body)
    asked: list[str] = []
    cat_file = s3fs.S3FileSystem._cat_file

    async def counted(self: Any, path: str, *args: Any, **kwargs: Any) -> bytes:
        asked.append(path)
        return await cat_file(self, path, *args, **kwargs)

    monkeypatch.setattr(s3fs.S3FileSystem, "_cat_file", counted)
    # a filesystem binds its blocking methods when made: new ones for this test, dropped after
    monkeypatch.setattr(s3fs.S3FileSystem, "_cache", {})
    options = StoreOptions.of(s3_server.options())
    urls = list(bodies)

    def read_all() -> dict[str, bytes]:
        read = {}
        for url in urls:
            with StorePath.of(url, options).open_stream() as stream:
                read[url] = stream.read()
        return read

    with run_cache():
        for at in range(0, len(urls), PREFETCH_OBJECTS):
            prefetch(urls[at : at + PREFETCH_OBJECTS], options)
        assert len(asked) == len(urls)  # fetched at once, a window at a time
        assert read_all() == bodies
        assert read_all() == bodies
        # only the empty object may be asked for again: S3 refuses its every range, unless
        # s3fs knows its size already and asks for no range
        assert set(asked[len(urls) :]) <= {"cached/empty.txt"}
    asked.clear()
    assert read_all() == bodies  # the run is over: its cache is gone
    assert len(asked) == len(urls)
