"""The likelihood's forms as a careful author writes them, for every catalogue family and a set of typed
densities: prod Gamma(r + x_i), never exp{sum log Gamma(r + x_i)}; constants collected, (2/pi)^{n/2};
a linear term kept whole where its parts join nothing, -sum (x_i - mu)/beta; the density's terms in the
same order on the likelihood's line; indicators as strict as the support; special functions defined
where they first appear. (tests/render/test_display_values.py checks that every form keeps its value.)"""

from __future__ import annotations

import re

import pytest
import sympy as sp
from families import TYPED, model_derivation
from sweeps import sweep

import symle
from symle.algebra import notation as N
from symle.algebra.printing import latex, text
from symle.model.catalogue import FAMILIES

MODELS = sorted(FAMILIES) + sorted(TYPED)


def variable(name: str) -> str:
    """The model's observed variable, as declared (collecting the tests derives nothing)."""
    return TYPED[name][1].get("var", "x") if name in TYPED else FAMILIES[name].var


def bounded_by_a_parameter(name: str) -> bool:
    """Whether a parameter bounds the model's support, as declared."""
    if name in TYPED:
        options = TYPED[name][1]
        support, params = options.get("support", ""), options["params"].split(",")
    else:
        support, params = FAMILIES[name].support, [p.name for p in FAMILIES[name].parameters]
    return any(re.search(rf"\b{re.escape(p.strip())}\b", support) for p in params)


def _step(name: str, kind: str):
    return next(s for s in model_derivation(name).steps if s.kind == kind)


@pytest.mark.parametrize("model", sweep(MODELS))
def test_a_sum_of_logarithms_is_a_product_not_an_exponent(model):
    product_form = model_derivation(model).likelihood.product_form
    for power in product_form.atoms(sp.exp):
        assert not any(isinstance(s.function, sp.log) for s in power.args[0].atoms(sp.Sum)), power


@pytest.mark.parametrize("model", sweep(MODELS))
def test_constant_logarithms_are_collected(model):
    """(n/2) log(2/pi), never (n/2) log 2 - (n/2) log pi: at most one logarithm of a number for each
    size of coefficient."""
    loglik = model_derivation(model).likelihood.loglik
    sizes = [abs(t.as_coeff_Mul()[0]) * t.as_independent(sp.log)[0] for t in sp.Add.make_args(loglik)]
    constants = [
        size
        for size, term in zip(sizes, sp.Add.make_args(loglik), strict=True)
        if term.has(sp.log) and all(f.args[0].is_number for f in term.atoms(sp.log))
    ]
    assert len(constants) == len(set(constants)), loglik


def _as_observation(tex: str) -> str:
    """The density's LaTeX with the variable x written as the i-th observation x_i."""
    return re.sub(r"(?<![\\A-Za-z_])x(?![A-Za-z_])", "x_{i}", tex)


@pytest.mark.parametrize("model", sweep(m for m in MODELS if variable(m) == "x"))
def test_the_likelihood_repeats_the_density_term_for_term(model):
    """binomial(r + x_i - 1, x_i) on the likelihood's line as binomial(r + x - 1, x) on the density's."""
    likelihood = model_derivation(model).likelihood
    assert latex(likelihood.product.function) == _as_observation(latex(likelihood.density_form))


@pytest.mark.parametrize(
    ("model", "kept"),
    [
        ("gumbel", "Σ (x_i - μ)/β"),
        ("logistic", "Σ (x_i - μ)/s"),
        ("shifted-exponential", "λ Σ (x_i - θ)"),
    ],
)
def test_a_linear_term_is_kept_whole_when_its_parts_join_nothing(model, kept):
    loglik = text(model_derivation(model).likelihood.loglik_form)
    assert kept in loglik
    assert "Σ x_i" not in loglik, loglik


def test_a_linear_term_is_split_when_a_part_joins_another_term():
    """The Weibull's (k - 1)(log x - log λ): -(k - 1) log λ joins -log λ into -nk log λ."""
    loglik = text(model_derivation("weibull").likelihood.loglik_form)
    assert loglik.startswith("n log k - nk log λ + (k - 1) Σ log x_i")


def test_the_gumbel_score_keeps_the_deviations():
    score = next(s for s in model_derivation("gumbel").steps if s.kind == "score" and s.parameter == "beta")
    printed = text(score.equations[0].parts[1])
    assert "Σ (x_i - μ)/β²" in printed and "Σ (x_i - μ) e^(-(x_i - μ)/β)/β²" in printed, printed


