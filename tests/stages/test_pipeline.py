"""The pipeline stage by stage: stop after each stage and check its value, and that the stages agree."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import sympy as sp

import symle
from symle.algebra.sample import SampleMax, SampleMean, SampleMedian, SampleMin, n
from symle.api import Derivation
from symle.errors import BudgetExceeded, ModelError
from symle.model.model import Model
from symle.model.spec import ModelSpec
from symle.numeric.evaluate import evaluate
from symle.pipeline import Options, Stage, derive
from symle.stages.likelihood import Likelihood
from symle.stages.score import Score
from symle.stages.solve import Solved
from symle.worker import dumps, loads, run_bounded

RNG = np.random.default_rng(20261201)


def spec(name: str, **kw: object) -> ModelSpec:
    return ModelSpec.of(name, **kw)  # type: ignore[arg-type]


def test_model_stage_resolves_the_spec() -> None:
    model = derive(spec("normal"), stop=Stage.MODEL)
    assert isinstance(model, Model)
    assert [p.name for p in model.parameters] == ["mu", "sigma2"]
    assert [p.domain for p in model.parameters] == ["real", "positive"]
    assert model.support.describe() == "real line"


def test_model_stage_of_a_typed_density_infers_domains() -> None:
    model = derive(spec("p*(1-p)^x", params="p", support="x in {0, 1, ...}"), stop=Stage.MODEL)
    assert model.typed and model.parameter("p").domain == "probability"


@pytest.mark.parametrize(
    ("density", "positive"),
    [
        ("x^(theta/2-1)*exp(-x/2)/(2^(theta/2)*gamma(theta/2))", True),  # the χ² with θ degrees of freedom
        ("x^(2*theta-1)*exp(-x)/gamma(2*theta)", True),
        ("x^(theta-3)*exp(-x)/gamma(theta-2)", False),  # positive only beyond 2: left real
    ],
)
def test_a_parameter_whose_positive_multiple_is_a_gamma_argument_is_positive(density: str, positive: bool) -> None:
    """Γ has a pole at 0: a real θ in Γ(θ/2) would start Newton's method at zero, on the pole."""
    model = derive(spec(density, params="theta", support="x > 0"), stop=Stage.MODEL)
    assert (model.parameter("theta").domain == "positive") is positive


def test_likelihood_stage_reduces_to_sufficient_statistics() -> None:
    likelihood = derive(spec("exponential"), stop=Stage.LIKELIHOOD)
    assert isinstance(likelihood, Likelihood)
    lam = likelihood.model.parameter("lambda").symbol
    (statistic,) = likelihood.statistics
    assert statistic.term == likelihood.model.var
    assert sp.simplify(likelihood.reduced - (n * sp.log(lam) - lam * statistic.symbol)) == 0


def test_score_stage_holds_the_one_hessian() -> None:
    score = derive(spec("exponential"), stop=Stage.SCORE)
    assert isinstance(score, Score)
    lam = score.parameters[0].symbol
    assert score.hessian is not None and sp.simplify(score.hessian[0, 0] + n / lam**2) == 0
    normal = derive(spec("normal"), stop=Stage.SCORE)
    block = normal.block(normal.parameters[1:])
    assert block is not None and block.shape == (1, 1)


@pytest.mark.parametrize(
    ("name", "rules"),
    [
        ("normal", {"mu": ("closed-form", "score"), "sigma2": ("closed-form", "score")}),
        ("uniform", {"a": ("boundary", "support-lower"), "b": ("boundary", "support-upper")}),
        ("laplace", {"mu": ("closed-form", "median"), "b": ("closed-form", "score")}),
        ("gamma", {"alpha": ("numeric", "score"), "beta": ("numeric", "score")}),
    ],
)
def test_solution_stage_chooses_the_rule(name: str, rules: dict[str, tuple[str, str]]) -> None:
    solved = derive(spec(name), stop=Stage.SOLUTION)
    assert isinstance(solved, Solved)
    assert {s.parameter.name: (s.method, s.rule) for s in solved.solutions} == rules


