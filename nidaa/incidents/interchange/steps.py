"""The phases of an import or an export, each with its own progress bar (nidaa.core.progress)."""

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from nidaa.core.progress import Progress


class Steps:
    """``with steps.step("Saving incidents", total) as bar: … bar.advance(n)``.

    Bars are drawn on stderr, and only when it is a terminal (as Progress decides), unless
    `enabled` says otherwise.
    """

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled

    @contextmanager
    def step(self, label: str, total: int = 0) -> Iterator[Progress]:
        with Progress(total, label, self.stream, self.enabled) as bar:
            yield bar
