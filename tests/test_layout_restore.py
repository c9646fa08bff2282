"""A dump's layout undone: hard-wrapped, fragmented, Markdown and text-browser dumps, built here,
come back as one block a line, with what was taken off recorded; short lines that are lines
(a poem, an address) stay lines."""

from __future__ import annotations

import random
import re
import textwrap

from extractors.pipeline import process_page
from extractors.record import Article
from extractors.text import blocks as blocks_module
from extractors.text import fragments as fragments_module
from extractors.text import layout as layout_module
from extractors.text.layout import dump_blocks, restore_layout
from extractors.words import alnum_count

PARAGRAPHS = [
    "The city of Riverton will close its oldest bridge to traffic for eighteen months starting "
    "in March, transport officials said on Monday, after inspectors found corrosion in its "
    "steel beams during a routine check of the river crossings last spring.",
    "Commuters will be sent over two other crossings, which officials expect to add fifteen "
    "minutes to the average morning trip into the city centre, according to the department's "
    "own estimate published alongside the decision.",
    "The repairs will cost about sixty million dollars and will be paid for by a state grant "
    "and by the city's own capital budget, which the council approved last week after a long "
    "and sometimes heated debate about other priorities.",
    "Local shops near the bridge said they feared losing customers, and the chamber of commerce "
    "asked the city to keep one lane open for pedestrians and cyclists during the works, a "
    "request officials said they would consider.",
]
ITEMS = [
    "a temporary ferry between the two banks, running every twenty minutes at peak hours",
    "free parking at the park-and-ride sites on both sides of the river for the duration",
]


# Sentences split at their links, as a dump of one text node a line writes them: enough of them
# for the dump to read as fragmented.
SPLIT_SENTENCES = [
    "The city of Riverton will close its",
    "oldest bridge",
    "to traffic for eighteen months, transport officials said on Monday.",
    "Commuters will be sent over",
    "two other crossings",
    ", which officials expect to add fifteen minutes to the trip.",
    "Shops near the",
    "old bridge",
    "fear losing customers, and the",
    "chamber of commerce",
    "asked the city to keep one lane open.",
]


def _blocks(dump: str) -> list[str]:
    return dump_blocks(dump).blocks


def _wrapped(width: int) -> str:
    """The paragraphs and a list, as a text browser prints them at ``width`` columns."""
    parts = [textwrap.fill(p, width) for p in PARAGRAPHS[:2]]
    parts += [
        textwrap.fill(item, width, initial_indent="  * ", subsequent_indent="    ")
        for item in ITEMS
    ]
    parts += [textwrap.fill(p, width) for p in PARAGRAPHS[2:]]
    return "\n\n".join(parts) + "\n"


def _article_between_menus(body: list[str], name: str) -> str:
    """The text of ``body`` cleaned between a long menu and a footer menu, every paragraph of
    PARAGRAPHS checked to be kept whole."""
    menu = [f"Riverton Section {n}" for n in range(1, 30)]
    dump = "\n".join([*menu, *body, *menu[:10]])
    record = process_page(dump.encode(), name, input_format="text")
    assert isinstance(record, Article)
    for paragraph in PARAGRAPHS:
        assert paragraph in record.text
    return record.text


def test_a_hard_wrapped_dump_comes_back_one_paragraph_a_block() -> None:
    for width in (72, 80, 100):
        dump = _wrapped(width)
        assert max(len(line) for line in dump.splitlines()) <= width
        layout = restore_layout(dump)
        assert layout.wrap_width is not None and layout.wrap_width <= width
        assert _blocks(dump) == [*PARAGRAPHS[:2], *ITEMS, *PARAGRAPHS[2:]], width


def test_a_wrapped_paragraph_with_a_link_in_it() -> None:
    # a text browser's link number before the link's text, and its list of targets at the end
    linked = PARAGRAPHS[0].replace("transport officials", "[3]transport officials")
    body = "\n\n".join(textwrap.fill(p, 76) for p in [linked, *PARAGRAPHS[1:]])
    targets = "\n".join(f"   {n}. https://riverton.example/page-{n}" for n in range(1, 6))
    dump = f"{body}\n\nReferences\n\n{targets}\n"
    restored = dump_blocks(dump)
    blocks, removed = restored.blocks, restored.removed
    assert blocks == PARAGRAPHS
    kinds = [r.kind for r in removed]
    assert kinds.count("link_number") == 1 and kinds.count("link_references") == 6


