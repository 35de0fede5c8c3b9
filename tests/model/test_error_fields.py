"""Errors name the input they are about (`field`), so that a form marks that field; the message is unchanged."""

from __future__ import annotations

import pytest

import symle
from symle.errors import SymleError


@pytest.mark.parametrize(
    ("model", "options", "field"),
    [
        ("normal", {"known": ["sigma2=-1"]}, "known"),
        ("normal", {"known": ["zz=1"]}, "known"),
        ("normall", {}, "model"),
        ("lam*exp(-lam*x", {"params": "lam"}, "model"),
        ("lam*exp(-lam*x)", {"params": "lam", "support": "x >> 0"}, "support"),
        ("lam*exp(-lam*x)", {"params": "lam,", "support": "x > 0"}, "params"),
        ("lam*exp(-lam*x)", {"params": "lam", "var": "2x", "support": "x > 0"}, "var"),
        ("normal", {"covariates": "x:foo"}, "covariates"),
    ],
)
def test_the_error_names_its_field_through_the_worker(model, options, field):
    with pytest.raises(SymleError) as raised:
        symle.derive(model, **options)
    assert raised.value.field == field
    assert str(raised.value)  # the one-line message is still there
