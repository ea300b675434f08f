"""Call recordings of the simulated PBX: short, speech-like WAV files made with the stdlib.

A recording is a few seconds of 8 kHz mono 16-bit PCM, the format of a telephone line. The
signal is a voiced buzz (a fundamental and its harmonics) shaped by vowel formants and cut into
syllables and pauses, so a player shows a waveform that looks like talk. It depends only on the
call's uuid, so the same call always sounds the same.
"""

from __future__ import annotations

import functools
import io
import math
import random
import sys
import wave
from array import array

SAMPLE_RATE = 8000
_FORMANTS = (  # rough first/second formants of Ukrainian vowels а, о, у, е, и, і
    (730.0, 1090.0),
    (570.0, 840.0),
    (300.0, 870.0),
    (530.0, 1840.0),
    (390.0, 1990.0),
    (270.0, 2290.0),
)


def _resonance(freq: float, formant: float, width: float = 110.0) -> float:
    return 1.0 / (1.0 + ((freq - formant) / width) ** 2)


@functools.lru_cache(maxsize=32)
def recording_wav(call_id: str, seconds: float = 3.0) -> bytes:
    """A WAV file (bytes) of ``seconds`` of speech-like sound for the call ``call_id``."""
    rng = random.Random(call_id)
    total = max(1, int(seconds * SAMPLE_RATE))
    samples = array("h", bytes(2 * total))
    f0 = rng.uniform(105.0, 210.0)  # a male or a female voice
    pos = int(0.15 * SAMPLE_RATE)
    while pos < total:
        length = int(rng.uniform(0.11, 0.26) * SAMPLE_RATE)
        f1, f2 = rng.choice(_FORMANTS)
        pitch = f0 * rng.uniform(0.9, 1.12)
        harmonics = [
            (k * pitch, _resonance(k * pitch, f1) + 0.6 * _resonance(k * pitch, f2))
            for k in range(1, int(3000 / pitch))
        ]
        weights = sum(w for _, w in harmonics) or 1.0
        loudness = rng.uniform(0.35, 0.6) * 32767 / weights
        phase = rng.random() * math.tau
        for i in range(min(length, total - pos)):
            t = i / SAMPLE_RATE
            envelope = math.sin(math.pi * i / length) ** 2  # a syllable swells and fades
            value = sum(w * math.sin(math.tau * f * t + phase) for f, w in harmonics)
            samples[pos + i] = max(-32767, min(32767, int(loudness * envelope * value)))
        pos += length
        if rng.random() < 0.3:  # a pause between words
            pos += int(rng.uniform(0.12, 0.4) * SAMPLE_RATE)
    if sys.byteorder == "big":  # WAV is little-endian
        samples.byteswap()
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(SAMPLE_RATE)
        out.writeframes(samples.tobytes())
    return buf.getvalue()
