"""An article's signature: what finds its copies among many without reading them again.

- ``text_hash``: the hash of its words, lower-cased, punctuation and spacing aside: an exact
  copy has the same one whatever its layout.
- ``word_minhash``: a MinHash of its word 5-grams (as datatrove and NeMo Curator sign their
  documents), whose values two texts share in the share their 5-grams are shared: a wire copy,
  trimmed and retitled, shares most of them.
- ``entity_minhash``: a MinHash of the pairs of consecutive names and figures in it
  ("Kyiv", "Zelenskyy", "2024", "3.5"): a copy whose words were swapped for synonyms, or a
  rewrite, keeps most of its names and figures in their order when it keeps few 5-grams.
- For each sentence: a hash of its words, a key of the names and figures in it, and its
  length; two copies are aligned sentence by sentence on them (``extractors.stories.group``).

A text is read as an array of its characters, each classed once (a word's, a digit, a capital,
a stop) from a table of the Basic Multilingual Plane, and every hash is a sum over such
arrays: no Python loop runs per word. Every hash is the same in every process and on every
machine (no ``hash()`` of a string).
"""

from __future__ import annotations

import functools
import hashlib
from datetime import datetime

import numpy as np
import numpy.typing as npt

from extractors.record import Article, Signature

# Words of a shingle, and MinHash values per signature, cut into bands for the candidate
# search (flows/stories.py). Word 5-grams: 20 bands of 3 rows, which makes two texts sharing
# 60% of their 5-grams candidates with a chance of 0.99 (1 - (1 - 0.6^3)^20), and two
# sharing 10% with 0.02. Pairs of names: 30 bands of 2, which makes two rewrites sharing 30%
# of them (the seeds' AP copies share 35 to 40%) candidates with a chance of 0.94, and two
# stories sharing 10% with 0.26 (verification, at 20%, parts those).
SHINGLE_WORDS = 5
MINHASH_PERMUTATIONS = 60
WORD_BAND_ROWS = 3
ENTITY_BAND_ROWS = 2
# The MinHash hash functions h(x) = (a x + b) >> 32 over 64-bit words (multiply-shift, with
# a odd: a universal family, cheaper than datasketch's modulo a prime); fixed by a seed, so
# that every batch signs alike.
_MAX_HASH = np.uint64((1 << 32) - 1)
_RANDOM = np.random.RandomState(20240601)
_A = _RANDOM.randint(0, 1 << 63, size=(2, MINHASH_PERMUTATIONS), dtype=np.uint64) * np.uint64(
    2
) + np.uint64(1)
_B = _RANDOM.randint(0, 1 << 63, size=(2, MINHASH_PERMUTATIONS), dtype=np.uint64)
_WORDS_FAMILY, _ENTITIES_FAMILY = 0, 1
# Odd multipliers that mix a shingle's word hashes into one 32-bit value.
_MIX = np.array([0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F, 0x165667B1], dtype=np.uint64)

# What each character is, as bit flags: a word's (``\w``: a letter, a digit, "_"), a letter, a
# digit, upper case, lower case; a break (a mark that may end a sentence, a line break); an
# apostrophe; a figure's stop or comma.
_WORD, _LETTER, _DIGIT, _UPPER, _LOWER, _BREAK, _APOSTROPHES, _FIGURE_MARK = (
    1 << k for k in range(8)
)
_BMP = 0x10000
_DOT, _S, _APOSTROPHE = map(ord, ".s'")
# A token's hash: the sum of its characters times the powers of an odd base (mod 2^64), by
# their position in it (past _POWERS_MAX, the last power); a sentence's: the same over its
# words' hashes. _finish mixes a sum's bits (the murmur3 finaliser's shape).
_POWERS_MAX = 1 << 12
_BASE = np.uint64(0x100000001B3)
with np.errstate(over="ignore"):
    _POWERS = np.cumprod(np.full(_POWERS_MAX, _BASE, dtype=np.uint64))
