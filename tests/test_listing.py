"""`symle families` reads the catalogue's declarations: they must say what the derivations find."""

from __future__ import annotations

import subprocess
import sys

import pytest
from families import derivation

from symle.listing import catalogue_rows


@pytest.mark.parametrize("row", catalogue_rows(), ids=lambda row: row["name"])
def test_each_row_says_what_the_derivation_finds(row: dict) -> None:
    d = derivation(row["name"])
    assert row["parameters"] == list(d.estimators)
    assert row["methods"] == {name: e.method for name, e in d.estimators.items()}
    assert row["covariates"] == [c.name for c in d.model.covariates]
    assert row["needs_known"] == [p.name for p in d.model.known_parameters]


def test_the_listing_needs_no_sympy() -> None:
    """So that `symle families` answers at once (it used to derive every family)."""
    code = "import sys; from symle.listing import catalogue_rows; catalogue_rows(); print('sympy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