def test_gamma_beta_has_a_profile_given_alpha() -> None:
    solved = derive(spec("gamma"), stop=Stage.SOLUTION)
    profile = solved.of("beta").profile
    assert profile is not None
    x = RNG.gamma(2.0, 1.5, 50)
    alpha = 2.3
    value = evaluate(profile, {"x": x}, {sp.Symbol("alpha", positive=True): alpha})
    assert value == pytest.approx(alpha / x.mean())


@pytest.mark.parametrize(
    ("name", "textbook"),
    [
        ("exponential", lambda x: 1 / x.mean()),
        ("poisson", lambda x: x.mean()),
        ("rayleigh", lambda x: np.sqrt(np.sum(x**2) / (2 * len(x)))),
    ],
)
def test_estimators_stage_gives_the_textbook_estimator(name, textbook) -> None:
    estimators = derive(spec(name), stop=Stage.ESTIMATORS)
    (estimator,) = estimators.values()
    x = RNG.exponential(2.0, 40) if name != "poisson" else RNG.poisson(3.0, 40).astype(float)
    assert evaluate(estimator.value, {"x": x}) == pytest.approx(textbook(x), rel=1e-12)
    assert evaluate(estimator.familiar, {"x": x}) == pytest.approx(textbook(x), rel=1e-12)


def test_familiar_forms_are_the_textbook_ones() -> None:
    x = sp.IndexedBase("x")
    assert derive(spec("exponential"), stop=Stage.ESTIMATORS)["lambda"].familiar.has(SampleMean)
    uniform = derive(spec("uniform"), stop=Stage.ESTIMATORS)
    assert isinstance(uniform["a"].value, SampleMin) and isinstance(uniform["b"].value, SampleMax)
    assert isinstance(derive(spec("laplace"), stop=Stage.ESTIMATORS)["mu"].value, SampleMedian)
    assert x.label.name == "x"


def test_familiar_form_is_a_constant_plus_a_fraction_when_shorter() -> None:
    """-(n + sum log x_i)/sum log x_i is written -1 - n/sum log x_i, at equal value on data."""
    power = spec("(theta+1)*x^theta", params="theta", support="0<x<1")
    estimator = derive(power, stop=Stage.ESTIMATORS)["theta"]
    terms = sp.Add.make_args(estimator.familiar)
    assert -1 in terms and len(terms) == 2
    for _ in range(5):
        x = RNG.uniform(0.05, 0.95, int(RNG.integers(3, 50)))
        value = evaluate(estimator.value, {"x": x})
        assert evaluate(estimator.familiar, {"x": x}) == pytest.approx(value, rel=1e-12)
        assert value == pytest.approx(-1 - len(x) / np.log(x).sum(), rel=1e-12)


@pytest.mark.parametrize("name", ["normal", "exponential", "inverse-gaussian", "poisson", "lognormal"])
def test_second_order_stage_proves_the_maximum(name: str) -> None:
    check = derive(spec(name), stop=Stage.SECOND_ORDER)
    assert check is not None and check.proved, check and check.reason
    assert all((-1) ** k * m != 0 for k, m in enumerate(check.minors, start=1))


def test_second_order_stage_is_absent_without_a_score_equation() -> None:
    assert derive(spec("uniform"), stop=Stage.SECOND_ORDER) is None


def test_followups_stage() -> None:
    followups = derive(spec("normal"), stop=Stage.FOLLOWUPS)
    assert followups is not None
    mu, sigma2 = sp.Symbol("mu", real=True), sp.Symbol("sigma2", positive=True)
    assert followups.information.fisher is not None
    assert sp.simplify(followups.information.fisher - sp.diag(n / sigma2, n / (2 * sigma2**2))) == sp.zeros(2, 2)
    assert followups.bias["mu"] == 0
    assert sp.simplify(followups.bias["sigma2"] + sigma2 / n) == 0
    assert followups.observed is not None and followups.observed.shape == (2, 2)
    assert mu not in followups.observed.free_symbols


