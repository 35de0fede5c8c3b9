"""Files and processes, tried as an attacker and a careless user would: special files given to -o,
commands killed mid-way, inputs that never end. No special file is replaced, nothing is written
after a kill, and every command ends within its --timeout, reading included."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from adversary import ENV, assert_user_error, run

from symle import outputs

SLACK = 4.0  # interpreter start and a loaded test machine; a hang would take minutes
# A derivation that takes seconds (its exponent tower tries the budget of several steps) and then
# writes its page: long enough to be killed in the middle.
SLOW = ("derive", "exp(exp(exp(a*x)))", "--params", "a", "--no-normalise-check", "--timeout", "60")
EXPECTED = "Maximum likelihood for the exponential distribution"


# --- special files given to -o -------------------------------------------------------------------


@pytest.mark.skipif(os.geteuid() != 0, reason="mknod needs root")
def test_a_character_device_is_written_not_replaced(tmp_path: Path) -> None:
    device = tmp_path / "null"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a /dev/null of our own
    done, _ = run("derive", "exponential", "-o", str(device))
    assert done.returncode == 0, done.stderr
    assert stat.S_ISCHR(device.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]


def test_a_fifo_is_written_to_its_reader(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    done, _ = run("derive", "exponential", "-o", str(fifo))
    reader.join(30)
    assert done.returncode == 0, done.stderr
    assert received and received[0].decode().startswith(EXPECTED)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_no_one_reads_is_an_error_within_the_timeout(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    done, seconds = run("derive", "exponential", "-o", str(fifo), "--timeout", "5")
    assert_user_error(done, "no one reads")
    assert seconds < 5 + SLACK and stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_stdout_is_standard_output() -> None:
    done, _ = run("derive", "exponential", "-o", "/dev/stdout")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(EXPECTED)
    assert os.path.islink("/dev/stdout")


def test_a_process_substitution_descriptor_is_written(tmp_path: Path) -> None:
    """`-o >(cmd)` hands symle /dev/fd/N, an inherited pipe."""
    read_end, write_end = os.pipe()
    command = [sys.executable, "-m", "symle", "derive", "exponential", "-o", f"/dev/fd/{write_end}"]
    process = subprocess.Popen(command, pass_fds=(write_end,), env=ENV, stderr=subprocess.PIPE)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        received = pipe.read()
    assert process.wait(60) == 0, process.stderr.read() if process.stderr else ""
    assert received.decode().startswith(EXPECTED)


def test_a_descriptor_that_is_not_open_is_an_error() -> None:
    # at once: select() ignored a descriptor beyond the process's table, and waited out the 30 s on it
    done, seconds = run("derive", "exponential", "-o", "/dev/fd/97", "--timeout", "30")
    assert_user_error(done, "/dev/fd/97", "not an open descriptor")
    assert seconds < 15


def test_a_link_to_a_file_updates_the_file_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old\n")
    (tmp_path / "link.txt").symlink_to("real.txt")
    done, _ = run("derive", "exponential", "-o", "link.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "link.txt").is_symlink()
    assert (tmp_path / "real.txt").read_text().startswith(EXPECTED)


def test_a_name_of_252_bytes_is_written(tmp_path: Path) -> None:
    name = "a" * 248 + ".tex"
    done, _ = run("derive", "exponential", "-o", name, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_a_rewritten_file_loses_its_setuid_bit_and_keeps_its_owner(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old\n")
    os.chmod(target, 0o4755)
    owner = (1000, 1000) if os.geteuid() == 0 else (os.getuid(), os.getgid())
    if os.geteuid() == 0:
        os.chown(target, *owner)
    done, _ = run("derive", "exponential", "-o", str(target))
    assert done.returncode == 0, done.stderr
    info = target.stat()
    assert info.st_mode & 0o7777 == 0o755
    assert (info.st_uid, info.st_gid) == owner


def test_the_renames_of_a_pair_are_not_split_by_a_signal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGTERM arriving between the .tex's rename and the PDF's waits until both are done."""
    for name in ("key.tex", "key.pdf"):
        (tmp_path / name).write_text("old")
    renamed: list[str] = []
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        real_replace(source, target)
        renamed.append(Path(target).name)
        if len(renamed) == 1:
            os.kill(os.getpid(), signal.SIGTERM)  # held off until both renames are done

    class Stopped(Exception):
        pass

    def on_term(signum: int, frame: object) -> None:
        raise Stopped(list(renamed))

    monkeypatch.setattr(os, "replace", replace)
    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        with pytest.raises(Stopped) as stopped:
            outputs.write_files({tmp_path / "key.tex": "new", tmp_path / "key.pdf": b"new"})
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert stopped.value.args[0] == ["key.tex", "key.pdf"]
    assert (tmp_path / "key.tex").read_text() == (tmp_path / "key.pdf").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["key.pdf", "key.tex"]


