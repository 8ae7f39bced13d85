"""Shared by the two hook files: MkDocs loads each hook file as its own module, so the
phases live in this one, imported by both."""

from __future__ import annotations

import time
from collections import defaultdict

SECONDS: dict[str, float] = defaultdict(float)
_started: dict[str, float] = {}
_clock = time.process_time


def begin(phase: str) -> None:
    _started[phase] = _clock()


def end(phase: str) -> None:
    if phase in _started:
        SECONDS[phase] += _clock() - _started.pop(phase)
