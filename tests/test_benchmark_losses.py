"""The HTML benchmark's loss report: which pages lose text that trafilatura alone keeps, and
what took it."""

from __future__ import annotations

from benchmarks.bench_data import BenchPage
from benchmarks.harness import Extraction
from benchmarks.losses import format_losses, loss_figures, page_loss, sentences_of

SENTENCES = [
    "The council approved the new budget on Tuesday evening.",
    "Disclaimer: the views expressed here are the author's own and nobody else's.",
    "Repairs to the old bridge will start in March and last a year.",
]
TRUE = " ".join(SENTENCES)


def _page(true: str = TRUE) -> BenchPage:
    return BenchPage(set_name="t", id="p1", html=b"", true_text=true)


def _never() -> list[str]:
    raise AssertionError("the extraction is not needed")


def test_a_sentence_a_rule_took_is_put_down_to_that_rule() -> None:
    ours = Extraction(
        text=f"{SENTENCES[0]} {SENTENCES[2]}", removed=(("legal_notice", SENTENCES[1]),)
    )
    loss = page_loss(_page(), ours, Extraction(text=TRUE), lambda: SENTENCES)
    assert loss is not None and loss.cause == "legal_notice"
    assert loss.sentences == [("legal_notice", sentences_of(SENTENCES[1])[0])]


def test_a_sentence_the_extraction_never_had_is_put_down_to_it() -> None:
    ours = Extraction(text=SENTENCES[0])
    loss = page_loss(_page(), ours, Extraction(text=TRUE), lambda: [SENTENCES[0]])
    assert loss is not None and loss.cause == "extraction"
    assert len(loss.sentences) == 2


def test_a_reject_and_a_page_as_good_as_trafilaturas() -> None:
    rejected = Extraction(text="", reject_reason="too_short")
    loss = page_loss(_page(), rejected, Extraction(text=TRUE), _never)
    assert loss is not None and loss.cause == "reject:too_short"
    assert page_loss(_page(), Extraction(text=TRUE), Extraction(text=TRUE), _never) is None


def test_fewer_copies_of_a_repeated_line_is_told_apart() -> None:
    true = f"{TRUE} {SENTENCES[2]} {SENTENCES[2]}"
    ours = Extraction(text=TRUE, removed=(("duplicate", SENTENCES[2]),) * 2)
    loss = page_loss(_page(true), ours, Extraction(text=true), lambda: [true])
    assert loss is not None and loss.cause == "fewer copies" and loss.sentences == []


def test_the_report_counts_the_targets_measures() -> None:
    pages = [_page(), BenchPage(set_name="t", id="p2", html=b"", true_text=TRUE)]
    ours = [Extraction(text="", reject_reason="no_article"), Extraction(text=TRUE)]
    theirs = [Extraction(text=TRUE + " " + "word " * 100), Extraction(text=TRUE)]
    figures = loss_figures(pages, ours, theirs, lambda page: [])
    assert figures["large_gaps"] == 1 and figures["large_rejects"] == 1
    report = format_losses("t", figures)
    assert "1 pages more than 0.02 recall below" in report and "reject:no_article" in report