def test_every_stage_agrees_with_the_whole_derivation() -> None:
    s = spec("gamma")
    whole = derive(s)
    assert whole.steps
    assert derive(s, stop=Stage.MODEL) == whole.model
    assert derive(s, stop=Stage.LIKELIHOOD) == whole.likelihood
    assert derive(s, stop=Stage.SCORE) == whole.score
    assert derive(s, stop=Stage.SOLUTION) == whole.solved
    assert derive(s, stop=Stage.ESTIMATORS) == dict(whole.estimators)
    assert derive(s, stop=Stage.SECOND_ORDER) == whole.second_order
    assert derive(s, stop=Stage.FOLLOWUPS).information == whole.information
    kinds = [step.kind for step in whole.steps]
    assert kinds[:3] == ["model", "likelihood", "loglik"] and kinds[-1] == "estimators"
    assert kinds.index("fisher") < kinds.index("estimators")


def test_the_matrix_form_stops_like_the_others() -> None:
    s = spec("linear-regression", covariates="x1,x2")
    assert derive(s, stop=Stage.SECOND_ORDER) is None
    assert derive(s, stop=Stage.FOLLOWUPS) is None
    whole = derive(s)
    assert whole.information is None and [p for p in whole.estimators] == ["b0", "b_x1", "b_x2", "sigma2"]


def test_derivations_are_remembered_per_spec_and_options() -> None:
    first = derive(spec("poisson"))
    assert derive(spec("poisson")) is first
    assert derive(spec("poisson"), Options(timeout=9.5)) is not first
    model = derive(spec("poisson"), stop=Stage.MODEL)
    assert derive(model) is not derive(model)  # a Model is not a key: derived again


def test_a_derivation_survives_the_worker_exactly() -> None:
    """Display forms built unevaluated ((2 pi sigma^2)^(-1/2)) come back as they were built."""
    d = symle.derive("normal")
    again = Derivation.of(loads(dumps(d)))
    assert again == d
    assert again.to_latex() == d.to_latex() and again.to_json() == d.to_json()


def test_an_overrunning_derivation_ends_within_its_budget() -> None:
    start = time.monotonic()
    with pytest.raises((BudgetExceeded, ModelError)):  # out of time, or refused in time
        derive(spec("exp(exp(exp(a*x)))", params="a"), Options(timeout=1))
    assert time.monotonic() - start < 1 + 2.5


def test_work_that_no_signal_can_stop_is_killed_at_the_deadline() -> None:
    start = time.monotonic()
    with pytest.raises(BudgetExceeded, match="a nap did not finish within 0.5 s"):
        run_bounded(0.5, "a nap", time.sleep, 60)
    assert time.monotonic() - start < 0.5 + 2.5
    assert derive(spec("bernoulli")).estimators["p"].closed_form  # the next call gets a new worker


def test_the_budget_holds_off_the_main_thread() -> None:
    results: list[object] = []

    def work() -> None:
        try:
            derive(spec("exp(exp(exp(b*x)))", params="b"), Options(timeout=1))
        except (BudgetExceeded, ModelError) as exc:
            results.append(exc)

    start = time.monotonic()
    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert not thread.is_alive() and results
    assert time.monotonic() - start < 1 + 2.5


def test_the_weibull_profile_equation_is_shown_as_a_textbook_writes_it() -> None:
    """1/k + (1/n)Σ log x_i - Σ x_i^k log x_i/Σ x_i^k = 0, not logs of (Σ x_j^k/n)^(1/k): 1/n times
    the score with the profile estimate of λ substituted, at random data and k."""
    d = derive(spec("weibull"))
    (step,) = [s for s in d.steps if s.kind == "numeric" and s.parameter == "k"]
    score = d.solved.scores[d.model.parameter("k").symbol]
    lhs, rhs = step.equations[-1].parts
    assert rhs == 0
    shown = lhs * n
    assert not any(s.function.has(sp.Sum) for s in shown.atoms(sp.Sum))  # no nested sums
    k, lam = (d.model.parameter(name).symbol for name in ("k", "lambda"))
    profile = d.estimators["lambda"].profile
    for _ in range(5):
        x = RNG.weibull(1.5, int(RNG.integers(3, 40))) * 2.0
        kv = float(RNG.uniform(0.3, 4.0))
        lv = evaluate(profile, {"x": x}, {k: kv})
        expected = evaluate(score, {"x": x}, {k: kv, lam: lv})
        assert evaluate(shown, {"x": x}, {k: kv}) == pytest.approx(expected, rel=1e-9, abs=1e-9)
