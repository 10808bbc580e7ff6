"""Writes the three feedback sounds (stdlib only): `python resources/sounds/make_sounds.py`.

OK is one short high beep, WARNING two mid tones, ERROR a low longer buzz: told apart by pitch,
rhythm and length, so an operator who is looking at the card, not the screen, still knows.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
FADE = 0.006  # seconds of fade at each end of a tone, so it starts and stops without a click


def tone(freq: float, seconds: float, volume: float, harmonics: int = 1) -> list[float]:
    """A tone; with harmonics > 1 the odd harmonics of a square wave, heard as a buzz."""
    count = int(RATE * seconds)
    fade = int(RATE * FADE)
    samples = []
    for i in range(count):
        t = i / RATE
        value = sum(math.sin(2 * math.pi * freq * k * t) / k for k in range(1, 2 * harmonics, 2))
        envelope = min(1.0, i / fade, (count - 1 - i) / fade)
        samples.append(volume * envelope * value)
    return samples


def silence(seconds: float) -> list[float]:
    return [0.0] * int(RATE * seconds)


def write(path: Path, samples: list[float]) -> None:
    frames = b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * 32767)) for s in samples)
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(frames)


SOUNDS = {
    "ok.wav": tone(1318.5, 0.13, 0.55),
    "warning.wav": tone(740.0, 0.15, 0.6) + silence(0.07) + tone(740.0, 0.15, 0.6),
    "error.wav": tone(165.0, 0.5, 0.5, harmonics=6),
}


def main() -> None:
    folder = Path(__file__).resolve().parent
    for name, samples in SOUNDS.items():
        write(folder / name, samples)


if __name__ == "__main__":
    main()