_MIXER = np.uint64(0x9E3779B97F4A7C15)
_LOW32 = np.uint64(0xFFFFFFFF)
_HASH_BITS = np.uint64((1 << 63) - 1)  # a hash that fits Parquet's int64


def _flags(char: str) -> int:
    """A character's flags."""
    return (
        (char.isalnum() or char == "_") * _WORD
        | char.isalpha() * _LETTER
        | char.isdigit() * _DIGIT
        | char.isupper() * _UPPER
        | char.islower() * _LOWER
        | (char in ".!?…\n") * _BREAK
        | (char in "'’") * _APOSTROPHES
        | (char in ".,") * _FIGURE_MARK
    )


def _lower(char: str) -> int:
    """A character's lower case as compared: "’" as "'"; the first of two ("İ": "i" and a
    combining dot)."""
    return _APOSTROPHE if char == "’" else ord(char.lower()[0])


@functools.cache
def _tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint32]]:
    """The flags and the lower case of every character of the Basic Multilingual Plane (made
    once a process)."""
    chars = [chr(c) for c in range(_BMP)]
    return (
        np.array([_flags(c) for c in chars], dtype=np.uint8),
        np.array([_lower(c) for c in chars], dtype=np.uint32),
    )


def _finish(sums: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    sums = (sums ^ (sums >> np.uint64(31))) * _MIXER
    return sums ^ (sums >> np.uint64(29))


def _positions(
    starts: npt.NDArray[np.intp], counts: npt.NDArray[np.intp], n: int
) -> npt.NDArray[np.intp]:
    """Each of ``n`` items' position in its group, the groups of ``counts`` items beginning at
    ``starts`` (past _POWERS_MAX, the last)."""
    positions = np.arange(n) - np.repeat(starts, counts)
    return positions if counts.max() <= _POWERS_MAX else np.minimum(positions, _POWERS_MAX - 1)


def _shingles(hashes: npt.NDArray[np.uint64], size: int) -> npt.NDArray[np.uint64]:
    """The 32-bit hashes of every run of ``size`` consecutive items (the whole, if shorter),
    repeats kept: a MinHash, a minimum, is the same over a set and over its repeats."""
    n = len(hashes)
    if n == 0:
        return hashes
    size = min(size, n)
    mixed = np.zeros(n - size + 1, dtype=np.uint64)
    for k in range(size):
        mixed = mixed * _MIX[k % len(_MIX)] + hashes[k : n - size + 1 + k]
    return (mixed ^ (mixed >> np.uint64(29))) & _MAX_HASH


def minhash(shingles: npt.NDArray[np.uint64], family: int) -> tuple[int, ...]:
    """The MinHash of a set of 32-bit shingle hashes: MINHASH_PERMUTATIONS values, or none
    for an empty set."""
    if len(shingles) == 0:
        return ()
    # multiply-shift hashing: the high 32 bits of a x + b (mod 2^64), a odd; the shift keeps
    # the order, so it is taken of each permutation's least value alone
    values = np.multiply.outer(_A[family], shingles)
    values += _B[family][:, None]
    return tuple((values.min(axis=1) >> np.uint64(32)).tolist())


def signature_of(
    doc_id: str,
    text: str,
    *,
    site: str | None = None,
    published_at: datetime | None = None,
    agency: str | None = None,
    dateline: str | None = None,
) -> Signature:
    """An article's signature (see the module's docstring).

    Its tokens: words (``\\w`` runs, an apostrophe between two word characters kept:
    "Russia's"), figures ("1,000", "3.5x"), abbreviations ("U.S."), compared lower-cased.
    Its sentences: the runs of tokens between two stops, a stop being a run of ".!?…" outside
    a token, or a line break. Its names and figures: the tokens with a digit first, or a
    capital first and two characters or more, a sentence's first word only when it has no
    lower-case letter ("NATO"); a name is compared without its possessive ("'s") or its
    abbreviation's last stop.
    """
    flags, lowers = _characters(text)
    inside = _token_characters(flags)
    starts, lengths = _runs(inside)
    n = len(starts)
    if n == 0:
        return _signature(
            doc_id, site, published_at, agency, dateline, *([np.zeros(0, np.uint64)] * 5)
        )
    # a stop: a mark that may end a sentence outside a token, or a line break (stops side by
    # side are one: a sentence holds a word); a sentence opens at the first token after one
    stops = np.flatnonzero((flags & _BREAK) != 0)
    stops = stops[~inside[stops]]
    sentence = np.searchsorted(stops, starts)
    opens_sentence = np.ones(n, dtype=bool)
    opens_sentence[1:] = sentence[1:] != sentence[:-1]
    opens = np.flatnonzero(opens_sentence)
    words = np.diff(np.append(opens, n))
    chars = np.flatnonzero(inside)
    values = lowers[chars].astype(np.uint64)
    offsets = _offsets(lengths)  # where each token's characters begin in ``chars``
    with np.errstate(over="ignore"):
        terms = values * _POWERS[_positions(offsets, lengths, len(chars))]
        sums = np.add.reduceat(terms, offsets)
        hashes = _finish(sums)
        sentence_hashes = (
            _finish(np.add.reduceat(hashes * _POWERS[_positions(opens, words, n)], opens))
            & _HASH_BITS
        )
        name = _names(flags, starts, lengths, opens_sentence)
        # a name's hash: its token's, without its possessive or its abbreviation's last stop
        named = sums[name]
        last = (offsets + lengths - 1)[name]
        possessive = (lengths[name] > 2) & (values[last] == _S) & (values[last - 1] == _APOSTROPHE)
        named[possessive] -= terms[last[possessive]] + terms[last[possessive] - 1]
        stop_last = values[last] == _DOT
        named[stop_last] -= terms[last[stop_last]]
        named = _finish(named)
        keys = _sentence_keys((np.cumsum(opens_sentence) - 1)[name], named, len(opens))
    return _signature(
        doc_id, site, published_at, agency, dateline, hashes, named, sentence_hashes, keys, words
    )


def _characters(text: str) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint32]]:
    """Each character's flags and lower case."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    flag_table, lower_table = _tables()
    if not len(codes) or codes.max() < _BMP:
        return flag_table[codes], lower_table[codes]
    clipped = np.minimum(codes, _BMP - 1)
    flags, lowers = flag_table[clipped], lower_table[clipped]
    for k in np.flatnonzero(codes >= _BMP).tolist():  # past the table: one at a time
        char = chr(codes[k])
        flags[k], lowers[k] = _flags(char), _lower(char)
    return flags, lowers


def _token_characters(flags: npt.NDArray[np.uint8]) -> npt.NDArray[np.bool_]:
    """Which characters stand in a token: a word's; an apostrophe between two of them
    ("Russia's"); a figure's stop or comma between two digits ("1,000"); an abbreviation's
    stops (two or more lone letters in a row, each with its stop: "U.S.")."""
    inside = (flags & _WORD).astype(bool)
    marks = np.flatnonzero((flags[1:] & (_APOSTROPHES | _FIGURE_MARK)) != 0) + 1
    joins = marks[marks < len(flags) - 1]
    if len(joins):
        around = flags[joins - 1] & flags[joins + 1]
        kind = flags[joins]
        joined = (((kind & _APOSTROPHES) != 0) & ((around & _WORD) != 0)) | (
            ((kind & _FIGURE_MARK) != 0) & ((around & _DIGIT) != 0)
        )
        inside[joins[joined]] = True
    # a stop is the one character both a break and a figure's mark
    dots = marks[(flags[marks] & _BREAK) != 0]
    before = flags[np.maximum(dots - 2, 0)]
    lone = dots[((flags[dots - 1] & _LETTER) != 0) & ((dots < 2) | ((before & _WORD) == 0))]
    if len(lone) > 1:
        paired = np.diff(lone) == 2
        inside[lone[np.concatenate((paired, [False])) | np.concatenate(([False], paired))]] = True
    return inside


def _runs(mask: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Where each run of True in ``mask`` starts, and its length."""
    padded = np.zeros(len(mask) + 2, dtype=bool)
    padded[1:-1] = mask
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return edges[0::2], edges[1::2] - edges[0::2]


