"""The author-annotation audit counts only annotations the author rules forbid."""

from __future__ import annotations

import pytest

from benchmarks.author_annotations import _reason

SITE = {"riverton", "rivertonnews"}


@pytest.mark.parametrize(
    ("annotation", "reason"),
    [
        ("jane@riverton.example", "an email"),
        ("Jane Doe, MD, RD", "a job title or credential beside the name"),
        ("Mike Marshall, Shipping Expert", "a job title or credential beside the name"),
        ("Riverton Staff", "staff, desk, newsroom or a placeholder"),
        ("News Desk", "staff, desk, newsroom or a placeholder"),
        ("SFist Contributor", "staff, desk, newsroom or a placeholder"),
        ("Dr. Jane Doe", "a title before the name"),
        ("jsteinhardt", "a user name, not a person's name"),
        ("q_admin", "a user name, not a person's name"),
        ("Riverton News", "the site's own name, not a person's"),
        # within reach: people, several people, an organisation that is not the site, one name
        ("Jane Doe", None),
        ("Jane Doe and John Roe", None),
        ("Thrive Agency", None),
        ("Everfit Team", None),
        ("Clay", None),
        ("jane doe", None),
    ],
)
def test_reason(annotation: str, reason: str | None) -> None:
    assert _reason(annotation, SITE) == reason


def test_a_person_a_personal_site_is_named_after_is_within_reach() -> None:
    assert _reason("Paige Brunton", {"paigebrunton"}) is None
    assert _reason("paige brunton", {"paigebrunton"}) is None
