"""Reading observations: good files, every error with its one-line message, line numbers, speed."""

import io
import math
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from symle.errors import DataError, SymleError
from symle.numeric.data import Sample, Table, read_sample, read_table


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Work in a fresh folder so messages name files as a person typed them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(name: str, content: str | bytes) -> str:
    path = Path(name)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return name


def message(call) -> str:
    with pytest.raises(DataError) as info:
        call()
    text = str(info.value)
    assert "\n" not in text
    return text


# --- good files: one number per line -----------------------------------------------------------

PLAIN = [
    # (content, values, lines)
    ("1\n2.5\n-3e2\n", [1.0, 2.5, -300.0], [1, 2, 3]),
    ("1\n2", [1.0, 2.0], [1, 2]),
    ("# heights in m\n\n  1.5  \n\t\n   # note\n2\n\n", [1.5, 2.0], [3, 6]),
    ("1\r\n2\r\n\r\n3\r\n", [1.0, 2.0, 3.0], [1, 2, 4]),
    ("1\r2\r", [1.0, 2.0], [1, 2]),
    ("\ufeff4\n5\n", [4.0, 5.0], [1, 2]),
    ("+1.\n.5\n1E3\n-0\n", [1.0, 0.5, 1000.0, 0.0], [1, 2, 3, 4]),
    ("# ünïcödé comment ok\n7\n", [7.0], [2]),
    ("   \n8\n", [8.0], [2]),
]


@pytest.mark.parametrize(("content", "values", "lines"), PLAIN)
def test_plain_file(here, content, values, lines):
    sample = read_sample(write("data.txt", content))
    assert sample.values.tolist() == values
    assert sample.lines.tolist() == lines
    assert sample.source == "data.txt"
    assert len(sample) == len(values)


def test_sample_arrays_are_typed_and_read_only(here):
    sample = read_sample(write("data.txt", "1\n2\n"))
    assert isinstance(sample, Sample)
    assert sample.values.dtype == np.float64 and sample.values.ndim == 1
    assert sample.lines.dtype == np.int64 and sample.lines.ndim == 1
    with pytest.raises(ValueError):
        sample.values[0] = 5.0


def test_path_object_source(here):
    sample = read_sample(Path(write("data.txt", "3\n")))
    assert sample.values.tolist() == [3.0]
    assert sample.source == "data.txt"


def test_stdin_plain():
    sample = read_sample("-", stdin=io.StringIO("# x\n1\n\n2\n"))
    assert sample.values.tolist() == [1.0, 2.0]
    assert sample.lines.tolist() == [2, 4]
    assert sample.source == "<stdin>"


def test_stdin_bytes_buffer_is_decoded():
    stream = io.TextIOWrapper(io.BytesIO(b"1\n2\n"), encoding="utf-8")
    assert read_sample("-", stdin=stream).values.tolist() == [1.0, 2.0]


# --- good files: CSV ---------------------------------------------------------------------------

CSV_COLUMNS = [
    # (content, column, values, lines)
    ("a,x\n1,2\n3,4\n", "x", [2.0, 4.0], [2, 3]),
    ("a, x ,b\n1, 2 ,z\n\n3,4,w\n", "x", [2.0, 4.0], [2, 4]),
    ("\n\nx\n5\n", "x", [5.0], [4]),
    ('note,x\n"two\nlines",1\nok,2\n', "x", [1.0, 2.0], [2, 4]),
    ("x,a\r\n1,q\r\n2,r\r\n", "x", [1.0, 2.0], [2, 3]),
    ('"x","y"\n"1.5","2"\n', "x", [1.5], [2]),
    ("\ufeffx\n9\n", "x", [9.0], [2]),
]


@pytest.mark.parametrize(("content", "column", "values", "lines"), CSV_COLUMNS)
def test_csv_column(here, content, column, values, lines):
    sample = read_sample(write("data.csv", content), column)
    assert sample.values.tolist() == values
    assert sample.lines.tolist() == lines
    assert sample.source == "data.csv"


def test_csv_from_stdin():
    sample = read_sample("-", "y", stdin=io.StringIO("x,y\n1,10\n2,20\n"))
    assert sample.values.tolist() == [10.0, 20.0]
    assert sample.source == "<stdin>"


def test_read_table_several_columns(here):
    table = read_table(write("data.csv", "x,label,y\n1,a,10\n\n2,b,20\n"), ["y", "x"])
    assert isinstance(table, Table)
    assert list(table.columns) == ["y", "x"]
    assert table["x"].tolist() == [1.0, 2.0]
    assert table["y"].tolist() == [10.0, 20.0]
    assert table.lines.tolist() == [2, 4]
    assert table.source == "data.csv"
    assert len(table) == 2
    assert table.sample("y").lines.tolist() == [2, 4]


def test_read_table_wants_a_list_of_names(here):
    with pytest.raises(TypeError):
        read_table(write("data.csv", "x\n1\n"), "x")
    with pytest.raises(ValueError):
        read_table("data.csv", [])