def _offsets(lengths: npt.NDArray[np.intp]) -> npt.NDArray[np.intp]:
    """Where each of runs of these lengths, laid end to end, begins."""
    offsets = np.zeros(len(lengths), dtype=np.intp)
    np.cumsum(lengths[:-1], out=offsets[1:])
    return offsets


def _names(
    flags: npt.NDArray[np.uint8],
    starts: npt.NDArray[np.intp],
    lengths: npt.NDArray[np.intp],
    opens_sentence: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Which tokens are names or figures: a digit first, or a capital first and two
    characters or more; a sentence's first word only when it has no lower-case letter."""
    head = flags[starts]
    capital = ((head & _UPPER) != 0) & (lengths > 1)
    first = np.flatnonzero(capital & opens_sentence)
    if len(first):
        spans = lengths[first]
        begins = _offsets(spans)
        at = np.repeat(starts[first] - begins, spans) + np.arange(begins[-1] + spans[-1])
        capital[first] = ~np.logical_or.reduceat((flags[at] & _LOWER) != 0, begins)
    return capital | ((head & _DIGIT) != 0)


def _sentence_keys(
    owner: npt.NDArray[np.intp], named: npt.NDArray[np.uint64], sentences: int
) -> npt.NDArray[np.uint64]:
    """Each sentence's key: a hash of the set of its distinct names (``named``, each in the
    sentence ``owner`` gives) when it has two or more, else 0."""
    keys = np.zeros(sentences, dtype=np.uint64)
    pairs = (owner.astype(np.uint64) << np.uint64(32)) | (named & _LOW32)
    pairs.sort()
    if not len(pairs):
        return keys
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]
    of = (pairs >> np.uint64(32)).astype(np.intp)
    group_at = np.flatnonzero(np.concatenate(([True], of[1:] != of[:-1])))
    several = np.diff(np.append(group_at, len(pairs))) > 1
    with np.errstate(over="ignore"):
        sums = np.add.reduceat(_finish(pairs & _LOW32), group_at)
    keys[of[group_at[several]]] = (sums[several] & _HASH_BITS) | np.uint64(1)
    return keys


