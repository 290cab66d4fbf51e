"""The log file: rotated at its size limit, owner-only, never through a symbolic link."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from stsdesk.infra.logging_setup import LOG_FILE_NAME, setup_logging


@pytest.fixture
def stsdesk_logger():
    yield logging.getLogger("stsdesk")
    root = logging.getLogger("stsdesk")
    for handler in list(root.handlers):
        root.removeHandler(handler)
        handler.close()


def test_a_full_log_moves_aside_and_only_five_old_ones_are_kept(tmp_path: Path, stsdesk_logger):
    path = setup_logging(tmp_path)
    stsdesk_logger.handlers[0].max_bytes = 2000  # type: ignore[attr-defined]
    for number in range(400):
        logging.getLogger("stsdesk.test").info("line %d %s", number, "x" * 40)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [LOG_FILE_NAME] + [f"{LOG_FILE_NAME}.{n}" for n in range(1, 6)]
    for file in tmp_path.iterdir():
        assert file.stat().st_size < 2000
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    # Newest last, nothing lost between the files: .5 ... .1, then the log itself.
    files = [tmp_path / f"{LOG_FILE_NAME}.{n}" for n in range(5, 0, -1)] + [path]
    lines = [line for file in files for line in file.read_text(encoding="utf-8").splitlines()]
    numbers = [int(line.split("line ")[1].split()[0]) for line in lines]
    assert numbers == list(range(numbers[0], 400))


def test_a_symbolic_link_in_place_of_the_log_is_never_followed(tmp_path: Path, stsdesk_logger):
    target = tmp_path / "elsewhere.txt"
    target.write_text("", encoding="utf-8")
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / LOG_FILE_NAME).symlink_to(target)
    path = setup_logging(tmp_path / "logs")
    logging.getLogger("stsdesk.test").warning("a line")
    assert target.read_text(encoding="utf-8") == ""
    assert path != tmp_path / "logs" / LOG_FILE_NAME  # a fallback file was used


def test_setting_up_the_same_folder_again_keeps_one_file(
    tmp_path: Path, stsdesk_logger, monkeypatch
):
    """The window sets logging up before its first frame and ``startup.start`` once more:
    one handler stays, and a folder that cannot be written makes one temporary file, not two."""
    first = setup_logging(tmp_path / "logs")
    handler = stsdesk_logger.handlers[0]
    assert setup_logging(tmp_path / "logs", debug=True) == first
    assert stsdesk_logger.handlers == [handler]
    assert stsdesk_logger.level == logging.DEBUG

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(temporary))
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")  # a file where the log folder should be
    fallback = setup_logging(blocked / "logs")
    assert fallback.parent == temporary
    assert setup_logging(blocked / "logs") == fallback
    assert list(temporary.iterdir()) == [fallback]
    assert setup_logging(tmp_path / "other") == tmp_path / "other" / LOG_FILE_NAME
