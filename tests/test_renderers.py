"""The benchmarks' renderers (``benchmarks.render``) on a small page built here."""

from __future__ import annotations

import sys

import pytest

from benchmarks.render import (
    DumpStyle,
    MissingRendererError,
    Renderer,
    render,
    render_dump,
    render_wrapped,
)
from benchmarks.text_dumps import OURS_RENDERERS, parse_renderers

PARAGRAPH = (
    "The council approved the new budget on Tuesday after a long debate about roads, schools "
    "and the harbour, which had been closed for repairs since the storm of last winter."
)
ITEM = (
    "A list item long enough to be wrapped by a text browser onto a second line with a hanging "
    "indent under its bullet"
)
PAGE = f"""<!DOCTYPE html>
<html><head><title>Budget</title><style>p {{ color: red }}</style></head>
<body>
<h1>Budget passes</h1>
<p>{PARAGRAPH}</p>
<ul><li>{ITEM}</li><li><a href="https://example.com/roads">Roads</a></li></ul>
<pre>keep   this
  as is</pre>
<script>var hidden = "scriptword";</script>
<p>Written by <b>Jane Doe</b> for the <i>Gazette</i>.</p>
</body></html>
""".encode()


@pytest.mark.parametrize("renderer", list(Renderer))
def test_every_renderer_keeps_the_paragraph_and_drops_the_script(renderer: Renderer) -> None:
    text = render(PAGE, renderer)
    words = " ".join(text.replace("*", " ").split())
    assert " ".join(PARAGRAPH.split()) in words
    assert "Jane Doe" in words
    assert "scriptword" not in text
    assert "color: red" not in text


def test_render_takes_a_name_and_ours_are_the_dump_styles() -> None:
    assert render(PAGE, "ours-blank") == render_dump(PAGE, DumpStyle.BLANK_LINE)
    assert render(PAGE, Renderer.OURS_NEWLINE) == render_dump(PAGE, DumpStyle.NEWLINE)
    assert [r.key for r in Renderer][:3] == ["blank", "newline", "bs4"]
    with pytest.raises(ValueError):
        render(PAGE, "lynx")


@pytest.mark.parametrize("width", [72, 80, 100])
def test_wrapped_renderer_fills_paragraphs_at_its_width(width: int) -> None:
    text = render(PAGE, f"wrap{width}")
    lines = text.splitlines()
    assert all(len(line) <= width for line in lines if "keep" not in line)
    paragraph_lines = text.split("\n\n")[1].splitlines()
    assert len(paragraph_lines) > 1
    assert " ".join(paragraph_lines) == PARAGRAPH


def test_wrapped_renderer_hangs_list_items_and_separates_blocks() -> None:
    blocks = render_wrapped(PAGE, 72).split("\n\n")
    assert blocks[0] == "Budget passes"
    item = blocks[2].splitlines()
    assert item[0].startswith("  * A list item")
    assert len(item) > 1
    assert all(line.startswith("    ") and not line.startswith("     ") for line in item[1:])
    assert blocks[3] == "  * Roads"
    assert blocks[4] == "keep this\nas is"  # preformatted: its lines kept, not filled


def test_wrapped_renderer_nests_lists_and_indents_an_items_later_blocks() -> None:
    page = (
        b"<ul><li>Outer<ul><li>Inner</li></ul></li>"
        b"<li><p>First paragraph</p><p>Second paragraph</p></li></ul><p>After</p>"
    )
    blocks = render_wrapped(page, 80).split("\n\n")
    assert blocks == [
        "  * Outer",
        "    * Inner",
        "  * First paragraph",
        "    Second paragraph",
        "After",
    ]


def test_bs4_renderer_puts_each_text_node_on_its_own_line() -> None:
    lines = [line for line in render(PAGE, Renderer.BS4).splitlines() if line.strip()]
    assert "Written by " in lines
    assert "Jane Doe" in lines
    assert "Roads" in lines
    assert "Budget" in lines  # the head's title: get_text keeps it


def test_html2text_renderers_write_markdown() -> None:
    unwrapped = render(PAGE, Renderer.HTML2TEXT)
    assert "[Roads](https://example.com/roads)" in unwrapped
    assert "# Budget passes" in unwrapped
    assert PARAGRAPH in unwrapped  # body_width=0: one line per paragraph
    wrapped = render(PAGE, Renderer.HTML2TEXT_WRAPPED)
    assert PARAGRAPH not in wrapped
    assert max(len(line) for line in wrapped.splitlines() if "council" in line) <= 78


def test_inscriptis_renderer_lays_out_the_list() -> None:
    lines = render(PAGE, Renderer.INSCRIPTIS).splitlines()
    assert any(line.strip() == "* Roads" for line in lines)


def test_a_missing_library_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "inscriptis", None)
    with pytest.raises(MissingRendererError, match=r"inscriptis.*\.\[bench\]"):
        render(PAGE, Renderer.INSCRIPTIS)


def test_renderer_option_values() -> None:
    assert parse_renderers(None) == list(Renderer)
    assert parse_renderers(["all"]) == list(Renderer)
    assert parse_renderers(["wrap80,bs4", "ours-blank"]) == [
        Renderer.OURS_BLANK,
        Renderer.BS4,
        Renderer.WRAP80,
    ]
    assert [r.key for r in OURS_RENDERERS] == ["blank", "newline"]
    with pytest.raises(ValueError, match="lynx"):
        parse_renderers(["bs4,lynx"])
