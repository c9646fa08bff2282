"""Markdown taken off a dump: images go, links keep their text, headings, emphasis, bullets,
quotation marks, table pipes and reference definitions come off, and a paragraph's soft line
breaks are joined as CommonMark reads them. What is taken off is recorded with its kind."""

from __future__ import annotations

import re

from extractors.record import Removed
from extractors.text.lines import (
    MD_HEADING,
    MD_QUOTE,
    indent,
    join_continuations,
    quoted,
    starts_item,
)

# Images and links, over line breaks (a wrapping writer breaks inside them) and with escaped
# brackets inside ("\(AP\)"); a link's target may carry a title ("url "Share on X"").
# (Each written as a run of plain characters between escapes, which the regex engine walks
# without trying two branches at each character.)
_MD_IMAGE = re.compile(r"!\[[^\]\\]*(?:\\.[^\]\\]*)*\]\([^)\\]*(?:\\.[^)\\]*)*\)")
_MD_LINK = re.compile(r"\[([^\]\\]*(?:\\.[^\]\\]*)*)\]\(([^)\\]*(?:\\.[^)\\]*)*)\)")
# A link's definition in a reference list ("[1]: https://…"), a line of its own.
_MD_REFERENCE = re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+.*$")
# A code block's fence ("```", "~~~"), and the indent of an indented code block's lines.
_MD_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
CODE_INDENT = 4
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
# The same, counted over a whole document (see is_markdown).
_MD_HEADINGS = re.compile(r"(?m)^\s{0,3}#{1,6}\s+\S")
_MD_TABLE_RULES = re.compile(r"(?m)^\s*\|?\s*:?-{3,}:?\s*\|")
_MD_LONE_MARK = re.compile(r"^\s{0,3}(?:#{1,6}\s+)?(?:\*\*?|__?)\s*$")
_MD_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_MD_BULLET = re.compile(r"^\s*[*+-]\s+(?=\S)")
# The characters a line opens with (after its indent) when it holds one of the marks above:
# any of them, a table's rule, a lone emphasis mark, a bullet.
_LINE_MARKS = frozenset("[|:->#*_+")
_RULE_HEADS = frozenset("|:-")
_LONE_MARK_HEADS = frozenset("#*_")
_BULLET_HEADS = frozenset("*+-")
# Markdown's own marks a document needs this many of, a link or an image among them, before its
# headings, emphasis and tables are read as Markdown (one "# " line, or a code block's comments,
# prove nothing).
MARKDOWN_MIN_MARKS = 3
# A Markdown writer separates its blocks by blank lines: at least this many per non-blank line
# before a line break inside a block is read as soft. On the bench pages (aeb,
# wcxb-dev-articles) html2text's dumps hold 0.03 to 5; dumps of one block per line, none.
MARKDOWN_MIN_BLANK_SHARE = 0.02


def strip_links(
    lines: list[str], removed: list[Removed], marks: tuple[str, str] | None
) -> list[str]:
    """Images go and links keep their text, on one line and between ``marks`` when given;
    their targets are recorded in ``removed``."""
    text = "\n".join(lines)
    for image in _MD_IMAGE.findall(text):
        removed.append(Removed("markdown_image", " ".join(image.split())))
    text = _MD_IMAGE.sub("", text)

    def link_text(m: re.Match[str]) -> str:
        removed.append(Removed("markdown_link_target", " ".join(m.group(2).split())))
        shown = " ".join(m.group(1).split())
        return f"{marks[0]}{shown}{marks[1]}" if marks else shown

    return _MD_LINK.sub(link_text, text).split("\n")


def is_markdown(text: str) -> bool:
    """Whether a document holds MARKDOWN_MIN_MARKS of Markdown's own marks or more: links,
    images, headings, tables (counted only as far as needed)."""
    marks = text.count("](")
    if marks >= MARKDOWN_MIN_MARKS:
        return True
    marks += len(_MD_HEADINGS.findall(text))
    return marks + len(_MD_TABLE_RULES.findall(text)) >= MARKDOWN_MIN_MARKS


