"""Naive baselines for the text path: what any extractor of page dumps must beat.

- the raw dump itself (everything kept);
- the line-level rules of C4's cleaner (Raffel et al. 2020, ``tensorflow_datasets`` ``c4_utils``
  ``clean_page``): keep a line only if it ends in terminal punctuation, has at least 3 words,
  does not mention javascript or a cookie/terms/privacy policy, and has no word over 1000
  characters; Wikipedia-style citation marks are removed. C4's page-level rules (drop pages
  with "lorem ipsum", a curly bracket, or fewer than 5 sentences) are left out on purpose: a
  floor that returns nothing for a page is not a useful comparison for an extractor.
"""

from __future__ import annotations

import re

C4_END_MARKS = (".", "?", "!", '"')  # C4's terminal punctuation (ASCII only, as in c4_utils)
C4_ELLIPSIS = "..."  # a line ending in an ellipsis is cut off, not terminated
C4_MIN_WORDS_PER_LINE = 3
C4_MAX_WORD_LENGTH = 1000
C4_POLICY_SUBSTRINGS = (  # cookie and legal banners, lower-cased
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
)
C4_CITATION_RE = re.compile(r"\[\d*\]|\[edit\]|\[citation needed\]")


def keep_c4_line(line: str) -> bool:
    """Whether a stripped line (citations already removed) passes C4's line rules."""
    words = line.split()
    lowered = line.lower()
    return (
        line.endswith(C4_END_MARKS)
        and not line.endswith(C4_ELLIPSIS)
        and len(words) >= C4_MIN_WORDS_PER_LINE
        and all(len(word) <= C4_MAX_WORD_LENGTH for word in words)
        and "javascript" not in lowered
        and not any(phrase in lowered for phrase in C4_POLICY_SUBSTRINGS)
    )


def c4_line_filter(dump: str) -> str:
    """The dump's lines that pass C4's line-level rules, one per line."""
    lines = (C4_CITATION_RE.sub("", line.strip()).strip() for line in dump.splitlines())
    return "\n".join(line for line in lines if keep_c4_line(line))
