"""A class's zip is read in memory within its caps; the server binds this machine only unless told."""

from __future__ import annotations

import argparse
import io
import zipfile

import pytest

pytest.importorskip("starlette")

from symle.errors import HomeworkError  # noqa: E402
from symle.serve import loopback, run_serve  # noqa: E402
from symle.serve.limits import ZIP_FILES, zip_members  # noqa: E402


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_zip_bomb_too_many_files_or_no_zip_are_refused_in_one_line():
    with pytest.raises(HomeworkError, match="compressed more than"):
        zip_members(_zip({"a.txt": b"0" * 150_000}))
    with pytest.raises(HomeworkError, match=f"at most {ZIP_FILES}"):
        zip_members(_zip({f"s{k}.txt": b"model: exponential" for k in range(ZIP_FILES + 1)}))
    with pytest.raises(HomeworkError, match="not a zip"):
        zip_members(b"PK\x03\x04 not really")
    with pytest.raises(HomeworkError, match="no homework files"):
        zip_members(_zip({"run.exe": b"MZ", "__MACOSX/a.txt": b"x"}))


def test_member_names_are_only_shown():
    found = zip_members(_zip({"/etc/passwd.txt": b"model: x", "../up.md": b"y", "a\x1b[31m.txt": b"z"}))
    assert [name for name, _ in found] == ["../up.md", "/etc/passwd.txt", "a\\x1b[31m.txt"]


def test_it_warns_when_bound_beyond_this_machine(monkeypatch, capsys):
    import uvicorn

    ran = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: ran.update(options))
    assert loopback("127.0.0.1") and loopback("::1") and loopback("localhost") and not loopback("0.0.0.0")
    run_serve(argparse.Namespace(host="0.0.0.0", port=8000, workers=1))
    assert ran["host"] == "0.0.0.0" and "warning: bound to 0.0.0.0" in capsys.readouterr().err
    run_serve(argparse.Namespace(host="127.0.0.1", port=8000, workers=1))
    assert "warning" not in capsys.readouterr().err
