"""One page in, one record out: an ``Article``, or a ``Reject`` with its reason."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from extractors.html.extract import extract_html
from extractors.inputs.decoding import decode_page
from extractors.language import detect_language
from extractors.language import warm_up as _load_language_profiles
from extractors.meta.dateline import normalize_agency
from extractors.record import (
    MIN_ARTICLE_WORDS,
    PIPELINE_VERSION,
    Article,
    InputFormat,
    Reject,
    TemplateLine,
)
from extractors.stories.signatures import signature_of
from extractors.text.blocks import block_bound
from extractors.text.clean import CleanText, clean_text_dump
from extractors.text.layout import dump_blocks
from extractors.text.templates import (
    SiteTemplate,
    TemplateLearner,
    page_lines,
    page_site,
    template_for,
    text_digest,
)
from extractors.words import word_count

_WARM_UP_SENTENCE = b"The council met on Tuesday and voted to keep the old bridge open for a year. "


def warm_up() -> None:
    """Load now what the first pages of a process would otherwise pay for: the language
    profiles (about half a second of CPU), and the lazy imports and set-up of trafilatura and
    its helpers (about 0.2 s on the first HTML page), jusText's stoplists among them, which
    load only when a page with little text makes trafilatura fall back on it; and the
    character tables of the articles' signatures (about 0.05 s)."""
    _load_language_profiles()
    sentences = _WARM_UP_SENTENCE * 8
    pages: list[tuple[bytes, InputFormat]] = [
        (
            b"<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1><p>"
            + sentences
            + b"</p></article></body></html>",
            "html",
        ),
        (b"<html><body><div><p>" + _WARM_UP_SENTENCE + b"</p></div></body></html>", "html"),
        (sentences, "text"),
    ]
    for raw, input_format in pages:
        process_page(raw, f"warm-up.{input_format}", input_format=input_format)
    signature_of("warm-up", sentences.decode())  # its character tables, made once a process


def doc_id(raw: bytes) -> str:
    """The stable id of a page: the SHA-256 of its raw bytes, in hex."""
    return hashlib.sha256(raw).hexdigest()


def _people(names: Sequence[str], agency: str | None) -> tuple[tuple[str, ...], str | None]:
    """The people among an article's credited names, and its agency: a wire agency named as
    an author ("Reuters") is the agency, not a person. (A site's own name is told from a
    person's where the names are read: a personal site is named after its author.)"""
    people: list[str] = []
    for name in names:
        wire = normalize_agency(name)
        if wire:
            agency = agency or wire
        else:
            people.append(name)
    return tuple(people), agency


def _article(
    cleaned: CleanText,
    *,
    doc: str,
    source: str,
    url: str | None,
    fetched_at: datetime | None,
    input_format: InputFormat,
    processed_at: datetime,
) -> Article:
    """An ``Article`` record from a cleaned page."""
    text = cleaned.text
    language, score = detect_language(text)
    authors, agency = _people(cleaned.authors, cleaned.agency)
    contributors, agency = _people(cleaned.contributors, agency)
    return Article(
        doc_id=doc,
        source=source,
        url=cleaned.url or url,
        fetched_at=fetched_at,
        site=cleaned.site,
        title=cleaned.title,
        section=cleaned.section,
        authors=authors,
        contributors=contributors,
        published_at=cleaned.published.value if cleaned.published else None,
        published_text=cleaned.published_text,
        published_date=cleaned.published.day if cleaned.published else None,
        published_precision=cleaned.published.precision if cleaned.published else None,
        dateline=cleaned.dateline,
        agency=agency,
        language=language,
        language_score=score,
        text=text,
        word_count=word_count(text),
        input_format=input_format,
        removed=tuple(cleaned.removed),
        dropped_words=cleaned.dropped_words,
        processed_at=processed_at,
        pipeline_version=PIPELINE_VERSION,
    )


def process_page(
    raw: bytes,
    source: str,
    *,
    input_format: InputFormat | None = None,
    url: str | None = None,
    charset: str | None = None,
    fetched_at: datetime | None = None,
    processed_at: datetime | None = None,
    templates: Mapping[str, SiteTemplate] | None = None,
) -> Article | Reject:
    """Clean one page dump.

    ``input_format`` is a hint ("html" or "text", usually from the file name); the content
    decides when it is clear. ``url``, ``charset`` and ``fetched_at`` (the crawl time) come from
    the container when it has them.
    ``templates`` maps sites to their learned templates (see ``template_page``); a text
    dump's blocks that its site's template holds are stripped.
    Never raises on bad input: every page that yields no article returns a ``Reject``.
    """
    processed_at = processed_at or datetime.now(UTC)
    doc = doc_id(raw)

    def reject(reason: str, detail: str) -> Reject:
        return Reject(doc, source, reason, detail, processed_at, fetched_at)

    if not raw.strip():
        return reject("empty_input", f"{len(raw)} bytes, no text")
    decoded = decode_page(raw, charset, input_format)
    if decoded.text is None:
        return reject(decoded.reason or "decode_error", decoded.detail)
    if not decoded.text.strip():
        return reject("empty_input", f"only whitespace once decoded as {decoded.encoding}")
    fmt: InputFormat = decoded.format or "text"
    if fmt == "html":
        cleaned = extract_html(decoded.text, url, fetched_at=fetched_at)
        if cleaned is None:
            return reject("no_article", "trafilatura found no main text")
    else:
        template = template_for(templates or {}, source, url, decoded.text)
        cleaned = clean_text_dump(decoded.text, template)
    words = word_count(cleaned.text)
    if words == 0:
        return reject("no_article", f"every block was chrome ({len(cleaned.removed)} removed)")
    if words < MIN_ARTICLE_WORDS:
        return reject("too_short", f"{words} words of text left, fewer than {MIN_ARTICLE_WORDS}")
    return _article(
        cleaned,
        doc=doc,
        source=source,
        url=url,
        fetched_at=fetched_at,
        input_format=fmt,
        processed_at=processed_at,
    )


@dataclass(frozen=True, slots=True)
class TemplatePage:
    """A text dump as the template learner reads it: its site and its decoded text."""

    site: str
    text: str

    @property
    def line_bound(self) -> int:
        """At least the number of distinct blocks ``lines`` finds (see ``block_bound``)."""
        return block_bound(self.text)

    def lines(self) -> dict[int, str]:
        """The dump's distinct blocks, as ``page_lines``."""
        return page_lines(dump_blocks(self.text).blocks)

    @property
    def digest(self) -> int:
        """The dump's text digest (``text_digest``): copies of one page share it."""
        return text_digest(self.text)


def template_page(
    raw: bytes, source: str, *, input_format: InputFormat | None = None, url: str | None = None
) -> TemplatePage | None:
    """A text dump as the template learner reads it; None for HTML and for bytes that are not
    text. The first pass of a run calls this on every page, and again on the pages of the sites
    it learns templates for."""
    if input_format == "html" or not raw.strip():
        return None
    decoded = decode_page(raw, hint=input_format)
    if decoded.text is None or decoded.format == "html":
        return None
    return TemplatePage(page_site(source, url, decoded.text), decoded.text)


def learn_templates(pages: Sequence[TemplatePage]) -> list[TemplateLine]:
    """The site templates of text dumps held in memory, learned in the passes a run makes over
    its inputs."""
    learner = TemplateLearner()
    for page in pages:
        learner.count_page(page.site, page.line_bound, page.digest)
    while sites := learner.next_pass():
        for page in pages:
            if page.site in sites:
                learner.read_page(page.site, page.lines(), page.digest)
    return learner.templates()