def test_short_lines_that_are_lines_stay_lines() -> None:
    poem = [
        "The river keeps its counsel,",
        "the bridge its iron word;",
        "and we who cross at evening",
        "go on, and are not heard.",
    ]
    address = ["Riverton City Hall", "12 Main Street", "Riverton, RV 10001"]
    dump = "\n\n".join([*PARAGRAPHS[:2], "\n".join(poem), "\n".join(address), *PARAGRAPHS[2:]])
    assert _blocks(dump) == [*PARAGRAPHS[:2], *poem, *address, *PARAGRAPHS[2:]]
    layout = restore_layout(dump)
    assert layout.wrap_width is None and layout.joined == 0


def test_a_sentence_split_at_its_inline_elements_is_joined() -> None:
    # every text node on its own line, as BeautifulSoup's get_text("\n") writes them
    fragmented = [
        "Home",
        "news",
        "sport",
        "",
        *SPLIT_SENTENCES[:6],
        "Jane Doe",
        "wrote the report.",
    ]
    filler = [f"Paragraph {n} of the report stands on its own line." for n in range(8)]
    blocks = _blocks("\n".join(fragmented + filler))
    assert blocks[:6] == [
        "Home",
        "news",
        "sport",
        "The city of Riverton will close its oldest bridge to traffic for eighteen months, "
        "transport officials said on Monday.",
        "Commuters will be sent over two other crossings, which officials expect to add "
        "fifteen minutes to the trip.",
        "Jane Doe",
    ]


def test_blank_lines_between_the_pieces_of_a_sentence_are_passed_over() -> None:
    # a scraper that writes every text node on its own line keeps the source's blank lines,
    # and a quotation may close after the sentence's stop ('love.".')
    fragmented = [
        "In her",
        "Riverton review",
        ",",
        "Jane Doe",
        'said the bridge "is the oldest in the state and we all love it.".',
        "",
        "If you want to learn more, read all our",
        "",
        "bridge reports",
        ".",
        'Her book about the river, "',
        "Old Crossings",
        '" (Riverton Press, 2019), is out now.',
    ]
    blocks = _blocks("\n".join(fragmented + SPLIT_SENTENCES))
    assert blocks[:3] == [
        'In her Riverton review, Jane Doe said the bridge "is the oldest in the state and we '
        'all love it.".',
        "If you want to learn more, read all our bridge reports.",
        'Her book about the river, "Old Crossings" (Riverton Press, 2019), is out now.',
    ]


def test_items_split_at_their_separator_are_joined_in_a_fragmented_dump() -> None:
    fragmented = [
        "By",
        "Jane Doe",
        "Mar 5, 2025",
        "",
        "|",
        "",
        "6 comments",
    ]
    dump = "\n".join(fragmented + SPLIT_SENTENCES)
    assert _blocks(dump)[:3] == ["By", "Jane Doe", "Mar 5, 2025 | 6 comments"]
    assert restore_layout(dump).fragmented
    # a dump of one block a line is not read as fragmented: its separators stay as they are
    plain = "\n".join(["Mar 5, 2025", "|", "6 comments", *PARAGRAPHS])
    assert not restore_layout(plain).fragmented
    assert _blocks(plain)[:3] == ["Mar 5, 2025", "|", "6 comments"]


def test_a_listicle_dumped_one_text_node_a_line_keeps_its_items() -> None:
    # numbered items, label/value facts and a comment count beside the date, each text node on
    # its own line: the stray numbers and values inside the text must not cut the article
    head = ["Best bridges of the state", "By", "Jane Doe", "Mar 5, 2025", "|", "4 comments"]
    body = []
    for n, paragraph in enumerate(PARAGRAPHS, 1):
        body += [f"{n}.", f"Bridge number {n}", "Fast Facts", "Length:", f"{n}", "Span:", "3"]
        body += [paragraph, "In her", "bridge review", ",", "Jane Doe", "called it sound and safe."]
    dump = "\n".join(head + body)
    record = process_page(dump.encode(), "listicle.txt", input_format="text")
    assert isinstance(record, Article)
    for paragraph in PARAGRAPHS:
        assert paragraph in record.text


