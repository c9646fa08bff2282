"""Language identification with langdetect, made deterministic."""

from __future__ import annotations

import functools

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

# langdetect's cost grows with the text it reads. On the 890 ground-truth article texts of
# ../shared/bench (aeb, wcxb-dev-articles), reading the first 1,000 characters gave the same
# language as reading 50,000 on every text (600 characters: 99.8%), at about half the cost of
# 5,000 (python -m benchmarks.throughput --language).
LANGUAGE_MAX_CHARS = 1000
# langdetect samples at random; a fixed seed gives the same answer for the same text.
LANGUAGE_SEED = 0


@functools.cache
def _factory() -> DetectorFactory:
    """A detector factory with every profile loaded and a fixed seed, built once per process."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(LANGUAGE_SEED)
    return factory


def warm_up() -> None:
    """Load the language profiles now rather than on the first page."""
    _factory()


def detect_language(text: str) -> tuple[str | None, float | None]:
    """The ISO 639-1 code of ``text``'s language and langdetect's probability for it.

    Returns ``(None, None)`` when the text has no letters to judge by.
    """
    sample = text[:LANGUAGE_MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, None
    detector = _factory().create()
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, None
    # langdetect names Chinese by script ("zh-cn", "zh-tw"); ISO 639-1 has "zh" for both.
    return best.lang.split("-")[0], round(float(best.prob), 4)