# --- errors --------------------------------------------------------------------------------------

PLAIN_ERRORS = [
    ("1\n2\nabc\n", "data.txt line 3: 'abc' is not a number"),
    ("1\nnan\n", "data.txt line 2: 'nan' is not a finite number"),
    ("NaN\n", "data.txt line 1: 'NaN' is not a finite number"),
    ("1\ninf\n", "data.txt line 2: 'inf' is not a finite number"),
    ("# c\n-Infinity\n", "data.txt line 2: '-Infinity' is not a finite number"),
    ("1e999\n", "data.txt line 1: '1e999' is not a finite number"),
    ("1_000\n", "data.txt line 1: '1_000' is not a number"),
    ("\u0661\n", "data.txt line 1: '\u0661' is not a number"),
    ("\uff15\n", "data.txt line 1: '\uff15' is not a number"),
    ("1\n2 3\n", "data.txt line 2: '2 3' is not a number"),
    ("1,2,3\n", "data.txt line 1: '1,2,3' is not a number"),
    ("1.5 # cm\n", "data.txt line 1: '1.5 # cm' is not a number"),
    ("0x10\n", "data.txt line 1: '0x10' is not a number"),
    ("\n\n  x  \n", "data.txt line 3: 'x' is not a number"),
    ("1\n\n2\nfoo\nnan\n", "data.txt line 4: 'foo' is not a number"),
    ("1\nnan\nfoo\n", "data.txt line 2: 'nan' is not a finite number"),
    ("1\r\n2\r\nx\r\n", "data.txt line 3: 'x' is not a number"),
    ("a\x0bb\n", "data.txt line 1: 'a\\x0bb' is not a number"),
    ("9" * 100 + "z\n", "data.txt line 1: '" + "9" * 20 + "…" + "9" * 18 + "z' is not a number"),  # both ends
    ("", "data.txt: no observations"),
    ("\n\n  \n", "data.txt: no observations"),
    ("# only a comment\n", "data.txt: no observations"),
]


@pytest.mark.parametrize(("content", "expected"), PLAIN_ERRORS)
def test_plain_errors(here, content, expected):
    write("data.txt", content)
    assert message(lambda: read_sample("data.txt")) == expected