def test_a_menu_of_lowercase_items_is_not_a_sentence() -> None:
    menu = ["news home page", "world", "U.S.", "politics", "more..."]
    filler = [f"Paragraph {n} of the report stands on its own line." for n in range(6)]
    dump = "\n".join(["Top stories of the day in", "news", "sport", *menu, *filler])
    assert _blocks(dump)[:8] == ["Top stories of the day in", "news", "sport", *menu]


def test_a_markdown_page_with_links_images_and_a_table() -> None:
    dump = "\n".join(
        [
            "# Bridge to close for repairs",
            "",
            "![The old bridge](https://img.riverton.example/bridge.jpg)",
            "",
            f"The [city of Riverton](https://riverton.example/) will close **its oldest bridge** "
            f"to traffic, *officials* said. {PARAGRAPHS[1]}",
            "",
            "| crossing | minutes |",
            "|---|---|",
            "| North bridge | 15 |",
            "",
            "* a temporary ferry",
            "* free parking",
            "",
            "[1]: https://riverton.example/report",
        ]
    )
    restored = dump_blocks(dump)
    blocks, removed = restored.blocks, restored.removed
    assert blocks == [
        "Bridge to close for repairs",
        "The city of Riverton will close its oldest bridge to traffic, officials said. "
        + PARAGRAPHS[1],
        "crossing minutes",
        "North bridge 15",
        "a temporary ferry",
        "free parking",
    ]
    kinds = {r.kind for r in removed}
    assert kinds == {"markdown_image", "markdown_link_target", "markdown_reference"}


def test_a_markdown_table_without_its_outer_pipes_comes_back_as_rows() -> None:
    # GitHub-flavoured tables may leave the outer pipes off: "crossing| minutes"
    dump = "\n".join(
        [
            "# Bridge to close for repairs",
            "",
            f"The [city](https://riverton.example/) will close its bridge. {PARAGRAPHS[1]}",
            "",
            "crossing| minutes| change  ",
            "---|---|---  ",
            "[North](https://riverton.example/n)| 15| +5  ",
            "South| 12| -1  ",
            "",
            PARAGRAPHS[2],
        ]
    )
    assert dump_blocks(dump).blocks[-4:] == [
        "crossing minutes change",
        "North 15 +5",
        "South 12 -1",
        PARAGRAPHS[2],
    ]


def test_emphasis_in_headings_and_marks_left_alone_come_off() -> None:
    # a bold span that crossed blocks leaves its marks alone on their lines ("## **", "**")
    body = ["Now get prepping!", "## **", "### **Before the works**", "_Plan your trip_"]
    lead = f"The [city](https://riverton.example/) said so. {PARAGRAPHS[1]}"
    dump = "\n\n".join(["# Bridge to close", lead, *body, "**", PARAGRAPHS[2]])
    assert dump_blocks(dump).blocks[2:] == [
        "Now get prepping!",
        "Before the works",
        "Plan your trip",
        PARAGRAPHS[2],
    ]


def test_form_fields_and_bullet_glyphs_go() -> None:
    dump = "Search [__________] [ ] Remember me\n\n   • a temporary ferry\n   • free parking\n"
    restored = dump_blocks(dump)
    blocks, removed = restored.blocks, restored.removed
    assert blocks == ["Search Remember me", "a temporary ferry", "free parking"]
    assert [r.kind for r in removed] == ["form_field", "form_field"]


def test_a_mojibake_line_is_repaired_and_the_garbled_text_kept() -> None:
    garbled = "Itâ€™s the cityâ€™s oldest bridge, and cafÃ© owners nearby are worried."
    restored = dump_blocks(f"{garbled}\n\nA plain line, which needs no repair.\n")
    blocks, removed = restored.blocks, restored.removed
    assert blocks[0] == "It’s the city’s oldest bridge, and café owners nearby are worried."
    assert [(r.kind, r.text) for r in removed] == [("mojibake", garbled)]
    # a line of real Latin-1-looking text is left alone
    assert dump_blocks("Ã la carte: Ãlesund and Âge are words here.\n").blocks == [
        "Ã la carte: Ãlesund and Âge are words here."
    ]


