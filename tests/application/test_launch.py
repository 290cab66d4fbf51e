"""The ``stsdesk`` entry point: the window without the command line's imports, every command
(and every mistake) through the full command line, exactly as ``stsdesk.cli.main`` says it."""

from __future__ import annotations

from pathlib import Path

import pytest

from stsdesk import __version__
from stsdesk.cli import main as command_line
from stsdesk.launch import main


def test_a_command_is_the_full_command_line(tmp_path: Path, capsys) -> None:
    data = str(tmp_path / "data")
    assert main(["--data-dir", data, "list", "--json"]) == 0
    launched = capsys.readouterr()
    assert command_line(["--data-dir", data, "list", "--json"]) == 0
    assert capsys.readouterr() == launched
    assert '"id"' in launched.out


@pytest.mark.parametrize(
    ("argv", "status", "said"),
    [
        (["--version"], 0, f"stsdesk {__version__}\n"),
        (["--help"], 0, "With no command, the app opens."),
        (["--data-dir"], 2, "argument --data-dir: expected one argument"),
        (["--no-such-option"], 2, "unrecognized arguments: --no-such-option"),
        # An abbreviation is the command line's to read: --s could be --show or --smoke-test.
        (["--s"], 2, "ambiguous option: --s could match --show, --smoke-test"),
    ],
)
def test_help_version_and_mistakes_are_the_full_command_lines(
    argv: list[str], status: int, said: str, capsys
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == status
    shown = capsys.readouterr()
    assert said in shown.out + shown.err
    assert "usage: stsdesk [-h] [--version]" in shown.out + shown.err or argv == ["--version"]


def test_a_window_start_that_cannot_begin_is_one_sentence(capsys) -> None:
    """An empty --data-dir is refused before anything opens, as the command line words it."""
    assert main(["--data-dir", ""]) == 1
    assert capsys.readouterr().err == (
        "stsdesk: --data-dir needs a folder name; leave it out to use the usual folder.\n"
    )
