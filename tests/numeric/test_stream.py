"""Fitting files read in chunks: the same answers as in memory, the same error messages, Parquet, and
memory bounded by the chunk whatever the file's size. Small files with tiny chunks (SYMLE_CHUNK_ROWS)
exercise every path that large files take."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import symle
from symle.errors import DataError
from symle.flags import said
from symle.numeric.fit import load
from symle.numeric.spill import Streamed
from symle.numeric.stream import MAX_CHUNK_ROWS, chunk_rows, open_data

ROOT = Path(__file__).resolve().parents[2]
rng = np.random.default_rng(20261201)

CLOSED = {
    "exponential": rng.exponential(2.0, 5000),
    "normal": rng.normal(3.0, 2.0, 5001),
    "lognormal": rng.lognormal(0.5, 0.7, 5000),
    "poisson": rng.poisson(3.5, 5000).astype(float),
    "laplace": rng.laplace(1.0, 2.0, 5001),
    "uniform": rng.uniform(-1.0, 4.0, 5000),
    "pareto": 1.5 * (1 + rng.pareto(2.5, 5000)),
    "inverse-gaussian": rng.wald(1.5, 3.0, 5000),
    "rayleigh": rng.rayleigh(1.3, 5000),
}
NUMERIC = {
    "gamma": rng.gamma(2.5, 0.6, 5000),
    "weibull": 1.3 * rng.weibull(1.7, 5000),
    "cauchy": 1.0 + 2.0 * rng.standard_cauchy(5000),
    "negative-binomial": rng.negative_binomial(3, 0.4, 5000).astype(float),
}


@pytest.fixture
def tiny_chunks(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("SYMLE_CHUNK_ROWS", "700")
    return 700


def _text(path: Path, values: np.ndarray) -> Path:
    path.write_text("".join(f"{v!r}\n" for v in values.tolist()))
    return path


def _relative(a: float, b: float) -> float:
    return abs(a - b) / max(abs(b), 1e-300)


@pytest.mark.parametrize("family", sorted(CLOSED))
def test_streamed_closed_forms_equal_the_in_memory_fit(family: str, tiny_chunks: int, tmp_path: Path) -> None:
    values = CLOSED[family]
    path = _text(tmp_path / "data.txt", values)
    d = symle.derive(family)
    streamed = load(d, open_data(path))
    assert isinstance(streamed, Streamed) and not streamed.in_memory and streamed.n == len(values)
    a, b = d.fit(streamed), d.fit(values)
    assert a["n"] == b["n"]
    for name, value in b["estimates"].items():
        assert _relative(a["estimates"][name], value) < 1e-12, name
    assert _relative(a["loglik"], b["loglik"]) < 1e-12
    for name, se in b["standard_errors"].items():
        assert se is None and a["standard_errors"][name] is None or _relative(a["standard_errors"][name], se) < 1e-12


@pytest.mark.parametrize("family", sorted(NUMERIC))
def test_streamed_numeric_fits_are_never_worse(family: str, tiny_chunks: int, tmp_path: Path) -> None:
    values = NUMERIC[family]
    d = symle.derive(family)
    a = d.fit(load(d, open_data(_text(tmp_path / "data.txt", values))))
    b = d.fit(values)
    assert a["loglik"] >= b["loglik"] - 1e-9 * abs(b["loglik"])
    for name, value in b["estimates"].items():
        assert a["estimates"][name] == pytest.approx(value, rel=1e-6), name


@pytest.mark.parametrize("rows", ["1", "2", " 700 ", "16777216"])
def test_a_chunk_size_in_range_is_read(rows: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SYMLE_CHUNK_ROWS", rows)
    assert chunk_rows() == int(rows) <= MAX_CHUNK_ROWS


@pytest.mark.parametrize("rows", ["1000000000000", "0", "-1", "abc", "", "1e3", "16777217", "７", "1" * 5000])
def test_a_chunk_size_out_of_range_is_refused_in_one_line(rows: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """(tests/cli/test_adversarial_data.py runs a few of these from the command line.)"""
    monkeypatch.setenv("SYMLE_CHUNK_ROWS", rows)
    with pytest.raises(DataError) as caught:
        chunk_rows()
    message = str(caught.value)
    assert message.startswith("SYMLE_CHUNK_ROWS=") and "a whole number of rows from 1 to 16777216" in message
    assert "\n" not in message and len(message) < 120


def test_a_file_of_one_chunk_is_fitted_in_memory_exactly(tmp_path: Path) -> None:
    d = symle.derive("normal")
    values = CLOSED["normal"]
    streamed = load(d, open_data(_text(tmp_path / "data.txt", values)))
    assert streamed.in_memory
    assert d.fit(streamed) == d.fit(values)


def test_csv_columns_and_regressions_stream(tiny_chunks: int, tmp_path: Path) -> None:
    x = rng.normal(size=3000)
    z = rng.normal(size=3000)
    y = 1.0 + 2.0 * x - 0.5 * z + rng.normal(size=3000)
    path = tmp_path / "data.csv"
    path.write_text(
        "y,x,z\n" + "".join(f"{a!r},{b!r},{c!r}\n" for a, b, c in zip(y.tolist(), x.tolist(), z.tolist(), strict=True))
    )
    for covariates, columns in (("x", ["y", "x"]), ("x,z", ["y", "x", "z"])):
        d = symle.derive("linear-regression", covariates=covariates)
        a = d.fit(load(d, open_data(path, columns)))
        b = d.fit(_sample(y, x, z, columns))
        for name, value in b["estimates"].items():
            assert _relative(a["estimates"][name], value) < 1e-10, name
        for name, value in b["standard_errors"].items():
            assert _relative(a["standard_errors"][name], value) < 1e-10, name
    d = symle.derive("normal")
    one = d.fit(load(d, open_data(path, ["x"])))
    assert _relative(one["estimates"]["sigma2"], float(np.var(x))) < 1e-12


def _sample(y: np.ndarray, x: np.ndarray, z: np.ndarray, columns: list[str]):
    from symle.numeric.data import Sample

    table = {"y": y, "x": x, "z": z}
    return Sample(y, np.arange(1, len(y) + 1), "<data>", {c: table[c] for c in columns[1:]})


def test_parquet_with_column(tiny_chunks: int, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    from pyarrow import parquet

    values = CLOSED["exponential"]
    path = tmp_path / "data.parquet"
    parquet.write_table(pa.table({"label": np.arange(len(values)), "x": values}), path, row_group_size=1000)
    d = symle.derive("exponential")
    a = d.fit(load(d, open_data(path, ["x"])))
    assert _relative(a["estimates"]["lambda"], d.fit(values)["estimates"]["lambda"]) < 1e-12
    with pytest.raises(DataError, match=r"give the column with column; the columns are 'label', 'x'") as refused:
        open_data(path)
    assert said(refused.value).endswith("give the column with --column; the columns are 'label', 'x'")
    with pytest.raises(DataError, match=r"no column 'y'; the columns are 'label', 'x'"):
        open_data(path, ["y"])
    bad = values.copy()
    bad[1234] = -1.0
    parquet.write_table(pa.table({"x": bad}), path)
    with pytest.raises(DataError, match=r"data.parquet row 1235: -1 is outside the support of exponential"):
        load(d, open_data(path))
    (tmp_path / "fake.parquet").write_text("1\n2\n")
    with pytest.raises(DataError, match="not a Parquet file"):
        open_data(tmp_path / "fake.parquet")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("1\n" * 2000 + "abc\n", "data.txt line 2001: 'abc' is not a number"),
        ("1\n" * 1500 + "# note\n\n" + "2\n" * 800 + "nan\n", "data.txt line 2303: 'nan' is not a finite number"),
        ("1.5\r\n" * 2100 + "inf\r\n", "data.txt line 2101: 'inf' is not a finite number"),
        ("1\n" * 2500 + "-3\n", r"data.txt line 2501: -3 is outside the support of exponential"),
    ],
)
def test_bad_values_in_later_chunks_name_their_line(
    tiny_chunks: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, expected: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("data.txt").write_text(content)
    d = symle.derive("exponential")
    with pytest.raises(DataError) as info:
        load(d, open_data("data.txt"))
    assert str(info.value).startswith(expected)


def test_bad_csv_cells_in_later_chunks_name_their_line(
    tiny_chunks: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rows = [f"{k},{k % 7 + 1}" for k in range(3000)]
    rows[2500] = "2500,oops"
    Path("data.csv").write_text("id,x\n" + "\n".join(rows) + "\n")
    d = symle.derive("exponential")
    with pytest.raises(DataError, match=r"^data.csv line 2502, column 'x': 'oops' is not a number$"):
        load(d, open_data("data.csv", ["x"]))
    rows[2500] = "2500,-4"
    Path("data.csv").write_text("id,x\n" + "\n".join(rows) + "\n")
    with pytest.raises(DataError, match=r"^data.csv line 2502: -4 is outside the support"):
        load(d, open_data("data.csv", ["x"]))


def test_stdin_streams(tiny_chunks: int) -> None:
    values = CLOSED["exponential"]
    stream = io.TextIOWrapper(io.BytesIO("".join(f"{v!r}\n" for v in values.tolist()).encode()), encoding="utf-8")
    d = symle.derive("exponential")
    a = d.fit(load(d, open_data("-", stdin=stream)))
    assert _relative(a["estimates"]["lambda"], d.fit(values)["estimates"]["lambda"]) < 1e-12


def _peak_rss_mb(lines: int, tmp_path: Path) -> float:
    """Peak memory of `symle fit exponential` in a child process, with chunks of 1000 rows."""
    path = tmp_path / f"data-{lines}.txt"
    path.write_text("".join(f"{v!r}\n" for v in rng.exponential(2.0, lines).tolist()))
    code = (
        "import resource, subprocess, sys; "
        "r = subprocess.run([sys.executable, '-m', 'symle', 'fit', 'exponential', sys.argv[1], '--format', 'json',"
        " '--timeout', '120'], capture_output=True, text=True); "
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, r.stdout.replace(chr(10), ' '))"
    )
    env = {**os.environ, "SYMLE_CHUNK_ROWS": "1000", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=env, check=True)
    status, rss, result = out.stdout.split(" ", 2)
    assert status == "0", out.stdout + out.stderr
    assert json.loads(result)["n"] == lines
    return int(rss) / 1024


@pytest.mark.slow
def test_memory_is_bounded_whatever_the_file_size(tmp_path: Path) -> None:
    small, large = _peak_rss_mb(20_000, tmp_path), _peak_rss_mb(2_000_000, tmp_path)
    # 2e6 values held in memory would add 16 MB as floats and far more as text; streamed, the peak
    # is the interpreter's and its libraries', the same for both files
    assert large < small + 12, (small, large)
    assert large < 300


def test_memory_bound_quick(tmp_path: Path) -> None:
    assert _peak_rss_mb(200_000, tmp_path) < 300
