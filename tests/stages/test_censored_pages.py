"""What a lecturer reads on censored pages: Σδᵢ written as the number of failures (never nδ̄), logs that
cancel cancelled, radicals under one root, the observed information at the estimate written in the
estimate (k²Σδᵢ/λ̂²), and the gamma's survival Q(α, βt) with no Meijer G or uppergamma printed."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from censored_samples import censored_sample
from latex import compile_latex, requires_pdflatex

import symle

TIMEOUT = 60


def _data(derivation: symle.Derivation, t: np.ndarray, d: np.ndarray) -> dict[sp.Expr, float]:
    """Every sum over the sample in the derivation's statistics, evaluated on (t, d) with known k = 3/2."""
    k = next(p.symbol for p in derivation.model.known_parameters)
    values = {}
    for total in derivation.likelihood.statistic_sums.values():
        summand = total.function
        names = {a: sp.Symbol(f"_{a.base.label}") for a in summand.atoms(sp.Indexed)}
        f = sp.lambdify(list(names.values()), summand.xreplace({**names, k: sp.Rational(3, 2)}))
        columns = {"t": t, "delta": d, "d": d}
        values[total] = float(np.sum(f(*[columns[str(a.base.label)] for a in names])))
    return values


def test_the_weibull_writes_the_failures_as_a_sum_and_cancels_its_logs() -> None:
    page = symle.derive("weibull", censored=True, timeout=TIMEOUT).to_text()
    assert "δ̄" not in page and "nδ" not in page
    assert "log((Σ δ_i)" not in page  # log((Σδᵢ)^(1/k)) and log((Σδᵢ)^(−1/k)) cancel
    assert "Σ δ_i/k - (Σ δ_i)(Σ t_i^k log(t_i))/(Σ t_i^k) = -Σ δ_i log t_i" in page


def test_the_rayleigh_estimate_is_one_root_and_its_information_is_in_the_estimate() -> None:
    page = symle.derive("rayleigh", censored=True, timeout=TIMEOUT).to_text()
    assert "σ̂ = sqrt((Σ t_i²)/(2(Σ δ_i)))" in page
    assert "J(σ̂) = 4Σ δ_i/σ̂²" in page


def test_the_observed_information_in_the_estimate_equals_its_value_in_the_data() -> None:
    """J(λ̂) = k²Σδᵢ/λ̂² (shape k known) and the same J at λ̂ written in the data agree on a sample."""
    derivation = symle.derive("weibull", censored=True, known={"k": None}, timeout=TIMEOUT)
    assert "J(λ̂) = k² Σ δ_i/λ̂²" in derivation.to_text()
    info = derivation.information
    assert info is not None and info.observed_hat is not None and info.observed is not None
    t, d = censored_sample(3, 30)
    sums = _data(derivation, t, d)
    lam = derivation.model.parameters[0].symbol
    k = {next(p.symbol for p in derivation.model.known_parameters): sp.Rational(3, 2)}
    estimate = float(derivation.estimators["lambda"].value.xreplace(sums).xreplace(k))
    in_hat = info.observed_hat[0, 0].xreplace(sums).xreplace({lam: estimate, **k})  # (Hat(λ) on the page)
    in_data = info.observed[0, 0].xreplace(sums).xreplace(k)
    assert float(in_hat) == pytest.approx(float(in_data), rel=1e-10)
    assert float(in_hat) == pytest.approx(1.5**2 * d.sum() / estimate**2, rel=1e-10)


@pytest.mark.slow
@requires_pdflatex
def test_the_gamma_page_prints_its_survival_as_q_and_compiles(tmp_path) -> None:
    derivation = symle.derive("gamma", censored=True, timeout=TIMEOUT)
    page = derivation.to_text()
    assert "S(t; α, β) = Q(α, βt)" in page and "regularised upper incomplete gamma" in page
    assert "meijerg" not in page and "uppergamma" not in page and "Q_aa(" in page
    result = compile_latex(derivation.to_latex(standalone=True), tmp_path)
    assert result.ok, result.errors


def test_a_support_end_is_the_smallest_time_only_when_that_time_is_a_failure() -> None:
    """A lifetime right-censored below xₘ contributes S = 1 whatever xₘ: the page says when x̂ₘ = t₍₁₎ holds,
    and the fit refuses data whose smallest time is censored rather than print t₍₁₎."""
    from symle.errors import DataError

    derivation = symle.derive("pareto", censored=True, timeout=TIMEOUT)
    assert "the smallest observation when that time is an observed failure" in derivation.to_text()
    with pytest.raises(DataError, match="smallest time 0.5 is right-censored"):
        derivation.fit(np.array([0.5, 1.0, 2.0, 3.0]), censored=np.array([0, 1, 1, 0]))
    fitted = derivation.fit(np.array([0.5, 1.0, 2.0, 3.0]), censored=np.array([1, 1, 0, 1]))["estimates"]
    assert fitted["xm"] == 0.5 and fitted["alpha"] == pytest.approx(3 / np.log(2 * 4 * 6), rel=1e-12)


@requires_pdflatex
def test_the_interval_censored_page_states_its_likelihood_and_compiles(tmp_path) -> None:
    from adversary import assert_user_error, run_here

    done, _ = run_here("derive", "weibull", "--interval-censored", "--no-cache", "--timeout", "60")
    assert done.returncode == 0, done.stderr
    assert "L(k, λ) = Π (F(h_i; k, λ) - F(l_i; k, λ)) = Π (e^(-(l_i/λ)^k) - e^(-(h_i/λ)^k))" in done.stdout
    assert "does not factor into a function of the parameters times a function of the bounds" in done.stdout
    latex, _ = run_here("derive", "gamma", "--interval-censored", "--standalone", "--no-cache", "--timeout", "60")
    assert latex.returncode == 0, latex.stderr
    result = compile_latex(latex.stdout, tmp_path)
    assert result.ok, result.errors
    refused, _ = run_here("derive", "weibull", "--interval-censored", "--format", "json", "--no-cache")
    assert_user_error(refused, "no JSON form")
