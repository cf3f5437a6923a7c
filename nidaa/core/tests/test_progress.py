"""The progress bar of long commands: on stderr, only for a terminal, a few redraws a second."""

import io

from nidaa.core.progress import Progress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_it_draws_nothing_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()

    with Progress(100, "Exporting", stream) as bar:
        for _ in bar.track(range(100)):
            pass

    assert stream.getvalue() == ""
    assert bar.done == 100


def test_it_draws_a_bar_with_the_share_done_on_a_terminal() -> None:
    stream = Terminal()

    with Progress(200, "Exporting", stream) as bar:
        bar.advance(50)
        bar.draw()
        assert "[" + "#" * 8 + "." * 22 + "]  25% 50/200" in stream.getvalue()
        bar.advance(150)

    assert stream.getvalue().endswith("\n")
    assert "100% 200/200" in stream.getvalue()


def test_it_redraws_a_few_times_a_second_not_once_a_row() -> None:
    stream = Terminal()

    with Progress(1_000_000, "Exporting", stream) as bar:
        for _ in bar.track(range(100_000)):
            pass

    assert stream.getvalue().count("\r") < 50


def test_an_unknown_total_shows_a_count() -> None:
    bar = Progress(0, "Importing", Terminal(), enabled=True)
    bar.advance(1234)

    assert bar.line().startswith("Importing: 1,234 in ")
