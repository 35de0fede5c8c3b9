"""`symle check` on the command line: the JSON contract, exit statuses (0 all correct, 1 a mistake,
2 an unusable file), batches of files and folders as JSON lines, the text report."""

from __future__ import annotations

import json
from pathlib import Path

from symle.cli import main

HOMEWORK = Path(__file__).parents[1] / "homework"
EXAMPLES = Path(__file__).parents[2] / "examples"


def run(capsys, *argv):
    status = main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_json_contract(capsys):
    status, out, _ = run(capsys, str(EXAMPLES / "homework-mistakes.txt"), "--format", "json")
    data = json.loads(out)
    assert status == 1
    assert set(data) == {"file", "ok", "steps", "notes"} and data["ok"] is False
    assert data["notes"] == ["not shown: the second-order check"]  # the one standard part the file leaves out
    for entry in data["steps"]:
        assert set(entry) == {"line", "label", "verdict", "expected", "hint", "note"}
        assert entry["verdict"] in ("correct", "incorrect", "unreadable")
    assert [s["line"] for s in data["steps"]] == [6, 7, 8, 9, 10, 11, 12, 13]
    assert data["steps"][2]["note"] == "follows from your step 2"


def test_cli_exit_statuses(capsys, tmp_path):
    assert run(capsys, str(HOMEWORK / "poisson.txt"))[0] == 0
    assert run(capsys, str(EXAMPLES / "homework-mistakes.txt"))[0] == 1
    status, out, err = run(capsys, str(tmp_path / "missing.txt"))
    assert (status, out) == (2, "")
    assert err.startswith("symle: error:") and len(err.splitlines()) == 1
    bad = tmp_path / "bad.txt"
    bad.write_text("model: nonsense\nmle p: 1\n")
    status, _, err = run(capsys, str(bad))
    assert status == 2 and "unknown family" in err


def test_cli_batch_is_json_lines(capsys, tmp_path):
    (tmp_path / "a.txt").write_text((HOMEWORK / "poisson.txt").read_text())
    (tmp_path / "b.md").write_text("model: exponential\nmle lambda: xbar\n")
    (tmp_path / "c.txt").write_text("no model here\n")
    status, out, _ = run(capsys, str(tmp_path), str(tmp_path / "missing.txt"), "--format", "json")
    lines = [json.loads(line) for line in out.splitlines()]
    assert [Path(entry["file"]).name for entry in lines] == ["a.txt", "b.md", "c.txt", "missing.txt"]
    assert [entry["ok"] for entry in lines] == [True, False, False, False]
    assert "error" in lines[2] and "error" in lines[3] and "steps" in lines[1]
    assert status == 2


def test_cli_text_output(capsys):
    status, out, _ = run(capsys, str(EXAMPLES / "homework-mistakes.txt"))
    assert status == 1
    assert "3 of 8 steps correct" in out.splitlines()[0]
    assert "hint: n − 1 instead of n" in out