@pytest.mark.parametrize(
    "model",
    [m for m in MODELS if bounded_by_a_parameter(m)],
)
def test_indicators_are_as_strict_as_the_support(model):
    derivation = model_derivation(model)
    support = derivation.model.support
    product = _step(model, "likelihood").equations[0].parts[-1]
    indicators = [f.args[0] for f in product.atoms(N.Indicator)]
    assert indicators
    for relation in indicators:
        side = "lower" if relation.lhs == support.lower else "upper"
        assert isinstance(relation, sp.Le if support.closed(side) else sp.Lt), (relation, side)


def test_an_open_support_says_where_the_maximum_is():
    """0 < x < θ: the likelihood is zero at θ = x₍ₙ₎, so the page says the estimate is the supremum's
    limit, the maximum of the closed support; a closed support keeps its plain sentence."""
    open_ = _step("typed-uniform", "support").text
    assert "θ > x₍ₙ₎" in open_ and "no maximum" in open_ and "0 < x ≤ θ" in open_
    closed = _step("uniform", "support").text
    assert "no maximum" not in closed and "it is largest at a = x₍₁₎, the smallest observation" in closed


# what each special function or constant is called where it is defined
CALLED = {
    sp.gamma: "the gamma function",
    sp.beta: "the beta function",
    type(sp.EulerGamma): "Euler's constant",
}


@pytest.mark.parametrize("model", sweep(MODELS))
def test_special_functions_are_defined_where_they_first_appear(model):
    steps = model_derivation(model).steps
    for kind, called in CALLED.items():
        first = next((k for k, s in enumerate(steps) for e in s.equations for p in e.parts if p.atoms(kind)), None)
        if first is not None:  # in that step's sentence, or earlier with another it defines (B with Γ)
            assert any(called in s.text for s in steps[: first + 1]), (kind, steps[first].text)
    digamma = next(
        (k for k, s in enumerate(steps) for e in s.equations for p in e.parts if p.atoms(sp.polygamma)), None
    )
    if digamma is not None:
        assert "digamma" in steps[digamma].text or "trigamma" in steps[digamma].text


def test_a_support_open_at_both_ends_is_closed_at_both():
    """-θ < x < θ: the estimate max|xᵢ| meets either bound, so both are taken closed."""
    derivation = symle.derive("1/(2*theta)", params="theta", support="-theta < x < theta")
    support = next(s for s in derivation.steps if s.kind == "support").text
    assert "no maximum" in support and "-θ ≤ x ≤ θ" in support, support
    product = next(s for s in derivation.steps if s.kind == "likelihood").equations[0].parts[-1]
    assert all(isinstance(f.args[0], sp.Lt) for f in product.atoms(N.Indicator))


@pytest.mark.parametrize(
    ("density", "params", "support", "term"),
    [  # written down before they were run: the one factor whose sign SymPy cannot tell alone
        ("lambda^x*exp(-lambda)/(factorial(x)*(1-exp(-lambda)))", "lambda", "x in {1, 2, ...}", "n log(1 - e^(-λ))"),
        ("theta*exp(-theta*x)/(1-exp(-theta))", "theta", "0 < x < 1", "n log(1 - e^(-θ))"),
    ],
)
def test_a_factor_of_unknown_sign_in_a_density_is_positive(density, params, support, term):
    """A density is positive, so when one factor's sign is unknown and the others are positive, it is
    positive too: -n log(1 - e^(-λ)), never n log(1/(1 - e^(-λ)))."""
    loglik = symle.derive(density, params=params, support=support, timeout=60).likelihood.loglik
    assert f"- {term}" in text(loglik) and "log(1/" not in text(loglik)


def test_a_power_over_counts_splits_its_logarithm():
    """(λtu)^y, y = 0, 1, ...: positive only where λtu > 0, so y log λ + y log(t u), whatever the signs of
    t and u alone."""
    d = symle.derive(
        "(lambda*t*u)^y*exp(-lambda*t*u)/factorial(y)",
        params="lambda",
        support="y in {0, 1, ...}",
        response="y",
        covariates=["t", "u"],
        timeout=60,
    )
    loglik = text(d.likelihood.loglik_form)
    assert loglik == "Σ y_i log λ - λ Σ t_i u_i + Σ y_i log(t_i u_i) - Σ log y_i!", loglik


def test_the_log_logistic_is_derived():
    """SymPy's simplify raises RuntimeError on its Hessian's minors: the argument is refused, not the model."""
    d = symle.derive("(b/a)*(x/a)^(b-1)/(1+(x/a)^b)^2", params="a,b", support="x > 0", timeout=60)
    assert [s.kind for s in d.steps].count("second-order") == 1
