"""Hostile inputs: generated fixtures that must each end as articles or rejects, never a crash.

    python -m benchmarks.hostile_inputs [--page-timeout SECONDS]

prints one row per fixture: the input, what became of each of its pages, and the time it took.
The same fixtures back ``tests/test_hostile_inputs.py``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PARAGRAPH = (
    "The regional council approved the new transport budget on Thursday after a debate that "
    "lasted well into the night, with the opposition voting against every article of the bill."
)
ARTICLE = "Council approves transport budget\n\n" + "\n\n".join(
    PARAGRAPH.replace("Thursday", day) for day in ("Monday", "Tuesday", "Thursday")
)
CHINESE = (
    "<html><head><meta charset='utf-8'><title>市政府公布新的公共交通计划</title></head><body>"
    "<article><h1>市政府公布新的公共交通计划</h1>"
    "<p>市政府星期四公布了一项新的公共交通计划，计划在未来五年内新建三条地铁线路，"
    "并对现有的公共汽车网络进行全面调整，以缓解城市中心日益严重的交通拥堵问题。</p>"
    "<p>交通部门负责人在新闻发布会上表示，新线路将连接城市东部和西部的主要居住区，"
    "预计每天可以为超过五十万名乘客提供服务，项目总投资约为三百亿元人民币。</p>"
    "<p>一些市民对这项计划表示欢迎，但也有人担心施工期间会给周边居民的日常生活带来不便，"
    "希望政府能够提前做好沟通和安排。</p></article></body></html>"
)
ARABIC = (
    "المجلس البلدي يقر خطة جديدة للنقل العام\n\n"
    "أقر المجلس البلدي يوم الخميس خطة جديدة للنقل العام تتضمن إنشاء ثلاثة خطوط جديدة للحافلات "
    "وتوسيع شبكة القطارات في وسط المدينة، وذلك للحد من الازدحام المروري "
    "المتزايد في ساعات الذروة.\n\n"
    "وقال رئيس المجلس في مؤتمر صحفي إن المشروع سيكلف نحو مئتي مليون دولار وسيستغرق تنفيذه خمس "
    "سنوات، مضيفا أن الخطوط الجديدة ستخدم أكثر من مئة ألف راكب يوميا.\n\n"
    "ورحب عدد من السكان بالخطة، لكن بعضهم أبدى قلقه من تأثير أعمال البناء على حياتهم اليومية.\n"
)


@dataclass(frozen=True, slots=True)
class Fixture:
    """A generated input file, how many pages it holds, and what each may become."""

    name: str
    pages: int
    outcomes: frozenset[str]  # "article" or reject reasons
    what: str


def _gzip_bomb(path: Path, decompressed_bytes: int) -> None:
    """A gzip of ``decompressed_bytes`` zeros, written without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * 2**20
    with open(path, "wb") as handle:
        for _ in range(decompressed_bytes // len(chunk)):
            handle.write(compressor.compress(chunk))
        handle.write(compressor.flush())


def _warc_with_garbage(path: Path) -> None:
    """A WARC file with one good response record, then bytes that are no record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    html = f"<html><body><article><h1>Budget</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p>"
    payload = (html + "</article></body></html>").encode()
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        "https://news.example.com/budget",
        "response",
        payload=io.BytesIO(payload),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": "2024-11-20T10:00:00Z"},
    )
    writer.write_record(record)
    path.write_bytes(buffer.getvalue() + b"WARC/1.0\r\nWARC-Type: response\r\nnot a header\r\n\r\n")


def make_fixtures(folder: Path, *, huge_mb: int = 50, nesting: int = 100_000) -> list[Fixture]:
    """Write every hostile fixture into ``folder``; return what each must give."""
    folder.mkdir(parents=True, exist_ok=True)
    fixtures: list[Fixture] = []

    def add(name: str, data: bytes, pages: int, outcomes: set[str], what: str) -> None:
        (folder / name).write_bytes(data)
        fixtures.append(Fixture(name, pages, frozenset(outcomes), what))

    add("empty.txt", b"", 1, {"empty_input"}, "an empty file")
    add(
        "scan.html",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
        1,
        {"not_text"},
        "a PDF",
    )
    add("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, 1, {"not_text"}, "a PNG image")
    add(
        "truncated.txt.gz",
        gzip.compress(ARTICLE.encode())[:40],
        1,
        {"read_error"},
        "a truncated gzip",
    )
    _gzip_bomb(folder / "bomb.html.gz", 1024 * 2**20)
    fixtures.append(
        Fixture("bomb.html.gz", 1, frozenset({"too_large"}), "a gzip bomb: 1 GiB of zeros in 1 MB")
    )
    para = f"<p>{PARAGRAPH}</p>\n".encode()
    body = para * (huge_mb * 2**20 // len(para))
    add(
        "huge.html",
        b"<html><body><article>" + body + b"</article></body></html>",
        1,
        {"article", "timeout"},
        f"a {huge_mb} MB page",
    )
    deep = b"<div>" * nesting + f"<p>{PARAGRAPH}</p>".encode() + b"</div>" * nesting
    add(
        "deep.html",
        b"<html><body>" + deep + b"</body></html>",
        1,
        {"article", "no_article", "too_short", "too_deep"},
        f"HTML nested {nesting} levels deep",
    )
    laughs = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    add(
        "entities.html",
        f'<?xml version="1.0"?><!DOCTYPE html [{laughs}]><html><body><p>&lol9;</p>'
        f"<p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></body></html>".encode(),
        1,
        {"article", "no_article", "too_short"},
        "entity expansion (billion laughs)",
    )
    add(
        "latin1.txt",
        ARTICLE.replace("council", "conseil municipal café").encode("latin-1") + b"\xff\x80",
        1,
        {"article"},
        "invalid UTF-8 (latin-1 bytes)",
    )
    add("utf16.txt", b"\xff\xfe" + ARTICLE.encode("utf-16-le"), 1, {"article"}, "UTF-16 with a BOM")
    _warc_with_garbage(folder / "broken.warc")
    fixtures.append(
        Fixture(
            "broken.warc",
            2,
            frozenset({"article", "malformed_record"}),
            "a WARC whose second record is malformed",
        )
    )
    lines = [
        json.dumps({"url": "https://a.example/1", "text": ARTICLE, "fetched_at": 1732096800}),
        "{this is not json",
        json.dumps({"url": "https://a.example/2", "html": CHINESE}),
    ]
    add(
        "pages.jsonl",
        ("\n".join(lines) + "\n").encode(),
        3,
        {"article", "bad_json"},
        "JSONL with a line that is not JSON",
    )
    add("chinese.html", CHINESE.encode(), 1, {"article"}, "a page in Chinese")
    add("arabic.txt", ARABIC.encode(), 1, {"article"}, "a page in Arabic")
    return fixtures


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one fixture's pages, and how long it took."""

    fixture: Fixture
    outcomes: Counter[str]
    seconds: float
    languages: tuple[str, ...]


def run_fixtures(folder: Path, fixtures: list[Fixture], page_timeout_s: float) -> list[Outcome]:
    """Clean every fixture as the flow does (containers, then a page worker), timing each."""
    from extractors.record import Article
    from flows.batches import page_jobs, unit_of
    from flows.config import build_config
    from flows.isolation import PageWorker

    config = build_config({"output": str(folder / "out"), "page_timeout_s": page_timeout_s})
    now = datetime.now(UTC)
    results: list[Outcome] = []
    with PageWorker(config.limits) as worker:
        for fixture in fixtures:
            start = time.perf_counter()
            jobs = page_jobs(unit_of(str(folder / fixture.name)), config, now)
            records = list(worker.map(jobs, now))
            seconds = time.perf_counter() - start
            outcomes = Counter("article" if isinstance(r, Article) else r.reason for r in records)
            languages = tuple(r.language or "" for r in records if isinstance(r, Article))
            results.append(Outcome(fixture, outcomes, seconds, languages))
    return results


def main() -> None:
    """Make the fixtures in a temporary folder, clean them, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--page-timeout", type=float, default=30.0, metavar="SECONDS")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="boilerstrip-hostile-") as tmp:
        folder = Path(tmp)
        fixtures = make_fixtures(folder)
        print(f"{'input':<18} {'what':<42} {'pages':>5}  {'outcome':<34} {'time':>8}")
        for row in run_fixtures(folder, fixtures, args.page_timeout):
            outcome = ", ".join(f"{k} {v}" if v > 1 else k for k, v in sorted(row.outcomes.items()))
            if row.languages:
                outcome += f" ({'/'.join(row.languages)})"
            print(
                f"{row.fixture.name:<18} {row.fixture.what:<42} {sum(row.outcomes.values()):>5}  "
                f"{outcome:<34} {row.seconds:>7.2f}s"
            )


if __name__ == "__main__":
    main()