def strip_markdown(lines: list[str], removed: list[Removed]) -> tuple[list[str], int]:
    """Headings, emphasis, bullets, quotation marks, table pipes and reference definitions off
    a Markdown dump's lines, a heading a block of its own; and how many soft line breaks were
    joined."""
    joined = 0
    lines = _close_table_rows(lines)
    if _separates_blocks_by_blank_lines(lines):
        lines, joined = _join_soft_breaks(lines)
    out: list[str] = []
    for line in lines:
        # each mark below opens its line: a line of prose is passed over at one look
        head = line.lstrip()[:1]
        if head in _LINE_MARKS:
            if head == "[" and _MD_REFERENCE.match(line):
                removed.append(Removed("markdown_reference", line.strip()))
                continue
            if head in _RULE_HEADS and _is_table_rule(line):
                continue
            quote = MD_QUOTE.match(line) if head == ">" else None
            if quote:
                line = line[quote.end() :]
                head = line.lstrip()[:1]
            if head in _LONE_MARK_HEADS and _MD_LONE_MARK.match(line):
                # an emphasis's mark left alone when its text spans blocks ("**", "## **")
                continue
            heading = MD_HEADING.match(line) if head == "#" else None
            if heading:
                out += ["", _emphasis_off(line[heading.end() :]), ""]
                continue
            bullet = _MD_BULLET.match(line) if head in _BULLET_HEADS else None
            if bullet:
                line = " " * bullet.end() + line[bullet.end() :]
            if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
                line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        out.append(_emphasis_off(line))
    return out, joined


def _emphasis_off(line: str) -> str:
    """A line without its emphasis marks."""
    return _MD_EMPHASIS.sub(r"\2", line) if "*" in line or "_" in line else line


def _join_soft_breaks(lines: list[str]) -> tuple[list[str], int]:
    """A Markdown paragraph's lines joined into one: a line break inside a paragraph is soft
    unless the line ends in two spaces or a backslash; a blank line, a heading, a list item, a
    table row or a change of quotation marks begins a new block. The lines of a code block
    (indented four spaces after a blank line, or fenced) stay lines."""
    code = fenced = False

    def continues(kept: list[str], line: str) -> bool:
        nonlocal code, fenced
        if line.lstrip()[:1] in ("`", "~") and _MD_FENCE.match(line):
            fenced = not fenced
            return False
        marks, body = quoted(line)
        if not body.strip():  # a blank line, or a quotation's ">" alone
            return False
        code = fenced or (indent(line) >= CODE_INDENT and (code or _opens_code(kept)))
        if not kept or code or starts_item(body) or _is_table_row(body):
            return False
        previous = kept[-1]
        previous_marks, previous_body = quoted(previous)
        return (
            previous_marks == marks
            and bool(previous_body.strip())
            and not previous.endswith(("  ", "\\"))
            and not starts_item(previous_body)
            and not _is_table_row(previous_body)
        )

    return join_continuations(lines, continues)


def _separates_blocks_by_blank_lines(lines: list[str]) -> bool:
    """Whether a dump separates its blocks by blank lines, as a Markdown writer does: a dump
    written one block per line that merely quotes some Markdown has (almost) none, and its
    line breaks are not soft."""
    blank = sum(1 for line in lines if not line.strip())
    return blank >= MARKDOWN_MIN_BLANK_SHARE * (len(lines) - blank)


def _opens_code(lines: list[str]) -> bool:
    """Whether an indented line after ``lines`` opens a code block: it follows a blank line,
    and the block before that blank line is not a list item (whose text it would continue)."""
    if lines and lines[-1].strip():
        return False
    before = next((line for line in reversed(lines) if line.strip()), "")
    return not starts_item(before) and indent(before) < CODE_INDENT // 2


def _close_table_rows(lines: list[str]) -> list[str]:
    """The rows of a table written without its outer pipes ("Ticker| Last", "---|---", "HD|
    225.86") given them, so that they read as rows: the line above a rule and the lines below
    it, up to a blank line or a line with no pipe."""
    if not any("|" in line and _is_table_rule(line) for line in lines):
        return lines
    out = list(lines)
    for i, line in enumerate(lines):
        if not _is_table_rule(line) or line.lstrip().startswith("|"):
            continue
        rows = [i - 1] if i and "|" in lines[i - 1] else []
        j = i + 1
        while j < len(lines) and lines[j].strip() and "|" in lines[j]:
            rows.append(j)
            j += 1
        for k in rows:
            if not _is_table_row(out[k]):
                out[k] = f"| {out[k].strip()} |"
    return out


def _is_table_rule(line: str) -> bool:
    """Whether a line is the rule under a Markdown table's header ("---|---")."""
    return "---" in line and _MD_TABLE_RULE.match(line) is not None


def _is_table_row(line: str) -> bool:
    """Whether a line is a row of a Markdown table."""
    return line.lstrip().startswith("|")
