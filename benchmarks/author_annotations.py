"""How many of WCXB's author annotations a name-cleaning extractor can match at all.

The author metric (``benchmarks.metrics.authors_match``) compares folded sets of names. The
author rules (the mission and issue 4) keep clean names and reject the site's name, "Staff",
emails, "By", dates and job titles. Where the annotation is one of those ("Podium Staff",
"Kaspersky" on kaspersky.com, "Jane Doe, MD, RD"), no output that obeys the rules can match
it. This script counts such annotations, by reason, with the same tests the HTML path uses
(``extractors.meta.people``, ``extractors.meta.people_words``) and the page's own site and host
names. It counts only what the rules name, and gives the benefit of the doubt to one-word
names and to names shaped like a person's, so the bound it prints is an upper one.

    python -m benchmarks.author_annotations [--bench DIR] [--examples N]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench_data import DEFAULT_BENCH_DIR, WCXB, BenchPage, load_set
from benchmarks.harness import format_table
from extractors.html import facts
from extractors.html.extract import parse_page
from extractors.meta import people
from extractors.meta import people_words as hp

# Words that make an author string a placeholder for the publication's own people: its
# staff, a desk, its contributors at large, nobody in particular. (A team named after an
# organisation, "Everfit Team", is that organisation, which the rules keep.)
_STAFF_WORDS = frozenset(
    {"staff", "desk", "newsdesk", "newsroom", "editors", "contributor", "anonymous"}
)
# A title before a name, which the author rules drop ("Dr. Jane Doe" -> "Jane Doe").
_TITLE = re.compile(r"^(?:dr|prof|mr|mrs|ms)\.?\s+\S", re.IGNORECASE)
# A user name rather than a person's name: one token in lower case ("jsteinhardt"), or with
# digits, underscores or dots inside ("q_admin", "sara.r.peter").
_USER_NAME = re.compile(r"^(?:[a-z][a-z]+|\S*[\d_.]\S*)$")


def _reason(annotation: str, site_keys: set[str]) -> str | None:
    """Why no output that obeys the author rules can match ``annotation``; None if one can.

    Only what the rules name is counted: emails, job titles and credentials and the titles
    the rules drop ("Dr."), "Staff" and other placeholders, user names (the rules keep clean
    names), and the site's own name where it is not a person's. Other organisations (a team
    named after one among them) and one-word names are not counted: a page may type them as
    its author.
    """
    parts = [p.strip() for p in re.split(r"[;,&|]|\band\b", annotation) if p.strip()]
    if "@" in annotation:
        return "an email"
    if len(parts) > 1 and any(
        people.is_role(p) or hp.AUTHOR_CREDENTIAL.match(p) for p in parts[1:]
    ):
        return "a job title or credential beside the name"
    words = {w.strip("().").lower() for p in parts for w in p.split()}
    if any(hp.AUTHOR_PLACEHOLDER.match(p) for p in parts) or _STAFF_WORDS & words:
        return "staff, desk, newsroom or a placeholder"
    if any(_TITLE.match(p) for p in parts):
        return "a title before the name"
    for part in parts:
        person = people.person_shaped(part.title() if part.islower() else part)
        one_name = re.fullmatch(r"[A-Z][a-z]+", part) is not None  # "Clay": a first name
        if people.name_key(part) in site_keys and not (person or one_name):
            return "the site's own name, not a person's"
    if len(parts) == 1 and _USER_NAME.match(parts[0]):
        return "a user name, not a person's name"
    return None


def audit(pages: Sequence[BenchPage]) -> tuple[int, Counter[str], dict[str, list[str]]]:
    """Annotated pages, and the annotations out of reach, counted and listed by reason."""
    reasons: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    annotated = 0
    for page in pages:
        if not page.author:
            continue
        annotated += 1
        tree = parse_page(page.html.decode("utf-8", "replace"))
        names = facts.site_names_of(facts.read_facts(tree)) if tree is not None else []
        site_keys, _ = people.site_and_host_keys(names, page.url)
        reason = _reason(page.author, site_keys)
        if reason is None:
            continue
        reasons[reason] += 1
        examples[reason].append(page.author)
    return annotated, reasons, examples


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the annotations out of reach, by reason, and the bound."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--examples", type=int, default=3, help="examples shown per reason")
    args = parser.parse_args(argv)
    annotated, reasons, examples = audit(load_set(WCXB, args.bench))
    rows = [
        (reason, str(count), "; ".join(examples[reason][: args.examples]))
        for reason, count in reasons.most_common()
    ]
    print(f"{WCXB}: author annotations that no output obeying the author rules can match")
    print(format_table(("reason", "pages", "examples"), rows))
    changed = sum(reasons.values())
    print(
        f"annotated pages: {annotated}; out of reach: {changed}; "
        f"highest author accuracy under the rules: {(annotated - changed) / annotated:.3f}"
    )


if __name__ == "__main__":
    main()
