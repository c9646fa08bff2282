"""Blocks printed again: which copies of a page's repeated blocks go, and which are the parts
of a structure the article repeats (a question put to each guest, a plan's line each day)."""

from __future__ import annotations

from collections import Counter

from extractors.text.blocks import is_body
from extractors.words import fold_words, word_count

# Blocks shorter than this are not checked for repeats (short labels repeat legitimately).
DUPLICATE_MIN_CHARS = 20
# A run of blocks copied this long or longer is the page printed again, however often it
# recurs; a shorter one that recurs three times or more is a repeated structure. Chosen on
# the site halves of aeb and wcxb-dev-articles (HTML path): 3 did best on half 0 (of 3, 4
# and 6), and held or raised F1 on half 1.
REPEATED_RUN_MIN_BLOCKS = 3
# A block that stands this many times, each copy apart from the one before with this share
# of new words between, is part of a repeated structure (each interviewee's question, each
# plan's meal). Chosen on the site halves of aeb and wcxb-dev-articles (HTML path): 0.15
# and 0.25 gave the same on wcxb's halves, 0.4 kept less of a plan on aeb half 1; with no
# share, a page printed three times kept its list items' copies. Recall rose on all four
# halves; F1 rose on three and fell 0.00003 on wcxb half 0 (three pages whose annotation
# keeps one copy or none of a block repeated under each item).
STRUCTURE_MIN_COPIES = 3
STRUCTURE_MIN_NEW_SHARE = 0.25


def repeated_copies(blocks: list[str]) -> list[int]:
    """The positions of the blocks that go as copies: the second and later copies of a
    paragraph, and those of a shorter block printed again with its neighbours (a run of
    blocks that stands twice, or a long run: a page's text printed twice). A short block
    that stands again beside other blocks is a label of a repeated structure (a product
    guide's line, a meal plan's), and so is a short run that recurs three times or more
    (each day of a plan). Checked on both site halves of aeb and wcxb-dev-articles (HTML
    path): recall and F1 rose or held on each half.

    A block that stands three times or more stays, paragraph or not, where each copy stands
    apart from the one before (``_stands_apart``): the question put to each of several
    people, a plan's meal on several days."""
    keys = [fold_words(block) for block in blocks]
    counts = Counter(keys)
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    # words[n] and new[n]: the words of the first n blocks, and of those among them that
    # are the first of their kind
    words = [0]
    new = [0]
    copies = []
    for n, block in enumerate(blocks):
        key = keys[n]
        m = first.setdefault(key, n)
        previous = last.get(key, n)
        last[key] = n
        size = word_count(block)
        words.append(words[-1] + size)
        new.append(new[-1] + (size if m == n else 0))
        if len(key) < DUPLICATE_MIN_CHARS or m == n:
            continue
        if counts[key] >= STRUCTURE_MIN_COPIES and _stands_apart(keys, words, new, previous, n):
            continue
        if is_body(block):
            copies.append(n)
            continue
        run = _copied_run(keys, n, m)
        if run > 1 and (counts[key] == 2 or run >= REPEATED_RUN_MIN_BLOCKS):
            copies.append(n)
    return copies


def _stands_apart(keys: list[str], words: list[int], new: list[int], previous: int, n: int) -> bool:
    """Whether block ``n``, a copy of block ``previous``, stands apart from it as one
    section's part stands in the next: the blocks copied with it fill at most half of
    the distance, those between hold more words than it, and STRUCTURE_MIN_NEW_SHARE of
    their words or more are new to the page (not a page printed again, in part or whole).
    ``words`` and ``new`` are running sums up to and including block ``n``."""
    if 2 * _copied_run(keys, n, previous) > n - previous:
        return False
    between = words[n] - words[previous + 1]
    fresh = new[n] - new[previous + 1]
    own = words[n + 1] - words[n]
    return between > own and fresh >= STRUCTURE_MIN_NEW_SHARE * between


def _copied_run(keys: list[str], n: int, m: int) -> int:
    """How many blocks long the run is that block ``n`` stands in as a copy of the run block
    ``m`` stands in (1: the block alone)."""
    start = 0
    while m - start - 1 >= 0 and keys[n - start - 1] == keys[m - start - 1]:
        start += 1
    end = 0
    while (
        n + end + 1 < len(keys)
        and m + end + 1 < n - start
        and keys[n + end + 1] == keys[m + end + 1]
    ):
        end += 1
    return start + 1 + end
