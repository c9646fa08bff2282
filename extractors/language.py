"""Language identification with langdetect, made deterministic."""

from __future__ import annotations

import functools
import re

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.ngram import NGram

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


_SPACE_RUN = re.compile(" {2,}")
# langdetect's per-character normalisation, looked up once per distinct character.
_normalized = functools.lru_cache(maxsize=65536)(NGram.normalize)


def _ngrams(text: str, known: dict[str, list[float]]) -> list[str]:
    """The 1- to 3-grams of ``text`` that langdetect's profiles know, in order: the list
    ``Detector._extract_ngrams`` makes, made without an ``NGram`` object per text and with
    each character normalised once (the same list: its random draws, hence its answers, are
    unchanged)."""
    grams, capital = " ", False
    found: list[str] = []
    append = found.append
    for raw in text:
        ch = _normalized(raw)
        last = grams[-1]
        if last == " ":
            grams, capital = " ", False
            if ch == " ":
                continue
        elif len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            capital = capital or last.isupper()
            if capital:
                continue
        else:
            capital = False
        if ch != " " and ch in known:
            append(ch)
        if len(grams) >= 2:
            if grams[-2:] in known:
                append(grams[-2:])
            if len(grams) >= 3 and grams in known:
                append(grams)
    return found


@functools.lru_cache(maxsize=32768)
def _word_probabilities(word: str) -> npt.NDArray[np.float64]:
    """The profiles' probabilities of ``word`` in each language, as an array (a few hundred
    distinct n-grams a text; the cache holds those of the texts seen lately)."""
    return np.array(_factory().word_lang_prob_map[word], dtype=np.float64)


class _Detector(Detector):
    """langdetect's detector with its inner loops on arrays: element by element, the same
    arithmetic in the same order (the sums taken in order, as langdetect takes them), so the
    same answers, in a fraction of the time (``python -m benchmarks.throughput --language``)."""

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        # langdetect's loop keeps a space only after a character that is not one
        self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

    def _extract_ngrams(self) -> list[str]:
        return _ngrams(self.text, self.word_lang_prob_map)

    def _init_probability(self) -> npt.NDArray[np.float64]:
        return np.full(len(self.langlist), 1.0 / len(self.langlist), dtype=np.float64)

    def _update_lang_prob(
        self, prob: npt.NDArray[np.float64], word: str | None, alpha: float
    ) -> bool:
        if word is None or word not in self.word_lang_prob_map:
            return False
        prob *= alpha / self.BASE_FREQ + _word_probabilities(word)
        return True

    def _normalize_prob(self, prob: npt.NDArray[np.float64]) -> float:
        prob /= sum(prob.tolist())
        return max(0.0, float(prob.max()))


def warm_up() -> None:
    """Load the language profiles now rather than on the first page."""
    _factory()


def detect_language(text: str) -> tuple[str | None, float | None]:
    """The ISO 639-1 code of ``text``'s language and langdetect's probability for it.

    Returns ``(None, None)`` when the text has no letters to judge by.
    """
    return language_of(text, _Detector(_factory()))


def language_of(text: str, detector: Detector) -> tuple[str | None, float | None]:
    """What ``detector`` (a new one, langdetect's own or ours) says of ``text``'s start."""
    sample = text[:LANGUAGE_MAX_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, None
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, None
    # langdetect names Chinese by script ("zh-cn", "zh-tw"); ISO 639-1 has "zh" for both.
    return best.lang.split("-")[0], round(float(best.prob), 4)