def test_the_text_path_records_what_the_layout_took_off() -> None:
    body = "\n\n".join(textwrap.fill(p, 76) for p in PARAGRAPHS)
    dump = f"Bridge to close for eighteen months\n\n{body}\n\n![map](https://x.example/m.png)\n"
    record = process_page(dump.encode(), "riverton/bridge.txt", input_format="text")
    assert isinstance(record, Article)
    assert record.text == "\n\n".join(PARAGRAPHS)
    assert ("markdown_image", "![map](https://x.example/m.png)") in [
        (r.kind, r.text) for r in record.removed
    ]


def test_citation_numbers_stay_without_a_list_of_link_targets() -> None:
    cited = "\n\n".join(p.replace(",", " [12],", 1) for p in PARAGRAPHS)
    restored = dump_blocks(cited)
    assert "[12]" in restored.blocks[0] and not restored.removed
    # a list of targets under any short header, as text browsers print them, makes them links
    targets = "\n".join(f"{n}. https://riverton.example/{n}" for n in range(1, 4))
    linked = dump_blocks(cited.replace("[12],", "[2]council,") + f"\n\nLinks:\n{targets}\n")
    assert [r.kind for r in linked.removed].count("link_references") == 4
    assert "[2]" not in "\n".join(linked.blocks) and "Links:" not in linked.blocks


def test_prices_beside_the_shops_of_a_product_pick_do_not_cut_the_article() -> None:
    # a buying guide dumped one text node per line: each pick's prices and shops stand alone
    body = []
    for n, paragraph in enumerate(PARAGRAPHS, 1):
        body += [f"Best bridge kit number {n}", "Riverton Models", f"${n}80", "Walmart"]
        body += [f"${n}75", "Amazon", paragraph, "It stood up", "to every", "load we tried", "."]
    dump = "\n".join(["Best bridge kits of the year", "By", "Jane Doe", *body])
    record = process_page(dump.encode(), "picks.txt", input_format="text")
    assert isinstance(record, Article)
    for paragraph in PARAGRAPHS:
        assert paragraph in record.text


def _markdown_page(body: list[str]) -> str:
    """A Markdown writer's page: a heading, a menu of links and ``body``, blank lines between."""
    menu = [f"  * [Section {n}](https://riverton.example/s/{n})" for n in range(1, 6)]
    return "\n".join(["# Bridge to close for repairs", "", *menu, "", *body, ""])


def test_a_markdown_quotation_comes_back_without_its_marks() -> None:
    quoted = [f"> {line}" for line in textwrap.wrap(PARAGRAPHS[0], 60)]
    quoted += [">", *(f"> {line}" for line in textwrap.wrap(PARAGRAPHS[1], 60))]
    blocks = _blocks(_markdown_page(["The council said:", "", *quoted]))
    assert blocks[-3:] == ["The council said:", PARAGRAPHS[0], PARAGRAPHS[1]]


def test_a_markdown_paragraph_broken_over_lines_is_one_block() -> None:
    # a Markdown writer may break a paragraph's lines anywhere: the break is soft, unless the
    # line ends in two spaces (a hard break)
    soft = textwrap.wrap(PARAGRAPHS[2], 50)
    address = ["Riverton City Hall  ", "1 Main Street  ", "Riverton"]
    blocks = _blocks(_markdown_page([*soft, "", *address]))
    assert blocks[-4:] == [PARAGRAPHS[2], *(line.strip() for line in address)]


def test_the_lines_of_a_markdown_code_block_stay_lines() -> None:
    code = ["    SELECT name, count(*)", "    FROM bridges", "    GROUP BY name"]
    blocks = _blocks(_markdown_page([PARAGRAPHS[0], "", *code, "", PARAGRAPHS[1]]))
    assert blocks[-5:] == [PARAGRAPHS[0], *(line.strip() for line in code), PARAGRAPHS[1]]


def test_a_dump_one_block_a_line_that_quotes_markdown_keeps_its_lines() -> None:
    lines = [
        "How to write links in Markdown",
        "Write a link as [text](https://example.org) and an image as ![alt](pic.png).",
        "A heading starts with a hash, as in # Title, and a link may be [another](x).",
        *PARAGRAPHS,
    ]
    assert _blocks("\n".join(lines))[-len(PARAGRAPHS) :] == PARAGRAPHS