# --- killed commands -----------------------------------------------------------------------------


def _processes_naming(marker: str, under: Path | None = None) -> list[int]:
    """The live processes whose command line holds `marker` (the command and any child it forked),
    or with `under`, those whose working folder is below it (a LaTeX run in its temporary folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                cwd = os.readlink(entry / "cwd") if under is not None else ""
            except OSError:
                continue
            if state == "Z" or marker.encode() not in cmdline:
                continue
            if under is None or cwd.startswith(str(under)):
                found.append(int(entry.name))
    return found


def _start(args: tuple[str, ...], cwd: Path, tmpdir: Path) -> subprocess.Popen[bytes]:
    env = {**ENV, "TMPDIR": str(tmpdir)}
    return subprocess.Popen(
        [sys.executable, "-m", "symle", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGKILL])
def test_a_killed_command_writes_nothing_afterwards(tmp_path: Path, signum: int) -> None:
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    target = tmp_path / "out.tex"
    process = _start((*SLOW, "-o", str(target)), tmp_path, tmpdir)
    time.sleep(1.5)
    assert process.poll() is None, "the command finished before it could be killed: make SLOW slower"
    process.send_signal(signum)
    assert process.wait(10) == -signum
    time.sleep(6)  # longer than the command would have taken
    assert not target.exists()
    assert _processes_naming(str(target)) == []  # the supervised child and its worker died with it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tmp"] and list(tmpdir.iterdir()) == []


@pytest.mark.latex
def test_a_worksheet_killed_while_its_pdf_builds_leaves_nothing(tmp_path: Path) -> None:
    import shutil

    if not shutil.which("pdflatex"):
        pytest.skip("needs pdflatex")
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    (tmp_path / "spec.toml").write_text('[[problem]]\nmodel = "normal"\n[[problem]]\nmodel = "gamma"\n')
    killed = 0
    for delay in (0.8, 1.2, 1.6, 2.0):
        process = _start(("worksheet", "spec.toml", "-o", "key.tex", "--solutions", "--pdf"), tmp_path, tmpdir)
        time.sleep(delay)
        if process.poll() is None:
            killed += 1
            process.send_signal(signal.SIGTERM)
            assert process.wait(10) == -signal.SIGTERM
            time.sleep(1.5)
            assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.toml", "tmp"], delay
            assert list(tmpdir.iterdir()) == [], delay  # no LaTeX folder left behind
            assert _processes_naming("worksheet.tex", under=tmpdir) == []  # no LaTeX run left behind
        else:
            process.wait()
        for name in ("key.tex", "key.pdf"):
            (tmp_path / name).unlink(missing_ok=True)
    assert killed, "every run finished before it could be killed"


# --- inputs that never end -----------------------------------------------------------------------


def test_check_of_a_fifo_no_one_writes_ends_within_its_timeout(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "hw.txt")
    done, seconds = run("check", "hw.txt", "--timeout", "3", cwd=tmp_path)
    assert_user_error(done, "hw.txt", "3 s")
    assert seconds < 3 + SLACK


def test_check_of_a_stdin_that_never_ends_ends_within_its_timeout(tmp_path: Path) -> None:
    sleeper = subprocess.Popen(["sleep", "600"], stdout=subprocess.PIPE)
    try:
        done, seconds = run("check", "/dev/stdin", "--timeout", "3", stdin=sleeper.stdout)
    finally:
        sleeper.kill()
        sleeper.wait()
    assert_user_error(done, "/dev/stdin")
    assert seconds < 3 + SLACK


def test_a_worksheet_spec_that_is_a_fifo_ends_within_its_timeout(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "spec.toml")
    done, seconds = run("worksheet", "spec.toml", "-o", "sheet.tex", "--timeout", "3", cwd=tmp_path)
    assert_user_error(done, "spec.toml")
    assert seconds < 3 + SLACK
    assert not (tmp_path / "sheet.tex").exists()


def test_fit_of_a_fifo_ends_within_its_timeout(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.txt")
    done, seconds = run("fit", "exponential", "x.txt", "--timeout", "2", cwd=tmp_path)
    assert_user_error(done, "did not finish within 2 s")
    assert seconds < 2 + SLACK


@pytest.mark.parametrize("command", ["check", "worksheet", "families"])
def test_every_command_refuses_a_timeout_that_is_not_a_positive_number(command: str, tmp_path: Path) -> None:
    args = {"check": ["hw.txt"], "worksheet": ["spec.toml", "-o", "x.tex"], "families": []}[command]
    for value in ("0", "-1", "nan", "inf", "1e400"):
        done, _ = run(command, *args, "--timeout", value, cwd=tmp_path)
        assert_user_error(done, "--timeout")