def _signature(
    doc_id: str,
    site: str | None,
    published_at: datetime | None,
    agency: str | None,
    dateline: str | None,
    hashes: npt.NDArray[np.uint64],
    named: npt.NDArray[np.uint64],
    sentence_hashes: npt.NDArray[np.uint64],
    keys: npt.NDArray[np.uint64],
    words: npt.NDArray[np.intp] | npt.NDArray[np.uint64],
) -> Signature:
    """A signature from its tokens' and names' hashes and its sentences' arrays."""
    return Signature(
        doc_id=doc_id,
        site=site,
        published_at=published_at,
        agency=agency,
        dateline=dateline,
        word_count=len(hashes),
        text_hash=hashlib.blake2b(hashes.tobytes(), digest_size=16).hexdigest(),
        word_minhash=minhash(_shingles(hashes & _LOW32, SHINGLE_WORDS), _WORDS_FAMILY),
        entity_minhash=(
            minhash(_shingles(named & _LOW32, 2), _ENTITIES_FAMILY) if len(named) > 1 else ()
        ),
        sentence_hashes=tuple(sentence_hashes.tolist()),
        sentence_keys=tuple(keys.tolist()),
        sentence_words=tuple(words.tolist()),
    )


def article_signature(article: Article) -> Signature:
    """An article's signature, as the batch that cleans it writes it."""
    return signature_of(
        article.doc_id,
        article.text,
        site=article.site,
        published_at=article.published_at,
        agency=article.agency,
        dateline=article.dateline,
    )
