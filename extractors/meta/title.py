"""A headline's text made clean, for both paths."""

from __future__ import annotations

from extractors.text.blocks import normalize_block


def clean_title(title: str) -> str:
    """A headline without a closing full stop ("… Russian forces." -> "… Russian forces")."""
    title = normalize_block(title)
    last = title.split(" ")[-1] if title else ""
    if title.endswith(".") and not title.endswith("..") and last.count(".") == 1:
        title = title[:-1].rstrip()
    return title