def test_sentences_split_under_a_long_menu_are_joined() -> None:
    # a page whose menus outnumber its article's lines many times over: the few sentences
    # split at their links still make the dump fragmented
    menu = [f"Section {n} of the site" for n in range(1, 121)]
    dump = "\n".join([*menu, *SPLIT_SENTENCES, *menu[:20]])
    assert (
        "The city of Riverton will close its oldest bridge to traffic for eighteen months, "
        "transport officials said on Monday." in _blocks(dump)
    )


def test_label_and_value_lines_inside_an_article_do_not_cut_it() -> None:
    # a buying guide written one text node a line, not fragmented: each pick's facts stand as
    # a label ending in a colon and its value on the next line ("Price:", "$299")
    menu = [f"Shop section {n}" for n in range(1, 25)]
    body = ["Best bridge kits for any budget", "Building a model bridge need not cost much."]
    for n, paragraph in enumerate(PARAGRAPHS, 1):
        body += [f"Setup number {n}", "Key Focus:", "Strength and span", f"Bridge kit {n}"]
        body += ["Brand Recommendation:", "Riverton Models Deluxe", "Price:", f"${n}99"]
        body += [paragraph]
    dump = "\n".join([*menu, *body, *menu[:10]])
    assert not restore_layout(dump).fragmented
    record = process_page(dump.encode(), "guide.txt", input_format="text")
    assert isinstance(record, Article)
    for paragraph in PARAGRAPHS:
        assert paragraph in record.text
    assert "$299" in record.text.split("\n")


def test_marks_split_off_names_inside_a_fragmented_article_do_not_cut_it() -> None:
    # trademark signs, ratings and numbers set in their own inline elements ("Riverton", "®",
    # "★") stand alone on their lines in a dump of one text node a line: pieces of the text
    pieces = ["The Riverton", "®", "Span kit is rated", "★", "★"]
    body: list[str] = []
    for paragraph in PARAGRAPHS:
        body += [paragraph, *pieces, *SPLIT_SENTENCES[:3]]
    assert restore_layout("\n".join(body)).fragmented
    _article_between_menus(body, "marks.txt")


def test_small_tables_dumped_one_cell_a_line_stay_in_the_article() -> None:
    # a table per position, two players each, every cell on its own line: few figures each
    body: list[str] = []
    for n, paragraph in enumerate(PARAGRAPHS):
        body += [paragraph, f"Crew {n}", "Name", "Role", "Hours", "Of all"]
        body += ["Ann Lee", "Welder", f"17{n}", "100%", "Bo Park", "Painter", f"14{n}", "85%"]
    assert "85%" in _article_between_menus(body, "crews.txt").split("\n")


def test_a_piece_that_kept_its_space_goes_on_with_the_sentence_whatever_its_case() -> None:
    # text nodes keep the space between them and the link before: " TV series, ..."
    pieces = [
        "The council named ",
        "Riverton Bridge",
        " and ",
        "Harbor Crossing",
        " Transport Department engineers as the leads of the works, officials said. ",
    ]
    code = ["settings = {", ' "span": 120,', ' "lanes": 2,', "}"]
    dump = "\n".join([*SPLIT_SENTENCES, *pieces, *code, *SPLIT_SENTENCES[:3]])
    blocks = _blocks(dump)
    assert (
        "The council named Riverton Bridge and Harbor Crossing Transport Department engineers "
        "as the leads of the works, officials said." in blocks
    )
    # nor is the space after a bullet glyph: its items stay apart
    widgets = "\n".join([*SPLIT_SENTENCES, "  * ", "  * ", "Share your thoughts with friends."])
    assert _blocks(widgets)[-3:] == ["*", "*", "Share your thoughts with friends."]
    # a code block's indent is not a sentence's space
    assert [b for b in blocks if b.startswith('"')] == ['"span": 120,', '"lanes": 2,']


