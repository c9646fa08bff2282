"""Copies of one story: each article's signature (``signatures``), and the stories grouped
from the candidate pairs of copies (``group``)."""
