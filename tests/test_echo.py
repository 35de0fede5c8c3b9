"""symle.echo: user text echoed on one line, with nothing a terminal acts on, bounded; JSON valid UTF-8."""

from __future__ import annotations

import json
import os
import sys
import unicodedata

import pytest

from symle.echo import ELLIPSIS, file_text, json_text, quoted, shown, shown_lines

UNSAFE = ("Cc", "Cf", "Cs", "Zl", "Zp")
HOSTILE = [
    "\x1b[31mred\x1b[0m.txt",
    "a\nforged.txt (normal): 8 of 8 steps correct",
    "bel\x07 bs\x08 cr\r tab\t del\x7f nul\x00",
    "c1 csi\x9b31m nel\x85 st\x9c",
    "rtl\u202etxt.exe",
    "isolates\u2066\u2067\u2068\u2069 marks\u200e\u200f\u061c",
    "zero width\u200b\u200d\ufeff soft\u00adhyphen",
    "line\u2028paragraph\u2029end",
    "tag\U000e0001\U000e0041",
    os.fsdecode(b"not utf-8 \xff\xfe\x80.txt"),
]


def unsafe_in(text: str, allowed: str = "") -> list[str]:
    return [c for c in text if unicodedata.category(c) in UNSAFE and c not in allowed]


def test_no_code_point_survives_unescaped() -> None:
    """Every code point, surrogates included (a file name's undecodable bytes), comes out visible."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    assert unsafe_in(shown(every, None)) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_one_visible_line(text: str) -> None:
    out = shown(text, None)
    assert unsafe_in(out) == [] and "\n" not in out
    assert shown(out, None) == out  # escaping again changes nothing


def test_escapes_are_the_ones_python_writes() -> None:
    assert shown("\x1b[31mred.txt") == "\\x1b[31mred.txt"
    assert shown("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert shown("\x9b\x7f\x00") == "\\x9b\\x7f\\x00"
    assert shown("abc\u202etxt.exe") == "abc\\u202etxt.exe"
    assert shown("\u2028\U000e0001") == "\\u2028\\U000e0001"


def test_undecodable_bytes_of_a_file_name_show_as_bytes() -> None:
    assert shown(os.fsdecode(b"x\xff\xfe.txt")) == "x\\xff\\xfe.txt"
    assert shown(b"x\xff.txt") == "x\\xff.txt"
    assert shown(os.fsencode("r\u00e9sum\u00e9.txt")) == "r\u00e9sum\u00e9.txt"


def test_printable_text_is_left_alone() -> None:
    for text in ("résumé élève.txt", "σ² = (1/n) Σ (xᵢ − x̄)²", "λ̂ = 1/x̄", "日本語.txt", "\\frac{1}{\\lambda}", "🙂"):
        assert shown(text) == text


def test_a_long_echo_keeps_both_ends_within_its_limit() -> None:
    path = "/home/" + "very-deep-folder/" * 40 + "alice.txt"
    out = shown(path, 60)
    assert len(out) == 60 and ELLIPSIS in out
    assert out.startswith("/home/very") and out.endswith("alice.txt")
    assert shown(out, 60) == out
    assert shown(path, None) == path and shown("short", 60) == "short"


def test_truncation_never_cuts_an_escape() -> None:
    out = shown("\x1b" * 100, 21)
    assert len(out) <= 21
    head, tail = out.split(ELLIPSIS)
    assert head and tail and head == "\\x1b" * (len(head) // 4) and tail == "\\x1b" * (len(tail) // 4)
    # text short in characters but long once escaped is cut too
    assert len(shown("\x07" * 30, 40)) <= 40


def test_a_huge_echo_is_cut_quickly() -> None:
    out = shown("7" * 50_000_000 + "\x1b")
    assert len(out) <= 200 and out.endswith("\\x1b")


def test_quoted_and_shown_lines() -> None:
    assert quoted("col\x1bumn") == "'col\\x1bumn'"
    assert len(quoted("x" * 1000, 40)) == 42
    assert shown_lines("header \x1b\nline\u2028two\rthree").split("\n") == ["header \\x1b", "line\\u2028two\\rthree"]


def test_json_text_reads_back_the_same_values_and_is_safe_to_print() -> None:
    value = {"file": HOSTILE, "label": "score \x1b[31mλ", "nested": [{"k\u202e": "\U000e0001"}]}
    for indent in (None, 2):
        text = json_text(value, indent)
        assert json.loads(text) == value
        assert unsafe_in(text, allowed="\n") == []
        text.encode("utf-8")  # valid UTF-8: no lone surrogate is written raw
        if indent is None:
            assert "\n" not in text  # one JSON Lines record
    assert json_text({"σ": "λ̂"}) == '{"σ": "λ̂"}'  # letters stay letters


def test_a_file_name_in_json_shows_undecodable_bytes_as_text() -> None:
    name = os.fsdecode(b"students/x\xff\xfe.txt")
    assert file_text(name) == "students/x\\xff\\xfe.txt"
    assert file_text(b"a\xffb") == "a\\xffb"
    assert file_text("ctrl\x1b\n.txt") == "ctrl\x1b\n.txt"  # JSON escapes these itself, exactly
    assert json.loads(json_text({"file": file_text(name)}))["file"].encode("utf-8") == b"students/x\\xff\\xfe.txt"
