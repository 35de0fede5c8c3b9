"""The fit's summary (issue 24): AIC = 2k − 2ℓ and BIC = k log n − 2ℓ exactly, with ℓ checked against
SciPy's densities at the estimates; the text table and the notebook's HTML table hold every number."""

from __future__ import annotations

import math
from html.parser import HTMLParser

import numpy as np
import pytest
from scipy import stats

import symle

RNG = np.random.default_rng(2424)
X = RNG.gamma(2.0, 1.5, 60)
COUNTS = RNG.poisson(3.0, 60)


def scipy_loglik(model: str, estimates: dict[str, float], data: np.ndarray) -> float:
    if model == "gamma":
        return float(np.sum(stats.gamma.logpdf(data, estimates["alpha"], scale=1 / estimates["beta"])))
    if model == "normal":
        mu, sigma2 = estimates.get("mu", 3.0), estimates["sigma2"]
        return float(np.sum(stats.norm.logpdf(data, mu, math.sqrt(sigma2))))
    return float(np.sum(stats.poisson.logpmf(data, estimates["lambda"])))


@pytest.mark.parametrize(
    ("model", "known", "data", "k"),
    [("gamma", None, X, 2), ("normal", None, X, 2), ("normal", {"mu": 3.0}, X, 1), ("poisson", None, COUNTS, 1)],
)
def test_aic_and_bic_count_the_free_parameters(model: str, known: dict | None, data: np.ndarray, k: int) -> None:
    result = symle.derive(model, known=known).fit(data)
    assert result["loglik"] == pytest.approx(scipy_loglik(model, result["estimates"], data), rel=1e-12)
    assert result["aic"] == 2 * k - 2 * result["loglik"]
    assert result["bic"] == k * math.log(len(data)) - 2 * result["loglik"]


def test_the_text_table_holds_every_estimate_and_method() -> None:
    result = symle.fit("gamma", X)
    lines = result.to_text().splitlines()
    header = next(line for line in lines if line.split()[:1] == ["parameter"])
    assert header.split() == ["parameter", "estimate", "std.", "error", "95%", "Wald", "interval", "method"]
    found = result.to_dict()
    for name, value in result.estimates.items():
        row = next(line.split() for line in lines if line.split()[:1] == [name])
        assert float(row[1]) == pytest.approx(value, rel=1e-9)
        assert float(row[2]) == pytest.approx(found["standard_errors"][name], rel=1e-5)
        low, high = found["confidence_intervals"][name]
        assert row[3:5] == [f"[{low:.6g},", f"{high:.6g}]"] and row[-1] == "numeric"
    assert f"AIC = {found['aic']:.10g}" in result.summary() and f"BIC = {found['bic']:.10g}" in result.to_text()


def test_a_boundary_estimate_says_so_and_has_no_interval() -> None:
    lines = symle.fit("uniform", [1.0, 2.0, 3.5]).summary().splitlines()
    assert next(line.split() for line in lines if line.split()[:1] == ["b"]) == ["b", "3.5", "-", "-", "boundary"]


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])

    def handle_endtag(self, tag: str) -> None:
        assert self.tags.pop() == tag  # well nested

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1] in ("td", "th"):
            self.rows[-1].append(data)


def test_the_notebook_display_is_an_html_table() -> None:
    result = symle.fit("normal", X)
    parser = _Cells()
    parser.feed(result._repr_html_())
    assert not parser.tags
    header, *rows, foot = parser.rows
    assert header[0] == "parameter" and len(header) == 5
    assert [row[0] for row in rows] == ["mu", "sigma2"]
    assert [float(row[1]) for row in rows] == pytest.approx(list(result.estimates.values()), rel=1e-9)
    assert "AIC" in foot[0] and "BIC" in foot[0]
