"""Language identification with langdetect, made deterministic, and faster.

langdetect's detector is run with its inner loops on arrays (``_Detector``): the same answers,
bit for bit, at a fraction of the cost. It reads langdetect's internals (its n-gram tables and
the random draws of its ``Detector``); ``BOILERSTRIP_PLAIN=langdetect_arrays`` (see
``extractors.switches``) runs langdetect's own detector instead. Measured with
``python -m benchmarks.fast_paths``.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.ngram import NGram

from extractors.switches import plain

# langdetect's cost grows with the text it reads. On the 890 ground-truth article texts of
# ../shared/bench (aeb, wcxb-dev-articles), reading the first 1,000 characters gave the same
# language as reading 50,000 on every text (600 characters: 99.8%), at about half the cost of
# 5,000 (python -m benchmarks.throughput --language).
LANGUAGE_MAX_CHARS = 1000
# langdetect samples at random; a fixed seed gives the same answer for the same text.
LANGUAGE_SEED = 0
PLAIN = plain("langdetect_arrays")


@functools.cache
def _factory() -> DetectorFactory:
    """A detector factory with every profile loaded and a fixed seed, built once per process."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(LANGUAGE_SEED)
    return factory


_SPACE_RUN = re.compile(" {2,}")
# What langdetect's cleaning counts: letters of the Latin alphabet (its 'A' to 'z', which
# holds "[\\]^_`" too), and characters from U+0300 up.
_LATIN_LETTER = re.compile("[A-z]")
_FROM_U0300 = re.compile("[\u0300-\U0010ffff]")


class _Normalized(dict[int, str]):
    """langdetect's per-character normalisation as a ``str.translate`` table, each character
    looked up once."""

    def __missing__(self, code: int) -> str:
        self[code] = value = NGram.normalize(chr(code))
        return value


_NORMALIZED = _Normalized()


@functools.lru_cache(maxsize=65536)
def _word_grams(word: str, spaced: bool) -> tuple[str, ...]:
    """The known 1- to 3-grams of one word of normalised text, as langdetect's ``NGram``
    yields them reading the word after a space (its state is the same after every space), and
    then the space after it when ``spaced``."""
    known = _factory().word_lang_prob_map
    grams, capital = " ", False
    found: list[str] = []
    for ch in word + " " if spaced else word:
        last = grams[-1]
        if len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        if ch.isupper():
            capital = capital or last.isupper()
            if capital:
                continue
        else:
            capital = False
        if ch != " " and ch in known:
            found.append(ch)
        if grams[-2:] in known:
            found.append(grams[-2:])
        if len(grams) >= 3 and grams in known:
            found.append(grams)
    return tuple(found)


def _ngrams(text: str) -> list[str]:
    """The 1- to 3-grams of ``text`` that langdetect's profiles know, in order: the list
    ``Detector._extract_ngrams`` makes, made word by word (the same list: its random draws,
    hence its answers, are unchanged)."""
    words = text.translate(_NORMALIZED).split(" ")
    found: list[str] = []
    for n, word in enumerate(words, 1):
        if word:  # a second space in a row yields nothing
            found.extend(_word_grams(word, n < len(words)))
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

    text: str  # the text read so far, as langdetect's ``append`` keeps it

    def append(self, text: str) -> None:
        text = self.URL_RE.sub(" ", text)
        text = self.MAIL_RE.sub(" ", text)
        text = NGram.normalize_vi(text)
        # langdetect's loop keeps a space only after a character that is not one
        self.text += _SPACE_RUN.sub(" ", text[: self.max_text_length])

    def cleaning_text(self) -> None:
        # langdetect's count of letters outside Latin compares a block number with a block
        # name, so it counts every character from U+0300 up
        if len(_LATIN_LETTER.findall(self.text)) * 2 < len(_FROM_U0300.findall(self.text)):
            self.text = _LATIN_LETTER.sub("", self.text)

    def _extract_ngrams(self) -> list[str]:
        if self.word_lang_prob_map is not _factory().word_lang_prob_map:
            raise ValueError("the detector's profiles are not the ones _word_grams reads")
        return _ngrams(self.text)

    def _detect_block(self) -> None:
        # langdetect's loop, with the updates between two convergence checks made in one
        # array call: np.multiply.accumulate multiplies row after row, as the loop does
        self.cleaning_text()
        ngrams = self._extract_ngrams()
        if not ngrams:
            raise LangDetectException(ErrorCode.CantDetectError, "No features in text.")
        langprob = np.zeros(len(self.langlist), dtype=np.float64)
        self.random.seed(self.seed)
        below = self.random._randbelow  # what random.choice draws with
        for _ in range(self.n_trial):
            prob = self._init_probability()
            alpha = self.alpha + self.random.gauss(0.0, 1.0) * self.ALPHA_WIDTH
            i, steps = 0, 1  # langdetect checks after update 0, then after every 5th
            while True:
                rows = np.empty((steps + 1, len(prob)), dtype=np.float64)
                rows[0] = prob
                rows[1:] = [_word_probabilities(ngrams[below(len(ngrams))]) for _ in range(steps)]
                rows[1:] += alpha / self.BASE_FREQ
                prob = np.multiply.accumulate(rows, axis=0)[-1]
                if self._normalize_prob(prob) > self.CONV_THRESHOLD or i >= self.ITERATION_LIMIT:
                    break
                i, steps = i + 5, 5
            langprob += prob / self.n_trial
        self.langprob = langprob.tolist()

    def _init_probability(self) -> npt.NDArray[np.float64]:
        return np.full(len(self.langlist), 1.0 / len(self.langlist), dtype=np.float64)

    def _normalize_prob(self, prob: npt.NDArray[np.float64]) -> float:
        prob /= sum(prob.tolist())
        return max(0.0, float(prob.max()))


def warm_up() -> None:
    """Load the language profiles now rather than on the first page."""
    _factory()


@functools.lru_cache(maxsize=4)  # a page's date reader and its record ask of one text
def detect_language(text: str) -> tuple[str | None, float | None]:
    """The ISO 639-1 code of ``text``'s language and langdetect's probability for it.

    Returns ``(None, None)`` when the text has no letters to judge by.
    """
    detector = _factory().create() if PLAIN else _Detector(_factory())
    return language_of(text, detector)


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
