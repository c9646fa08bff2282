"""Distinct text dumps built in the tests: a headline and three paragraphs of sentences drawn
from a few words, each page its own."""

from __future__ import annotations

import random

WORDS = [
    "council",
    "budget",
    "river",
    "bridge",
    "school",
    "harbour",
    "election",
    "market",
    "farmers",
    "museum",
    "library",
    "hospital",
    "station",
    "festival",
    "company",
    "workers",
    "officials",
    "residents",
    "inspectors",
    "engineers",
]


def story_page(n: int, rng: random.Random, words: list[str] = WORDS) -> str:
    """Page ``n``: a headline and three paragraphs of ``words`` drawn by ``rng``."""
    paragraphs = [
        "The "
        + " ".join(rng.choice(words) for _ in range(14))
        + f" said on day {n} of the inquiry, officials reported."
        for _ in range(3)
    ]
    return f"Story number {n} about the {rng.choice(words)}\n\n" + "\n\n".join(paragraphs) + "\n"
