"""Writing where writing cannot or must not happen: every failure is a CaseFileError that
names the target given, no temporary file is left, and no link or device is replaced."""

from __future__ import annotations

import os
import signal
import stat
import time
from pathlib import Path

import pytest

import costdx as cdx
from costdx._fs import _HOST, STALE_AFTER, atomic_write
from hostile.corpus import small_value_case, within


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_folder_that_cannot_hold_files() -> None:
    with within(), pytest.raises(cdx.CaseFileError) as info:
        cdx.write_excel(small_value_case(), "/proc/x.xlsx")
    assert str(info.value).startswith("/proc/x.xlsx: cannot write there")
    assert ".tmp" not in str(info.value)


def test_a_folder_as_the_target(tmp_path: Path) -> None:
    target = tmp_path / "report.xlsx"
    target.mkdir()
    with pytest.raises(cdx.CaseFileError, match="is a folder") as info:
        cdx.write_excel(small_value_case(), target)
    assert str(info.value).startswith(str(target))
    assert _temps(tmp_path) == []


def test_a_missing_folder(tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "case.json"
    with pytest.raises(cdx.CaseFileError, match="does not exist") as info:
        cdx.save(small_value_case(), target)
    assert str(info.value).startswith(str(target))


def test_writing_through_a_link_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    real = tmp_path / "shared" / "report.xlsx"
    real.parent.mkdir()
    real.write_bytes(b"old")
    link = tmp_path / "report.xlsx"
    link.symlink_to(real)
    cdx.write_excel(small_value_case(), link)
    assert link.is_symlink()
    assert os.readlink(link) == str(real)
    assert real.read_bytes()[:2] == b"PK"  # a zip: the workbook
    assert _temps(real.parent) == []
    assert _temps(tmp_path) == []


def test_a_link_to_a_missing_file_creates_it(tmp_path: Path) -> None:
    real = tmp_path / "new.json"
    link = tmp_path / "link.json"
    link.symlink_to(real)
    cdx.save(small_value_case(), link)
    assert link.is_symlink()
    assert cdx.load_value_case(real).solutions[0].id == "fix"


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_link_to_a_device_is_refused(tmp_path: Path, device: str) -> None:
    link = tmp_path / "out.xlsx"
    link.symlink_to(device)
    with pytest.raises(cdx.CaseFileError, match="not a regular file") as info:
        cdx.write_excel(small_value_case(), link)
    assert str(info.value).startswith(f"{link} (through a link, {device})")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert link.is_symlink()


def test_a_fifo_target_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "case.json"
    os.mkfifo(target)
    with within(), pytest.raises(cdx.CaseFileError, match="not a regular file"):
        cdx.save(small_value_case(), target)
    assert stat.S_ISFIFO(os.stat(target).st_mode)


def test_a_loop_of_links_is_refused(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.symlink_to(b)
    b.symlink_to(a)
    with pytest.raises(cdx.CaseFileError, match="leads nowhere") as info:
        cdx.save(small_value_case(), a)
    assert str(info.value).startswith(str(a))
    assert a.is_symlink()
    assert b.is_symlink()


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"good")

    def fail(handle: object) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(cdx.CaseFileError, match="No space left on device") as info:
        atomic_write(target, fail)
    assert str(info.value).startswith(str(target))
    assert target.read_bytes() == b"good"
    assert _temps(tmp_path) == []


def test_a_killed_writer_leaves_a_stray_that_the_next_write_removes(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    pid = os.fork()
    if pid == 0:  # the child is killed halfway through writing
        try:
            atomic_write(
                target, lambda handle: (handle.write(b"half"), os.kill(os.getpid(), signal.SIGKILL))
            )
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    (stray,) = _temps(tmp_path)
    assert stray.startswith(f".out.bin.{_HOST}-{pid}.")
    atomic_write(target, lambda handle: handle.write(b"whole"))
    assert target.read_bytes() == b"whole"
    assert _temps(tmp_path) == []


def test_temporary_files_of_live_or_foreign_writers_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "out.bin"
    live = tmp_path / f".out.bin.{_HOST}-{os.getpid()}.0123abcd.tmp"
    foreign_new = tmp_path / ".out.bin.ffffff-12345.0123abcd.tmp"
    foreign_old = tmp_path / ".out.bin.fffffe-12345.0123abcd.tmp"
    other = tmp_path / ".other.bin.ffffff-12345.0123abcd.tmp"
    for path in (live, foreign_new, foreign_old, other):
        path.write_bytes(b"")
    past = time.time() - STALE_AFTER - 60
    os.utime(foreign_old, (past, past))
    atomic_write(target, lambda handle: handle.write(b"x"))
    # this process is alive; the other machine's recent file may still be written; the
    # old one is stale; another target's files are not looked at
    assert _temps(tmp_path) == sorted(p.name for p in (live, foreign_new, other))
