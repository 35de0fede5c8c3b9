"""Titles in the reader's words: the catalogue's name of the distribution, or the density itself set as
mathematics (a probability mass function for a discrete model), never the tool's "typed density"."""

from __future__ import annotations

import re

import pytest

import symle


@pytest.mark.parametrize(
    ("model", "options", "title"),
    [
        (
            "(theta+1)*x^theta",
            {"params": "theta", "support": "0 < x < 1"},
            "Maximum likelihood for the density f(x; θ) = (θ + 1) x^θ, 0 < x < 1",
        ),
        (
            "2*x/theta^2",
            {"params": "theta", "support": "0 < x < theta"},
            "Maximum likelihood for the density f(x; θ) = 2x/θ², 0 < x < θ",
        ),
        (
            "p*(1-p)^x",
            {"params": "p", "support": "x in {0, 1, ...}"},
            "Maximum likelihood for the probability mass function f(x; p) = p (1 - p)^x, x ∈ {0, 1, ...}",
        ),
        (
            "exp(-abs(x-mu)/b)/(2*b)",
            {"params": "mu,b"},
            # its likelihood needs exp{...}: the density's kernel is written so on the whole page
            "Maximum likelihood for the density f(x; μ, b) = exp(-|x - μ|/b)/(2b)",
        ),
        ("exponential", {}, "Maximum likelihood for the exponential distribution"),
        ("normal", {"known": ["mu"]}, "Maximum likelihood for the normal distribution, with μ known"),
        ("binomial", {"known": {"m": 10}}, "Maximum likelihood for the binomial distribution"),
    ],
)
def test_the_title_names_the_model_in_the_reader_s_words(model, options, title):
    derivation = symle.derive(model, **options)
    assert derivation.to_text().splitlines()[0] == title
    assert "typed" not in derivation.to_latex() + derivation.to_markdown()


def test_the_density_in_a_title_is_set_as_mathematics():
    derivation = symle.derive("2*x/theta^2", params="theta", support="0 < x < theta")
    heading = re.search(r"\\subsection\*\{\\boldmath\\raggedright (.*)\}", derivation.to_latex()).group(1)
    assert heading == r"Maximum likelihood for the density $f(x; \theta) = 2 x/\theta^{2}$, ${0 < x < \theta}$"
    assert derivation.to_markdown().splitlines()[0] == (
        r"## Maximum likelihood for the density $f(x; \theta) = 2 x/\theta^{2}$, ${0 < x < \theta}$"
    )