def test_links_that_read_as_list_items_do_not_wall_off_a_list_of_picks() -> None:
    # a Markdown buying guide: each pick's features, then its links (name, price, shop, a note
    # on commissions, a button); the links cost as chrome but do not part the text
    body = [f"The [city](https://riverton.example/) reviewed kits. {PARAGRAPHS[0]}"]
    for n in range(1, 5):
        body += [f"## Bridge kit {n}", "  * Strong steel beams for a long span"]
        body += ["  * Easy setup for all your model railways", "  * Quick to paint and repair"]
        body += [f"[Riverton Bridge Kit {n} (Latest Model)](https://shop.example/{n})"]
        body += [f"[${n}39.00](https://shop.example/{n})", "[Available from Shop](https://s.e/)"]
        body += ["[Riverton may receive a commission](https://s.e/c)", "[Buy Now](https://s.e/b)"]
    body += [PARAGRAPHS[3]]
    menu = [f"[Riverton Section {n}](https://riverton.example/s/{n})" for n in range(1, 12)]
    dump = "\n\n".join(["# Best bridge kits", *menu, *body, *menu])
    record = process_page(dump.encode(), "kits.md", input_format="text")
    assert isinstance(record, Article)
    assert PARAGRAPHS[0] in record.text and PARAGRAPHS[3] in record.text
    assert record.text.count("Easy setup for all your model railways") == 1


def test_a_markdown_hard_break_after_a_sentence_survives_the_unwrap() -> None:
    # a Markdown writer's wrapped dump: a line it broke on purpose ends in two spaces
    first = textwrap.fill(PARAGRAPHS[0], 78).split("\n")
    second = textwrap.fill(PARAGRAPHS[1], 78).split("\n")
    lines = [*first[:-1], first[-1] + "  ", *second]
    wrapped = [textwrap.fill(p, 78) for p in PARAGRAPHS[2:]] * 6
    dump = "\n".join(lines) + "\n\n" + "\n\n".join(wrapped) + "\n"
    assert restore_layout(dump).wrap_width is not None
    assert _blocks(dump)[:2] == PARAGRAPHS[:2]


# What each fast check of a line's end stands for, written as the pattern it replaces: a
# sentence run asks them at each piece it joins, so they look at the end alone.
_REFERENCE_MARKS = "[\ue000\ue001]*"
_REFERENCE_CHECKS = {
    "ends_sentence": re.compile(f'[.!?:;…"”’»)\\]]{_REFERENCE_MARKS}$'),
    "ends_full_stop": re.compile(f'(?:^|\\s)[^\\s.]{{2,}}[.!?](?:["”’»)\\]])*{_REFERENCE_MARKS}$'),
    "opens_quote": re.compile(r"(?:^|\s)[\"“‘«]$"),
    "hard_break": re.compile(r"[.!?:]  $"),
}
_REFERENCE_CONTINUED = re.compile(
    f'[^.!?:;…"”’»)\\]\\s\ue000\ue001]{_REFERENCE_MARKS}[ \\t]*\\n(?:[ \\t]*\\n)*'
    f"[ \\t]*{_REFERENCE_MARKS}"
    '(?:[a-zà-ÿ]|[,.;:!?()\\]’”%]|"(?=[\\s,.;:!?)]))'
)


def test_fast_checks_of_a_line_end_agree_with_their_patterns() -> None:
    rng = random.Random(7)
    alphabet = list('ab U.S .!?:;…"”’»)]( \t\xa0\ue000\ue001«“x\n,')
    checks = {
        "ends_sentence": fragments_module.ends_sentence,
        "ends_full_stop": fragments_module.ends_full_stop,
        "opens_quote": fragments_module.opens_quote,
        "hard_break": layout_module._hard_break,
    }
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        line = text.replace("\n", " ")
        for name, check in checks.items():
            assert check(line) == bool(_REFERENCE_CHECKS[name].search(line)), (name, line)
        expected = len(_REFERENCE_CONTINUED.findall(text))
        assert fragments_module._continued_lines(text) == expected, text


def test_fast_counts_of_letters_and_spaces_agree_with_their_patterns() -> None:
    # the letters and digits of an ASCII text are counted without a regex; spaces of other
    # widths are folded before runs of plain ones
    rng = random.Random(11)
    alphabet = list("aZ09_ .,'-\t\n\xa0\u2003\u200b\u3000éß٣")
    folded = re.compile(f"[ {blocks_module._OTHER_SPACES}]+")
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        ascii_text = text.encode("ascii", "ignore").decode()
        for sample in (text, ascii_text):
            assert alnum_count(sample) == len(re.sub(r"[\W_]+", "", sample)), sample
            assert blocks_module._fold_spaces(sample) == folded.sub(" ", sample), sample
