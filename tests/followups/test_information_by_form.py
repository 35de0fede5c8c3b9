"""The information of typed densities whose form gives their expectations exactly (Weibull with known scale,
Weibull, log-logistic, logistic, logistic location, Gumbel: a textbook exercise each), found with no integral
and so whatever the machine's load; each entry checked against -E[∂² log f] by numeric integration (SciPy)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import sympy as sp
from scipy import integrate

import symle
from symle.budget import Budget
from symle.followups.transform import reference, transformed_expectation
from symle.model.resolve import resolve
from symle.model.spec import ModelSpec

CASES = {
    "weibull-known-scale": (
        "k/lambda*(x/lambda)^(k-1)*exp(-(x/lambda)^k)",
        "k:positive,lambda:positive",
        "x > 0",
        "lambda=2",
    ),
    "weibull": ("k/lambda*(x/lambda)^(k-1)*exp(-(x/lambda)^k)", "k:positive,lambda:positive", "x > 0", None),
    "log-logistic": (
        "(beta/alpha)*(x/alpha)^(beta-1)/(1+(x/alpha)^beta)^2",
        "alpha:positive,beta:positive",
        "x > 0",
        None,
    ),
    "logistic": ("exp(-(x-mu)/s)/(s*(1+exp(-(x-mu)/s))^2)", "mu,s:positive", None, None),
    "logistic-location": ("exp(-(x-mu))/(1+exp(-(x-mu)))^2", "mu", None, None),
    "gumbel": ("exp(-(x-mu)/beta - exp(-(x-mu)/beta))/beta", "mu,beta:positive", None, None),
}
VALUES = {"k": 1.7, "lambda": 2.0, "alpha": 1.4, "beta": 2.6, "mu": 0.3, "s": 1.2}


@functools.cache
def derived(name: str) -> symle.Derivation:
    density, params, support, known = CASES[name]
    kw = {"support": support} if support else {}
    return symle.derive(density, params=params, known=known, timeout=60, **kw)


def numeric_information(d: symle.Derivation) -> np.ndarray:
    """-E[∂² log f] per observation, each entry by quadrature over the support."""
    model = d.model
    x = model.var
    values = {p.symbol: VALUES[p.name] for p in (*model.parameters, *model.known_parameters)}
    values.update(
        {p.symbol: model.known[p.name] for p in model.known_parameters if model.known.get(p.name) is not None}
    )
    logf = sp.log(model.density)
    density = sp.lambdify(x, model.density.xreplace(values), "numpy")
    # a real line cut where the density is below 1e-15 (its tails overflow in floating point beyond)
    low = float(model.support.lower) if model.support.lower.is_finite else -40.0
    out = np.zeros((len(model.parameters),) * 2)
    for r, a in enumerate(model.parameters):
        for c, b in enumerate(model.parameters):
            second = sp.lambdify(x, (-sp.diff(logf, a.symbol, b.symbol)).xreplace(values), "numpy")

            def term(v: float, second=second) -> float:
                with np.errstate(all="ignore"):
                    value = second(v) * density(v)
                return float(value) if np.isfinite(value) else 0.0  # far out, where the density underflows

            pieces = [(low, 0.0), (0.0, 5.0), (5.0, np.inf)] if low < 0 else [(low, 5.0), (5.0, np.inf)]
            out[r, c] = sum(integrate.quad(term, a, b, limit=400, epsabs=1e-13, epsrel=1e-12)[0] for a, b in pieces)
    return out


@pytest.mark.parametrize("name", list(CASES))
def test_the_information_is_found_from_the_form_and_agrees_with_quadrature(name: str) -> None:
    d = derived(name)
    info = d.information
    assert info.fisher is not None, info.why
    assert info.how in ("hazard", "distribution function", "score identity")
    values = {p.symbol: VALUES[p.name] for p in (*d.model.parameters, *d.model.known_parameters)}
    from symle.algebra.sample import n

    ours = np.array(info.fisher.xreplace({n: 1, **values}).evalf(), dtype=float)
    assert ours == pytest.approx(numeric_information(d), rel=1e-7, abs=1e-10)


def test_weibull_known_scale_reads_as_the_textbook_value() -> None:
    """n((1 − γ)² + π²/6)/k², Euler's γ: exactly."""
    (entry,) = derived("weibull-known-scale").information.fisher
    k, n = sp.Symbol("k", positive=True), sp.Symbol("n", integer=True, positive=True)
    textbook = n * ((1 - sp.EulerGamma) ** 2 + sp.pi**2 / 6) / k**2
    assert sp.simplify(entry.xreplace({s: {"k": k, "n": n}.get(s.name, s) for s in entry.free_symbols}) - textbook) == 0


@pytest.mark.parametrize(
    ("density", "params", "support", "kind"),
    [
        ("k*x^(k-1)*exp(-x^k)", "k:positive", "x > 0", "exponential"),
        ("lambda*exp(-lambda*x)", "lambda:positive", "x > 0", "exponential"),
        ("exp(-(x-mu)/beta - exp(-(x-mu)/beta))/beta", "mu,beta:positive", None, "exponential"),
        ("exp(-(x-mu))/(1+exp(-(x-mu)))^2", "mu", None, "uniform"),
        ("exp(-(x-mu)^2/2)/sqrt(2*pi)", "mu", None, None),  # the normal: neither form
        ("x^(a-1)*exp(-x)/gamma(a)", "a:positive", "x > 0", None),  # the gamma: neither
    ],
)
def test_the_form_is_recognised_only_where_it_holds(density, params, support, kind) -> None:
    model = resolve(ModelSpec.of(density, params=params, support=support))
    found = reference(model, Budget(30))
    assert (found[0] if found else None) == kind


def test_an_expectation_outside_the_table_is_left_to_integration() -> None:
    """E[log(1 + x)] under the Weibull is no power and logarithm of T = (x/λ)^k: None, not a wrong value."""
    model = resolve(ModelSpec.of(CASES["weibull"][0], params=CASES["weibull"][1], support="x > 0"))
    assert transformed_expectation(sp.log(1 + model.var), model, Budget(30)) is None
    # and one inside it: E[x^k] = λ^k, E[log x] = log λ − γ/k
    k, lam = (p.symbol for p in model.parameters)
    assert sp.simplify(transformed_expectation(model.var**k, model, Budget(30)) - lam**k) == 0
    assert (
        sp.simplify(transformed_expectation(sp.log(model.var), model, Budget(30)) - (sp.log(lam) - sp.EulerGamma / k))
        == 0
    )


def test_the_command_line_gives_the_information_of_each_form() -> None:
    from adversary import run_here

    density, params, support, known = CASES["log-logistic"]
    out, _ = run_here(
        "derive", density, "--params", params, "--support", support, "--format", "json", "--timeout", "60", "--no-cache"
    )
    assert out.returncode == 0, out.stderr
    import json

    fisher = json.loads(out.stdout)["fisher_information"]
    assert fisher is not None and "pi**2" in fisher[1][1]
