"""A progress bar for reading large data files: tqdm, on the terminal's standard error, shown only
once reading has taken a couple of seconds, and never when standard error is not a terminal.

tqdm rather than rich: it is one small pure-Python package with no dependencies of its own, its
`delay` option is exactly "show only if this takes a while", and a bar is all that is needed here."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from symle.echo import shown
from symle.formats import terminal
from symle.numeric.stream import DataFile

DELAY_SECONDS = 2.0  # reading that ends sooner shows no bar at all


def _delay() -> float:
    try:
        return max(0.0, float(os.environ.get("SYMLE_PROGRESS_DELAY", DELAY_SECONDS)))
    except ValueError:
        return DELAY_SECONDS


@contextmanager
def progress_bar(data: DataFile, stream: TextIO | None = None) -> Iterator[DataFile]:
    """The data file with a progress callback that drives a bar on `stream` (by default the terminal's
    standard error; no bar when that is not a terminal, or SYMLE_PROGRESS=0)."""
    stream = stream if stream is not None else terminal()
    if stream is None or os.environ.get("SYMLE_PROGRESS") == "0":
        yield data
        return
    from tqdm import tqdm

    bar = tqdm(
        total=data.size,
        desc=f"reading {shown(data.name)}",
        unit="B",
        unit_scale=True,
        file=stream,
        delay=_delay(),
        leave=False,
        mininterval=0.25,
        dynamic_ncols=True,
    )

    def update(done: int) -> None:
        bar.update(done - bar.n)

    try:
        yield dataclasses.replace(data, progress=update)
    finally:
        bar.close()
