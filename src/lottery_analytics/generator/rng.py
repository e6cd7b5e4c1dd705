"""Random streams derived from (seed, chunk, stream name) with numpy's SeedSequence.

Every random draw of a run comes from one of these streams, so a chunk's output depends
only on the seed, its index and the global (once-computed) state, never on how many
workers ran or in which order they finished.
"""

from __future__ import annotations

import zlib

import numpy as np

#: chunk index used for the run-wide streams (games, campaigns)
GLOBAL = 0xFFFF_FFFF


def stream_code(name: str) -> int:
    """A stable 32-bit code of a stream name."""
    return zlib.crc32(name.encode("utf-8"))


def rng_for(seed: int, chunk: int, stream: str) -> np.random.Generator:
    """The generator of one named stream of one chunk (or ``GLOBAL``)."""
    ss = np.random.SeedSequence([seed & 0xFFFF_FFFF, seed >> 32, chunk, stream_code(stream)])
    return np.random.Generator(np.random.PCG64(ss))
