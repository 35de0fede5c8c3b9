"""The maximum step's work: an argument that cannot settle a model is not tried on it, so that its cap
of processor time is not spent for nothing (the censored Weibull fit took over 10 s on a busy machine)."""

from __future__ import annotations

import pytest

import symle
from symle.stages import maximum


@pytest.fixture
def minors_tried(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The models whose Hessian minors the maximum step examines, derived in this process."""
    tried: list[str] = []
    original = maximum._negative_definite

    def counted(matrix, model):  # type: ignore[no-untyped-def]
        tried.append(model.name)
        return original(matrix, model)

    monkeypatch.setattr(maximum, "_negative_definite", counted)
    monkeypatch.setenv("SYMLE_IN_PROCESS", "1")
    return tried


def test_the_censored_weibull_does_not_try_the_minors_over_censored_sums(minors_tried: list[str]) -> None:
    derivation = symle.derive("weibull", censored="d", timeout=60)
    assert {e.method for e in derivation.estimators.values()} == {"numeric"}
    assert minors_tried == []


def test_a_censored_closed_form_is_still_checked_by_its_minors(minors_tried: list[str]) -> None:
    derivation = symle.derive("exponential", censored="d", timeout=60)
    assert derivation.estimators["lambda"].method == "closed-form"
    assert minors_tried