BYTE_ERRORS = [
    (b"1\n\x002\n", "data.bin: not a text file (it contains NUL bytes)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "data.bin: not a text file (it contains NUL bytes)"),
    (b"1\n2\xff\n", "data.bin line 2: not UTF-8 text (byte 0xff)"),
    (b"1.5\n\xe9t\xe9\n", "data.bin line 2: not UTF-8 text (byte 0xe9)"),
    ("1\n2\n".encode("utf-16"), "data.bin: the file is UTF-16; save it as UTF-8 text"),
]


@pytest.mark.parametrize(("content", "expected"), BYTE_ERRORS)
def test_unreadable_bytes(here, content, expected):
    write("data.bin", content)
    assert message(lambda: read_sample("data.bin")) == expected
    assert message(lambda: read_sample("data.bin", "x")) == expected


def test_missing_file(here):
    assert message(lambda: read_sample("data.txt")) == "data.txt: no such file"
    assert message(lambda: read_table("data.txt", ["x"])) == "data.txt: no such file"


def test_directory(here):
    Path("folder").mkdir()
    assert message(lambda: read_sample("folder")) == "folder: is a directory, not a file"


def test_data_error_is_a_symle_error(here):
    with pytest.raises(SymleError):
        read_sample("data.txt")


CSV_ERRORS = [
    ("a,b\n1,2\n", "x", "data.csv: no column 'x'; the columns are 'a', 'b'"),
    ("a,,b\n1,2,3\n", "x", "data.csv: no column 'x'; the columns are 'a', 'b'"),
    ("x,y\n1,2\n,3\n", "x", "data.csv line 3: empty cell in column 'x'"),
    ("x,y\n1,2\n  ,3\n", "x", "data.csv line 3: empty cell in column 'x'"),
    ("y,x\n1,2\n3\n", "x", "data.csv line 3: empty cell in column 'x'"),
    ("y,x\n1,2\n,\n", "x", "data.csv line 3: empty cell in column 'x'"),
    ("x\n1\nabc\n", "x", "data.csv line 3, column 'x': 'abc' is not a number"),
    ("x\n1\n\nnan\n", "x", "data.csv line 4, column 'x': 'nan' is not a finite number"),
    ("x\n1 000\n", "x", "data.csv line 2, column 'x': '1 000' is not a number"),
    ('n,x\n"a\nb",1\nc,oops\n', "x", "data.csv line 4, column 'x': 'oops' is not a number"),
    ("x,x\n1,2\n", "x", "data.csv line 1: the header names column 'x' twice"),
    ("x,y\n", "x", "data.csv: no observations"),
    ("\n\nx,y\n\n", "x", "data.csv: no observations"),
    ("", "x", "data.csv: no observations (the file is empty, expected a header row)"),
]


@pytest.mark.parametrize(("content", "column", "expected"), CSV_ERRORS)
def test_csv_errors(here, content, column, expected):
    write("data.csv", content)
    assert message(lambda: read_sample("data.csv", column)) == expected


def test_read_table_reports_the_first_bad_column_asked_for(here):
    write("data.csv", "x,y\n1,2\nfoo,bar\n")
    assert message(lambda: read_table("data.csv", ["y", "x"])) == ("data.csv line 3, column 'y': 'bar' is not a number")
    assert message(lambda: read_table("data.csv", ["x", "z"])) == ("data.csv: no column 'z'; the columns are 'x', 'y'")


def test_stdin_errors():
    assert message(lambda: read_sample("-", stdin=io.StringIO("1\nx\n"))) == ("<stdin> line 2: 'x' is not a number")
    assert message(lambda: read_sample("-", stdin=io.StringIO(""))) == "<stdin>: no observations"
    assert message(lambda: read_sample("-", stdin=io.StringIO("1\x00\n"))) == (
        "<stdin>: not a text file (it contains NUL bytes)"
    )
    bad = io.TextIOWrapper(io.BytesIO(b"1\n\xff\n"), encoding="utf-8")
    assert message(lambda: read_sample("-", stdin=bad)) == "<stdin> line 2: not UTF-8 text (byte 0xff)"


# --- large files -------------------------------------------------------------------------------
# The million-line files are slow (CI runs them with -m slow). The default run reads the
# 200 000-line files below through the same code, and round-trips any float exactly in
# test_values_and_lines_survive_any_layout.


@pytest.fixture(scope="module")
def million(tmp_path_factory):
    rng = np.random.default_rng(20240601)
    values = rng.standard_normal(10**6) * 10.0 ** rng.integers(-300, 300, 10**6)
    path = tmp_path_factory.mktemp("big") / "million.txt"
    path.write_text("".join(repr(float(v)) + "\n" for v in values))
    return path, values


@pytest.mark.slow
def test_million_values_round_trip_exactly_and_fast(million):
    path, values = million
    start = time.perf_counter()
    sample = read_sample(path)
    elapsed = time.perf_counter() - start
    assert np.array_equal(sample.values, values)
    assert np.array_equal(sample.lines, np.arange(1, 10**6 + 1))
    assert elapsed < 5.0  # about a second on a slow machine; generous so the test is not flaky


@pytest.mark.slow
def test_million_values_with_comments_keep_line_numbers(tmp_path):
    values = np.arange(10**6, dtype=np.float64) / 7
    text = "# header\n" + "".join(repr(float(v)) + ("\n\n" if k % 1000 == 0 else "\n") for k, v in enumerate(values))
    path = tmp_path / "commented.txt"
    path.write_text(text)
    sample = read_sample(path)
    assert np.array_equal(sample.values, values)
    # line of value k: 1 header line, k values before it, one blank line after every thousandth value
    k = np.arange(10**6)
    assert np.array_equal(sample.lines, 2 + k + (k + 999) // 1000)


@pytest.mark.parametrize(("bad", "kind"), [("oops", "is not a number"), ("inf", "is not a finite number")])
def test_bad_value_near_the_end_of_a_large_file(tmp_path, bad, kind):
    lines = ["1.25"] * 200_000
    lines[199_998] = bad
    path = tmp_path / "big.txt"
    path.write_text("\n".join(lines) + "\n")
    assert message(lambda: read_sample(path)) == f"{path} line 199999: '{bad}' {kind}"


# --- properties ----------------------------------------------------------------------------------

finite = st.floats(allow_nan=False, allow_infinity=False)
line_kind = st.sampled_from(["value", "blank", "comment", "spaces"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(line_kind, finite), max_size=40), st.sampled_from(["\n", "\r\n"]))
def test_values_and_lines_survive_any_layout(rows, newline):
    text_lines, values, lines = [], [], []
    for number, (kind, value) in enumerate(rows, start=1):
        if kind == "value":
            text_lines.append(f"  {value!r} ")
            values.append(value)
            lines.append(number)
        else:
            text_lines.append({"blank": "", "comment": "# a note", "spaces": " \t "}[kind])
    stream = io.StringIO(newline.join(text_lines) + newline)
    if not values:
        with pytest.raises(DataError, match="no observations"):
            read_sample("-", stdin=stream)
        return
    sample = read_sample("-", stdin=stream)
    assert sample.values.tolist() == values
    assert sample.lines.tolist() == lines
    assert all(math.isfinite(v) for v in sample.values)


def test_read_table_short_row_among_several_columns(here):
    write("data.csv", "x,y,z\n1,2,3\n4,5\n")
    assert read_table("data.csv", ["x", "y"])["y"].tolist() == [2.0, 5.0]
    assert message(lambda: read_table("data.csv", ["x", "z"])) == "data.csv line 3: empty cell in column 'z'"
