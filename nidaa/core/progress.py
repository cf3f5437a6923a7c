"""A progress bar for long management commands (imports and exports).

It draws on stderr, and only when stderr is a terminal: stdout may be the data itself
(``-o -``), and a log file or a cron mail should not fill up with redrawn bars. Redraws are
limited to a few per second, so that a million rows cost a few hundred writes, not a million.
"""

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")

WIDTH = 30
REDRAW_SECONDS = 0.2


class Progress:
    """``with Progress(total, "Exporting") as bar: bar.advance()``; `total` may be unknown (0)."""

    def __init__(
        self,
        total: int,
        label: str,
        stream: TextIO | None = None,
        enabled: bool | None = None,
    ) -> None:
        self.total = max(0, total)
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self._is_terminal() if enabled is None else enabled
        self.done = 0
        self.started = time.monotonic()
        self._drawn_at = 0.0

    def _is_terminal(self) -> bool:
        isatty = getattr(self.stream, "isatty", None)
        return bool(isatty and isatty())

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and now - self._drawn_at >= REDRAW_SECONDS:
            self._drawn_at = now
            self.draw()

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        if not self.total:
            return f"{self.label}: {self.done:,} in {elapsed:.1f} s"
        share = min(1.0, self.done / self.total)
        filled = round(share * WIDTH)
        bar = "#" * filled + "." * (WIDTH - filled)
        return f"{self.label} [{bar}] {share:4.0%} {self.done:,}/{self.total:,} in {elapsed:.1f} s"

    def draw(self) -> None:
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.draw()
            self.stream.write("\n")
            self.stream.flush()

    def track(self, items: Iterable[T]) -> Iterator[T]:
        """Yield `items`, advancing the bar by one for each."""
        for item in items:
            yield item
            self.advance()
