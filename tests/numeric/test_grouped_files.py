"""Count files (value, count) and class files (lower, upper, count): read with or without a header, and
every way a row can be wrong said in one line naming the file and line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from symle.errors import DataError
from symle.numeric.grouped_files import read_classes, read_counts


def _file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "grouped.csv"
    path.write_text(text)
    return str(path)


def test_a_count_file_is_read_with_or_without_its_header(tmp_path: Path) -> None:
    for text in ("k,n\n0,3\n2,5\n", "0;3\n2;5\n"):
        values, counts = read_counts(_file(tmp_path, text)).columns
        assert values.tolist() == [0, 2] and counts.tolist() == [3, 5]


def test_a_class_file_may_have_open_ends(tmp_path: Path) -> None:
    lower, upper, counts = read_classes(_file(tmp_path, "lower,upper,count\n-inf,0,2\n0,1,5\n1,inf,4\n")).columns
    assert lower[0] == -np.inf and upper[-1] == np.inf and counts.sum() == 11


@pytest.mark.parametrize(
    ("reader", "text", "words"),
    [
        (read_classes, "a,b,c\n0,1,5\n2,1,4\n", "line 3: the class (2, 1] has its bounds reversed"),
        (read_classes, "a,b,c\n0,1,5\n1,1,4\n", "reversed or equal"),
        (read_classes, "a,b,c\n0,2,5\n1,3,4\n", "lines 2 and 3: the classes (0, 2] and (1, 3] overlap"),
        (read_classes, "a,b,c\n1,3,4\n0,2,5\n", "lines 2 and 3: the classes (0, 2] and (1, 3] overlap"),
        (read_classes, "a,b,c\n0,1,-5\n", "line 2: the count -5 is not a whole number ≥ 0"),
        (read_classes, "a,b,c\n0,1,0\n1,2,0\n", "every count is 0"),
        (read_classes, "a,b\n0,1\n", "a class file has three columns"),
        (read_classes, "a,b,c\n0,1,NaN\n", "not a finite number"),
        (read_counts, "k,n,z\n0,1,2\n", "line 1: the header has 3 columns: a count file has two columns"),
        (read_counts, "0,1\n1,2,3\n", "line 2: the row has 3 columns"),
        (read_counts, "k,n\n0,1.5\n", "the count 1.5 is not a whole number"),
        (read_counts, "k,n\n0,-1\n", "the count -1 is not a whole number ≥ 0"),
        (read_counts, "k,n\n0,\n", "the count is missing"),
        (read_counts, "k,n\ninf,1\n", "not a finite number"),
        (read_counts, "k,n\n", "no rows"),
    ],
)
def test_a_bad_row_is_one_line(tmp_path: Path, reader, text: str, words: str) -> None:
    with pytest.raises(DataError, match=None) as caught:
        reader(_file(tmp_path, text))
    assert words in str(caught.value) and "\n" not in str(caught.value)
