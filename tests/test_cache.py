"""The cache of outputs (symle.cache): what a command prints from it is byte for byte what a fresh
derivation prints, in every format; a bad entry is never used; writing is atomic and bounded; a
folder it cannot use is no error; --no-cache and SYMLE_NO_CACHE bypass it."""

from __future__ import annotations

import contextlib
import io
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symle import cache, cli
from symle.model.catalogue import FAMILIES

FORMATS = [("--format", "text"), ("--format", "latex"), ("--format", "latex", "--standalone"), ("--format", "markdown")]
FORMATS += [("--format", "json")]


@pytest.fixture
def cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The cache on, in a folder of this test's; commands run in this process (SYMLE_IN_PROCESS), so
    that each model is derived once for all its formats."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("SYMLE_NO_CACHE", raising=False)
    monkeypatch.setenv("SYMLE_IN_PROCESS", "1")
    monkeypatch.setattr(cli, "without_units", lambda: None)  # (leave this process's SymPy as it is)
    return tmp_path / "symle"


def symle(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    assert status == 0 and err.getvalue() == "", err.getvalue()
    return out.getvalue()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def not_derived(*args: object, **kw: object) -> None:
    raise AssertionError("derived again: the cache was not used")


def same_from_the_cache(args: tuple[str, ...], folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Fresh (--no-cache, nothing stored), then stored (the same text), then read back (the same
    bytes, without deriving)."""
    before = len(entries(folder))
    fresh = symle(*args, "--no-cache")
    assert len(entries(folder)) == before
    assert symle(*args) == fresh
    assert len(entries(folder)) == before + 1
    with monkeypatch.context() as m:
        m.setattr(cli, "_derivation", not_derived)
        assert symle(*args) == fresh


def family_args(name: str) -> tuple[str, ...]:
    return (name, *(a for c in FAMILIES[name].constants for a in ("--known", f"{c.name}=10")))


CASES = ["normal", "uniform", "poisson-regression"]  # two parameters, a boundary, a regression
TYPED = ("theta*x^(theta-1)", "--params", "theta", "--support", "0 < x < 1")


@pytest.mark.parametrize("name", CASES)
def test_the_cache_prints_what_a_fresh_derivation_prints(name: str, cached: Path, monkeypatch) -> None:
    for options in FORMATS:
        same_from_the_cache(("derive", *family_args(name), *options), cached, monkeypatch)
    same_from_the_cache(("codegen", *family_args(name)), cached, monkeypatch)


@pytest.mark.slow
@pytest.mark.parametrize("name", [name for name in FAMILIES if name not in CASES])
def test_the_cache_prints_what_a_fresh_derivation_prints_for_every_family(name: str, cached: Path, monkeypatch) -> None:
    test_the_cache_prints_what_a_fresh_derivation_prints(name, cached, monkeypatch)


def test_a_typed_density_and_its_options_each_have_their_entry(cached: Path, monkeypatch) -> None:
    same_from_the_cache(("derive", *TYPED, "--format", "json"), cached, monkeypatch)
    same_from_the_cache(("derive", *TYPED, "--format", "json", "--function", "m=theta/(theta+1)"), cached, monkeypatch)
    same_from_the_cache(("derive", "normal", "--known", "mu"), cached, monkeypatch)
    assert len(entries(cached)) == 3


def test_the_format_an_output_file_chooses_is_in_the_key(cached: Path, tmp_path: Path) -> None:
    """-o x.md and -o x.tex are different requests, though the output file is no part of the key."""
    for name in ("a.md", "a.tex"):
        assert symle("derive", "exponential", "--no-cache", "-o", str(tmp_path / name)) == ""
    fresh_text = {name: (tmp_path / name).read_text() for name in ("a.md", "a.tex")}
    for _ in range(2):  # stored, then read back
        for name in ("b.md", "b.tex"):
            symle("derive", "exponential", "-o", str(tmp_path / name))
        assert (tmp_path / "b.md").read_text() == fresh_text["a.md"]
        assert (tmp_path / "b.tex").read_text() == fresh_text["a.tex"]
    assert fresh_text["a.md"] != fresh_text["a.tex"] and len(entries(cached)) == 2


def test_a_corrupt_or_foreign_entry_is_ignored_and_rewritten(cached: Path, monkeypatch) -> None:
    fresh = symle("derive", "exponential", "--no-cache")
    symle("derive", "exponential")
    (entry,) = entries(cached)
    stored = json.loads(entry.read_text())
    other = {**stored, "key": {**stored["key"], "code": "another version of symle"}, "output": "foreign\n"}
    truncated = b'{"format": "symle-output-cache-1", "output": '
    for bad in (b"", b"\xff\xfe not text", truncated, json.dumps(other).encode()):
        entry.write_bytes(bad)
        assert symle("derive", "exponential") == fresh
        assert json.loads(entry.read_text()) == stored  # written again, whole
    assert entries(cached) == [entry]


def test_the_entry_is_what_is_printed(cached: Path) -> None:
    """An entry holds the text as printed and its key in full; a planted entry for the exact key is
    printed as it is, never run or read as an expression (it is the user's own folder)."""
    symle("derive", "exponential")
    (entry,) = entries(cached)
    stored = json.loads(entry.read_text())
    assert stored["key"]["request"]["model"] == "exponential" and stored["key"]["command"] == "derive"
    entry.write_text(json.dumps({**stored, "output": "__import__('os').system('false')\n"}))
    assert symle("derive", "exponential") == "__import__('os').system('false')\n"
    assert symle("derive", "exponential", "--no-cache") != "__import__('os').system('false')\n"


def test_no_cache_and_the_environment_bypass_it(cached: Path, monkeypatch) -> None:
    symle("derive", "poisson", "--no-cache")
    symle("codegen", "poisson", "--no-cache")
    monkeypatch.setenv("SYMLE_NO_CACHE", "1")
    symle("derive", "poisson")
    assert entries(cached) == []
    monkeypatch.setenv("SYMLE_NO_CACHE", "0")
    symle("derive", "poisson")
    assert len(entries(cached)) == 1


def test_a_result_that_depends_on_the_machine_is_not_stored(cached: Path) -> None:
    key = cache.key("derive", {"model": "x"})
    assert cache.remembered("derive", {"model": "x"}, lambda: ("out of time\n", False), use=True) == "out of time\n"
    assert cache.read(key) is None and entries(cached) == []
    assert cache.remembered("derive", {"model": "x"}, lambda: ("whole\n", True), use=True) == "whole\n"
    assert cache.read(key) == "whole\n"


def test_the_key_holds_the_version_the_code_and_every_option(cached: Path, monkeypatch) -> None:
    cache.write(cache.key("derive", {"model": "x", "timeout": 10.0}), "ten\n")
    assert cache.read(cache.key("derive", {"model": "x", "timeout": 10.0})) == "ten\n"
    assert cache.read(cache.key("derive", {"model": "x", "timeout": 20.0})) is None
    assert cache.read(cache.key("codegen", {"model": "x", "timeout": 10.0})) is None
    monkeypatch.setattr(cache, "fingerprint", lambda: "edited code")
    assert cache.read(cache.key("derive", {"model": "x", "timeout": 10.0})) is None
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    assert cache.key("derive", {})["symle"] == "9.9.9"


def test_the_fingerprint_follows_the_code_and_the_templates() -> None:
    from symle.render.environment import template_folder

    assert cache._template_folder() == template_folder()
    files = cache._files()
    assert Path(cache.__file__).resolve() in files and any(p.suffix == ".j2" for p in files)
    assert any(p.parent.name == "sympy" for p in files) and any(p.parent.name == "jinja2" for p in files)


def test_a_folder_it_cannot_use_is_no_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("SYMLE_NO_CACHE", raising=False)
    monkeypatch.setenv("SYMLE_IN_PROCESS", "1")
    monkeypatch.setattr(cli, "without_units", lambda: None)
    fresh = symle("derive", "bernoulli", "--no-cache")
    (tmp_path / "file").write_text("not a folder")
    shared = tmp_path / "shared"
    (shared / "symle").mkdir(parents=True)
    (shared / "symle").chmod(0o777)  # another user could plant entries: not used
    for where in (tmp_path / "file", Path("/proc/self"), shared, tmp_path / "missing" / "deeper"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(where))
        assert symle("derive", "bernoulli") == fresh
        assert symle("derive", "bernoulli") == fresh
    assert entries(shared / "symle") == []
    assert len(entries(tmp_path / "missing" / "deeper" / "symle")) == 1
    assert (tmp_path / "missing" / "deeper" / "symle").stat().st_mode & 0o777 == 0o700
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "symle").symlink_to(tmp_path / "missing" / "deeper" / "symle")  # a link is not our folder
    monkeypatch.setenv("XDG_CACHE_HOME", str(linked))
    assert cache.read(cache.key("derive", {"model": "x"})) is None
    cache.write(cache.key("derive", {"model": "x"}), "x\n")
    assert cache.read(cache.key("derive", {"model": "x"})) is None
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert cache.folder() is None
    assert symle("derive", "bernoulli") == fresh


def test_the_folder_follows_xdg(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.folder() == tmp_path / "symle"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG specification says
    assert cache.folder() == Path.home() / ".cache" / "symle"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.folder() == Path.home() / ".cache" / "symle"


def test_the_least_recently_used_entries_are_evicted(cached: Path, monkeypatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    keys = [cache.key("derive", {"model": str(k)}) for k in range(8)]
    for k, key in enumerate(keys):
        cache.write(key, f"{k}\n")
        if k >= 1:
            os.utime(cached / cache._name(keys[0]), (2e9 + k, 2e9 + k))  # entry 0 read last: kept
    assert len(entries(cached)) == 5
    assert cache.read(keys[0]) == "0\n" and cache.read(keys[1]) is None and cache.read(keys[7]) == "7\n"
    monkeypatch.setattr(cache, "MAX_BYTES", 1)
    cache.write(keys[1], "1\n")
    assert len(entries(cached)) == 1  # the newest is kept whatever its size


def test_a_stale_temporary_file_is_removed(cached: Path) -> None:
    cache.write(cache.key("derive", {"model": "a"}), "a\n")
    left = cached / ".tmp-left-by-a-killed-process.json"
    left.write_text("{")
    os.utime(left, (1e9, 1e9))
    cache.write(cache.key("derive", {"model": "b"}), "b\n")
    assert not left.exists() and len(entries(cached)) == 2


def _writer(folder: str, number: int) -> None:
    os.environ["XDG_CACHE_HOME"] = folder
    key = cache.key("derive", {"model": "race"})
    for k in range(40):
        cache.write(key, f"writer {number} entry {k} " + "x" * 50_000 + "\n")
        found = cache.read(key)
        assert found is not None and found.startswith("writer ") and found.endswith("x\n"), found[:40]


def test_processes_writing_at_once_each_leave_a_whole_entry(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    writers = [context.Process(target=_writer, args=(str(tmp_path), k)) for k in range(4)]
    for w in writers:
        w.start()
    for w in writers:
        w.join(60)
    assert [w.exitcode for w in writers] == [0, 0, 0, 0]
    folder = tmp_path / "symle"
    (entry,) = entries(folder)
    assert json.loads(entry.read_text())["output"].endswith("x\n")
    assert not list(folder.glob(".tmp-*"))


def test_a_second_run_prints_the_same_in_a_fresh_process(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("SYMLE_NO_CACHE")
    args = [sys.executable, "-m", "symle", "derive", "normal", "--format", "markdown"]
    first = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    second = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    assert second.stdout == first.stdout and second.stderr == first.stderr == ""
    assert len(entries(tmp_path / "symle")) == 1
