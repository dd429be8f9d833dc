"""Near-copies of a source's text, robust to synonym spinning: MinHash fingerprints of two views.

One view is word 3-shingles (what a copy keeps verbatim); the other is 4-grams of the text's
function words alone ("of the", "in a"...), which survive a spinner swapping words for synonyms.
The similarity of two texts is the larger of the two estimated Jaccard indexes.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from db.curation.tokens import plain_words
from db.curation.vocabulary import FUNCTION_WORDS

WORD_SHINGLE = 3
FUNCTION_GRAM = 4
SIGNATURE_SIZE = 256
# Calibrated on measured scores. Unrelated texts: the three corpus articles 0.012-0.020 pairwise;
# long texts by one author on one subject (two 12,000-word halves of a manual) 0.05, two licences
# sharing clauses 0.07. Copies: an article's web-spun copy (function words swapped too) against
# its original 0.29, a machine-translated round trip 0.45, the tests' synonym-spun copies 0.8-0.9.
NEAR_DUPLICATE_THRESHOLD = 0.15

_VERSION = 1
_HEADER = struct.Struct("<2sBHII")  # magic, version, signature size, word and function-word counts
_MAGIC = b"CF"
_CHUNK = 4096  # shingles hashed per numpy step, to bound memory on long texts


def _coefficient(name: str) -> np.uint64:
    # Derived from a hash, not a random generator, so stored fingerprints stay comparable forever.
    return np.uint64(
        int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")
    )


_MULTIPLIERS = np.array([_coefficient(f"a{i}") for i in range(SIGNATURE_SIZE)], dtype=np.uint64)
_ADDENDS = np.array([_coefficient(f"b{i}") for i in range(SIGNATURE_SIZE)], dtype=np.uint64)
_SHIFT = np.uint64(32)


@dataclass(frozen=True, eq=False)
class Fingerprint:
    """MinHash signatures of a text's word shingles and function-word grams (2 KB as bytes)."""

    words: np.ndarray  # uint32[SIGNATURE_SIZE]
    function_words: np.ndarray  # uint32[SIGNATURE_SIZE]
    word_count: int
    function_word_count: int

    def to_bytes(self) -> bytes:
        """Compact form to store in the library."""
        header = _HEADER.pack(
            _MAGIC, _VERSION, SIGNATURE_SIZE, self.word_count, self.function_word_count
        )
        return (
            header
            + self.words.astype("<u4").tobytes()
            + self.function_words.astype("<u4").tobytes()
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> Fingerprint:
        """Read `to_bytes` output; ValueError if it is not a fingerprint of this version."""
        size = _HEADER.size + 2 * 4 * SIGNATURE_SIZE
        if len(data) != size:
            raise ValueError(f"a fingerprint has {size} bytes, not {len(data)}")
        magic, version, k, word_count, function_word_count = _HEADER.unpack_from(data)
        if (magic, version, k) != (_MAGIC, _VERSION, SIGNATURE_SIZE):
            raise ValueError("not a fingerprint of this version; compute it again from the text")
        signatures = np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
        return cls(signatures[:k], signatures[k:], word_count, function_word_count)


def text_fingerprint(text: str) -> Fingerprint:
    """Fingerprint of a source's text."""
    words = plain_words(text.replace("’", "'"))
    function_words = [w for w in words if w in FUNCTION_WORDS]
    return Fingerprint(
        _minhash(_grams(words, WORD_SHINGLE)),
        _minhash(_grams(function_words, FUNCTION_GRAM)),
        len(words),
        len(function_words),
    )


def _grams(words: list[str], n: int) -> np.ndarray:
    grams = {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}
    return np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))


def _minhash(hashes: np.ndarray) -> np.ndarray:
    signature = np.full(SIGNATURE_SIZE, np.iinfo(np.uint32).max, dtype=np.uint64)
    for begin in range(0, len(hashes), _CHUNK):
        chunk = hashes[begin : begin + _CHUNK, None]
        # Multiply-add-shift over 64 bits (wrapping) is a 2-independent hash of 32-bit keys.
        mixed = (chunk * _MULTIPLIERS + _ADDENDS) >> _SHIFT
        np.minimum(signature, mixed.min(axis=0), out=signature)
    return signature.astype(np.uint32)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """0 (unrelated) to 1 (same text): the larger estimated Jaccard index of the two views."""
    scores = [0.0]
    if a.word_count >= WORD_SHINGLE and b.word_count >= WORD_SHINGLE:
        scores.append(float(np.mean(a.words == b.words)))
    if a.function_word_count >= FUNCTION_GRAM and b.function_word_count >= FUNCTION_GRAM:
        scores.append(float(np.mean(a.function_words == b.function_words)))
    return max(scores)


def is_near_duplicate(score: float) -> bool:
    """True if a `similarity` score says copy or near-copy."""
    return score >= NEAR_DUPLICATE_THRESHOLD


def find_near_duplicates(
    fingerprint: Fingerprint, candidates: Iterable[tuple[object, Fingerprint]]
) -> list[tuple[object, float]]:
    """(id, score) of the candidates that are near-copies of `fingerprint`, most similar first."""
    scored = ((key, similarity(fingerprint, other)) for key, other in candidates)
    return sorted(((k, s) for k, s in scored if is_near_duplicate(s)), key=lambda ks: -ks[1])
