"""Every sentence is a claim about the model in front of it. Each step names its claims
(Step.claims); here each kind of claim has a precondition, checked on the derivation's own values,
numerically where it can be, over every catalogue family and typed densities the steps were not
written for. A claim of a kind with no check here fails, so a new kind of sentence comes with one."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import sympy as sp
from scipy import integrate
from sweeps import sweep

import symle
from symle.algebra import notation as N
from symle.algebra.sample import SampleMean
from symle.algebra.sums import substitute_nested
from symle.model.catalogue import FAMILIES
from symle.model.interval import INTERVAL_STARTS, split_items
from symle.numeric.columns import InMemory
from symle.numeric.evaluate import evaluate
from symle.numeric.fit import fit_derivation
from symle.stages.roles import locations

RNG = np.random.default_rng(20261207)

# (model, keyword arguments of symle.derive): every family, and typed densities written down first
CASES: dict[str, tuple[str, dict]] = {
    **{name: (name, {"known": ["m=10"]} if name == "binomial" else {}) for name in FAMILIES},
    "normal-mu-known": ("normal", {"known": ["mu=1.5"]}),
    "power": ("(theta+1)*x^theta", {"params": "theta", "support": "0 < x < 1"}),
    "shifted": ("exp(-(x-theta))", {"params": "theta", "support": "x > theta"}),
    "uniform-0-theta": ("1/theta", {"params": "theta", "support": "0 < x < theta"}),
    "triangle": ("2*x/theta^2", {"params": "theta", "support": "0 < x < theta"}),
    "rayleigh-typed": ("x*exp(-x^2/(2*theta))/theta", {"params": "theta", "support": "x > 0"}),
    "gamma-2": ("lambda^2*x*exp(-lambda*x)", {"params": "lambda", "support": "x > 0"}),
    "logistic-location": ("exp(-(x-mu))/(1+exp(-(x-mu)))^2", {"params": "mu"}),
    "cauchy-location": ("1/(pi*(1+(x-t)^2))", {"params": "t"}),
    "gamma-shape": ("x^(a-1)*exp(-x)/gamma(a)", {"params": "a", "support": "x > 0"}),
    "pareto-typed": ("theta*x^(-theta-1)", {"params": "theta", "support": "x > 1"}),
    "poisson-typed": ("theta^x*exp(-theta)/factorial(x)", {"params": "theta", "support": "x in {0, 1, ...}"}),
    "kumaraswamy-b": ("2*b*x*(1-x^2)^(b-1)", {"params": "b", "support": "0 < x < 1"}),
    "weibull-scale": ("2*x*exp(-(x/s)^2)/s^2", {"params": "s", "support": "x > 0"}),
    "counts-exposure": (
        "(lambda*t)^y*exp(-lambda*t)/factorial(y)",
        {"params": "lambda", "support": "y in {0, 1, ...}", "response": "y", "covariates": "t"},
    ),
    "normal-origin-typed": (
        "exp(-(y-beta*t)^2/(2*s))/sqrt(2*pi*s)",
        {"params": "beta,s:positive", "response": "y", "covariates": "t"},
    ),
    "exponential-mean-typed": (
        "exp(-y/(theta*t))/(theta*t)",
        {"params": "theta", "support": "y > 0", "response": "y", "covariates": "t"},
    ),
    "restricted-bernoulli": ("theta^x*(1-theta)^(1-x)", {"params": "theta:[0,1/2]", "support": "x in {0, 1}"}),
    "restricted-normal-mean": ("exp(-(x-mu)^2/2)/sqrt(2*pi)", {"params": "mu:>=0"}),
    "restricted-pareto-open": ("alpha*x^(-alpha-1)", {"params": "alpha:>1", "support": "x > 1"}),
    "restricted-poisson-open": ("l^x*exp(-l)/factorial(x)", {"params": "l:(0,2)", "support": "x in {0, 1, ...}"}),
    "restricted-normal-joint": ("exp(-(x-mu)^2/(2*s2))/sqrt(2*pi*s2)", {"params": "mu:[1/2,3],s2"}),
    "zero-truncated-poisson": (
        "lambda^x*exp(-lambda)/(factorial(x)*(1-exp(-lambda)))",
        {"params": "lambda", "support": "x in {1, 2, ...}"},
    ),
    "binomial-typed": ("binomial(4, x)*q^x*(1-q)^(4-x)", {"params": "q", "support": "x in {0, 1, 2, 3, 4}"}),
    "logarithmic": ("-p^x/(x*log(1-p))", {"params": "p", "support": "x in {1, 2, ...}"}),
}


@functools.cache
def derivation(name: str) -> symle.Derivation:
    model, keywords = CASES[name]
    return symle.derive(model, timeout=60, **keywords)


def _sample(d: symle.Derivation, size: int = 60) -> dict[str, np.ndarray]:
    """Data in the model's support, of no particular distribution (the claims hold for all data)."""
    model = d.model
    support = model.support
    if support.values is not None and len(support.values):
        values = np.array([float(v) for v in support.values])
        x = RNG.choice(values, size)
        x[:2] = values[:2]
    elif support.discrete:
        upper, lower = support.upper, int(support.lower) if support.lower.is_finite else 0
        x = (
            RNG.integers(lower, int(upper) + 1, size).astype(float)
            if upper.is_finite
            else lower + RNG.negative_binomial(2, 0.3, size).astype(float)
        )
    else:
        low = support.lower if support.lower.is_finite and not support.lower.free_symbols else None
        high = support.upper if support.upper.is_finite and not support.upper.free_symbols else None
        if low is not None and high is not None:
            x = RNG.uniform(float(low), float(high), size)
        elif low is not None:
            x = float(low) + RNG.gamma(2.0, 1.0, size)
        elif high is not None:
            x = float(high) - RNG.gamma(2.0, 1.0, size)
        elif support.lower.free_symbols:  # x > θ: any data do, and a positive θ wants positive data
            x = 0.5 + RNG.gamma(2.0, 1.0, size)
        else:
            x = RNG.standard_t(5, size)
    data = {model.var.name: x}
    for covariate in model.covariates:
        data[covariate.name] = RNG.uniform(0.3, 2.5, size) if covariate.is_positive else RNG.normal(0, 1, size)
    return data


def _known(d: symle.Derivation) -> dict[sp.Symbol, float]:
    return {p.symbol: float(v) for p in d.model.known_parameters if (v := d.model.known.get(p.name)) is not None}


def _fitted(d: symle.Derivation) -> tuple[dict[str, np.ndarray], dict[sp.Symbol, float]]:
    """Random data and the estimates on them, by symle's own fit (closed forms and Newton)."""
    data = _sample(d)
    estimates = fit_derivation(d, InMemory(data)).estimates
    values = {p.symbol: estimates[p.name] for p in d.model.parameters}
    return data, {**values, **_known(d)}


def _value(expr: sp.Expr, data: dict[str, np.ndarray], values: dict[sp.Symbol, float]) -> float:
    """The value at the data and parameters (hats standing for the parameters); nan where it is not
    real (a log of a negative number, outside the support)."""
    hats = {N.Hat(s): v for s, v in values.items()}
    try:
        return evaluate(expr.xreplace(hats), data, {**values, **{h: v for h, v in hats.items()}})
    except TypeError:  # mpmath's exact sums meet a complex value
        return float("nan")


def _hessian(d: symle.Derivation, data, values) -> np.ndarray:
    symbols = [p.symbol for p in d.model.parameters if d.solved.of(p.name).rule == "score"]
    block = d.score.block(tuple(p for p in d.model.parameters if p.symbol in symbols))
    fixed = {s.parameter.symbol: s.value for s in d.solved.solutions if s.rule != "score" and s.value is not None}
    block = block.xreplace(d.likelihood.statistic_sums)  # the reduced form's statistics T_k as their sums
    return np.array(
        [[_value(block[i, j].xreplace(fixed), data, values) for j in range(len(symbols))] for i in range(len(symbols))]
    )


def _random_parameters(d: symle.Derivation) -> dict[sp.Symbol, float]:
    return {**{p.symbol: p.space.random(RNG) for p in d.model.parameters}, **_known(d)}


def _negative_definite(matrix: np.ndarray) -> bool:
    eigenvalues = np.linalg.eigvalsh(0.5 * (matrix + matrix.T))
    return bool(np.all(eigenvalues < 1e-9 * max(1.0, np.max(np.abs(eigenvalues)))))


def _parameter(d: symle.Derivation, name: str):
    return d.model.parameter(name)


# --- the preconditions, one a kind of claim ------------------------------------------------------


def check_kind_of_density(d, step, _name, claim):
    assert d.model.discrete == (claim == "pmf")


def check_independent(d, step, _name, claim):
    assert d.model.conditional == (claim == "independent-given-covariates")


def check_support_indicator(d, step, _name, _claim):
    assert d.model.support.parameters_in_bounds(d.model.symbols)


def check_closed_form(d, step, name, _claim):
    """The estimator, evaluated on data, is a root of its score."""
    data, values = _fitted(d)
    symbol = _parameter(d, name).symbol
    score = d.solved.scores[symbol]
    scale = 1 + sum(abs(_value(t, data, values)) for t in sp.Add.make_args(sp.expand(score)))
    assert abs(_value(score, data, values)) < 1e-7 * scale


def check_substituted(d, step, name, _claim):
    symbol = _parameter(d, name).symbol
    others = {p.symbol for p in d.model.parameters} - {symbol}
    assert d.solved.scores[symbol].free_symbols & others


def check_profile(d, step, name, _claim):
    """At random values of the other parameters, the profile is a root of the score."""
    estimator = d.estimators[name]
    assert estimator.profile is not None and not estimator.closed_form
    symbol = estimator.parameter.symbol
    for _ in range(3):
        data, values = _sample(d), _random_parameters(d)
        values[symbol] = _value(estimator.profile, data, values)
        score = d.solved.scores[symbol]
        scale = 1 + sum(abs(_value(t, data, values)) for t in sp.Add.make_args(sp.expand(score)))
        assert abs(_value(score, data, values)) < 1e-7 * scale


def check_no_closed_form(d, step, name, _claim):
    estimator = d.estimators[name]
    assert estimator.value is None and estimator.profile is None


def check_equation_left(d, step, name, _claim):
    symbol = _parameter(d, name).symbol
    profiles = [e.parameter.symbol for e in d.estimators.values() if e.profile is not None]
    assert d.estimators[name].profile is None and d.solved.scores[symbol].has(*profiles)


def check_written_equation(d, step, name, _claim):
    """The equation the step shows last (and the residual form) holds at the fitted estimates."""
    data, values = _fitted(d)
    for equation in step.equations:
        if any(isinstance(part, sp.Indexed) for part in equation.parts):
            continue  # the definition of the fitted mean
        lhs, rhs = equation.parts[0], equation.parts[-1]
        lhs, rhs = _with_means(d, lhs, values), _with_means(d, rhs, values)
        profiles = {e.parameter.symbol: e.profile for e in d.estimators.values() if e.profile is not None}
        lhs, rhs = (_at_profiles(side, profiles) for side in (lhs, rhs))
        left, right = _value(lhs, data, values), _value(rhs, data, values)
        scale = 1 + abs(left) + abs(right) + sum(abs(_value(t, data, values)) for t in sp.Add.make_args(sp.expand(lhs)))
        assert abs(left - right) < 1e-6 * scale, (str(lhs), left, right)


def _with_means(d, expr, values):
    """A regression's fitted mean μᵢ (or pᵢ) replaced by its formula, from the step that defines it."""
    for step in d.steps:
        for equation in step.equations:
            first = equation.parts[0]
            if isinstance(first, sp.Indexed) and len(equation.parts) == 2:
                expr = expr.xreplace({first: equation.parts[1], N.Hat(first): equation.parts[1]})
    return expr


def _at_profiles(expr, profiles):
    return expr.replace(lambda e: isinstance(e, N.Profile), lambda e: profiles[e.args[0]])


def check_maximum_minors_or_information(d, step, _name, claim):
    """The Hessian is negative definite at random parameters and data; with "information" it is the
    same for two data sets (it does not depend on the observations)."""
    for _ in range(3):
        values = _random_parameters(d)
        first = _hessian(d, _sample(d), values)
        assert _negative_definite(first), first
        if claim == "maximum-information" and not d.model.conditional:
            assert np.allclose(first, _hessian(d, _sample(d), values), rtol=1e-9, atol=1e-12)


def check_maximum_profile(d, step, name, _claim):
    """The profile log-likelihood has negative second differences at random points."""
    numeric = next(e for e in d.estimators.values() if not e.closed_form and e.profile is None)
    profiles = {e.parameter.symbol: e.profile for e in d.estimators.values() if e.profile is not None}
    profile_loglik = substitute_nested(d.solved.loglik, profiles)
    symbol = numeric.parameter.symbol
    for _ in range(4):
        data, values = _sample(d), _random_parameters(d)
        centre, h = values[symbol], 1e-3 * (1 + abs(values[symbol]))
        at = [_value(profile_loglik, data, {**values, symbol: centre + k * h}) for k in (-1, 0, 1)]
        assert at[0] - 2 * at[1] + at[2] < 0


def check_location_scale(d, step, _name, claim):
    """log g'' ≤ 0 everywhere on a grid (log-concave), or > 0 somewhere (not concave); and g is the
    density at location 0 and scale 1."""
    (standard, curvature) = step.equations
    z = next(iter(standard.parts[1].free_symbols))
    curve = sp.lambdify(z, curvature.parts[1], "numpy")(np.linspace(-20, 20, 801))
    assert np.all(curve <= 1e-12) if claim == "maximum-log-concave" else np.any(curve > 0)
    assert _location_of(d) is not None


def _location_of(d):
    return next(iter(locations(d.model)), None)


def check_second_order_at_estimate(d, step, _name, _claim):
    data, values = _fitted(d)
    assert _negative_definite(_hessian(d, data, values))


def check_only_stationary(d, step, name, _claim):
    """ "The score has the sign of N(θ), which decreases strictly in θ, so θ̂ is the only stationary
    point": on random data, N has the score's sign and decreases over a grid of the whole domain."""
    parameter = _parameter(d, name)
    score = d.solved.scores[parameter.symbol]
    shown = d.second_order.decreasing
    assert not [s for s in shown.atoms(sp.Sum) if not s.function.has(s.limits[0][0])], shown  # Σ 1 is n
    grid = np.concatenate([np.linspace(1e-3, 1 - 1e-3, 40), np.geomspace(1e-3, 1e3, 40), np.linspace(-30, 30, 41)])
    grid = np.unique(grid[[parameter.space.contains(g) for g in grid]])
    for _ in range(3):
        data = _sample(d)
        at = [{**_known(d), parameter.symbol: g} for g in grid]
        numerator = np.array([_value(shown, data, v) for v in at])
        scores = np.array([_value(score, data, v) for v in at])
        assert np.all(np.diff(numerator) < 0), (name, numerator)
        assert np.all(np.sign(numerator) == np.sign(scores)), (name, numerator, scores)


def check_exists(d, step, name, _claim):
    """ "exists when x̄ > 0: if every xᵢ is 0, no maximum": a sample all at such an end gives a score
    of one sign over the whole domain (no root), and random data meeting the condition give an
    estimate inside the domain."""
    estimator = d.estimators[name]
    found = estimator.exists
    assert found is not None
    parameter = estimator.parameter
    score = d.solved.scores[parameter.symbol]
    grid = np.concatenate([np.linspace(1e-3, 1 - 1e-3, 60), np.geomspace(1e-3, 1e3, 60)])
    grid = grid[[parameter.space.contains(g) for g in grid]]
    for end in found.every:
        data = {**_sample(d, 30), d.model.var.name: np.full(30, float(end))}  # the covariates drawn
        signs = {np.sign(_value(score, data, {**_known(d), parameter.symbol: g})) for g in grid}
        assert len(signs - {np.nan}) == 1 and 0 not in signs, (end, signs)
    for _ in range(3):
        data, values = _fitted(d)
        x = data[d.model.var.name]
        statistic = (
            float(np.mean(x))
            if isinstance(found.statistic, SampleMean)
            else _value(found.statistic, data, {})
            if d.model.conditional
            else None
        )
        if statistic is None:
            continue
        if (found.lower is None or statistic > float(found.lower.xreplace(_known(d)))) and (
            found.upper is None or statistic < float(found.upper.xreplace(_known(d)))
        ):
            assert parameter.space.contains(values[parameter.symbol])


def check_nothing(d, step, _name, _claim):
    """A sentence that says what was not shown (unproved, unknown): true of any model."""


def check_n_times_one_term(d, step, _name, claim):
    """'n independent observations carry n times ...': one sample, no covariates."""
    assert not d.model.conditional
    if claim == "information-no data":
        values = _random_parameters(d)
        assert np.allclose(_hessian(d, _sample(d), values), _hessian(d, _sample(d), values), rtol=1e-9)


def check_given_covariates(d, step, _name, claim):
    """A regression; each expectation the sentence names, E[g(yᵢ) | xᵢ], is that of the density of y given x
    (by quadrature, or summation for counts), at random parameters and a covariate."""
    assert d.model.conditional
    if claim != "information-given the covariates":
        return
    model = d.model
    for core, value in d.information.given.items():
        values = {**_random_parameters(d), **{c: 1.3 for c in model.covariates}}
        density = sp.lambdify(model.var, (core * model.density).xreplace(values), "scipy")
        if model.discrete:
            mean = float(np.sum(density(np.arange(0.0, 300.0))))
        else:
            low = float(model.support.lower) if model.support.lower.is_finite else -np.inf
            mean = integrate.quad(density, low, np.inf)[0]
        assert mean == pytest.approx(float(value.xreplace(values)), rel=1e-7), (core, value)


def check_irregular(d, step, _name, _claim):
    assert d.information is not None and d.information.irregular


def check_variance(d, step, _name, claim):
    if claim == "variance-covariates":
        assert d.model.conditional
    elif claim == "variance-series":
        assert any(s.limits[0][2] == sp.oo for e in step.equations for p in e.parts for s in p.atoms(sp.Sum)) or any(
            s.limits[0][2] == sp.oo for s in d.information.fisher.atoms(sp.Sum)
        )


def check_start(d, step, name, claim):
    rule = claim.split(":")[0].removeprefix("start-")
    symbol = _parameter(d, name).symbol
    if rule == "median":
        assert symbol in locations(d.model)
    elif rule in ("mean", "spread", "inverse-mean", "inverse-spread"):
        assert symbol not in locations(d.model) and _parameter(d, name).space.lower == 0


def check_irls(d, step, _name, _claim):
    assert d.model.conditional and FAMILIES[d.model.name].link == "canonical"


def check_result(d, step, _name, _claim):
    """A hat for every free parameter in the Result's equations."""
    hats = {h.args[0] for e in step.equations for p in e.parts for h in p.atoms(N.Hat)}
    assert {p.symbol for p in d.model.parameters} <= hats


def check_boundary(d, step, name, claim):
    """The likelihood at the estimate is at least its value at feasible points nearby."""
    data, values = _fitted(d)
    symbol = _parameter(d, name).symbol
    loglik = d.likelihood.loglik
    best = _value(loglik, data, values)
    for delta in (1e-3, -1e-3, 1e-1, -1e-1):
        moved = {**values, symbol: values[symbol] + delta * (1 + abs(values[symbol]))}
        if d.model.support.parameters_in_bounds(d.model.symbols) and not _inside(d, data, moved):
            continue
        other = _value(loglik, data, moved)
        assert not np.isfinite(other) or other <= best + 1e-9 * (1 + abs(best))


def _restricted_grid(parameter, value: float) -> np.ndarray:
    """Points of the restricted space (and the domain) around an estimate, its ends included."""
    low, high = parameter.interval.bounds
    low, high = max(low, parameter.space.lower), min(high, parameter.space.upper)
    reach = 10 * (1 + abs(value))
    low, high = (low if np.isfinite(low) else value - reach), (high if np.isfinite(high) else value + reach)
    grid = np.linspace(low, high, 401)
    return grid[[parameter.interval.contains(g) and parameter.space.contains(g) for g in grid]]


def check_restricted(d, step, name, claim):
    """The projection is the maximum on the restricted space: at the estimate the log-likelihood is at
    least its value over the space, on data where the bound binds and where it need not; the
    argument's own fact holds (concave: ℓ'' < 0 at random points; unimodal: the score is positive
    below the stationary point and negative above it)."""
    parameter = _parameter(d, name)
    loglik, score = d.likelihood.loglik, d.solved.scores[parameter.symbol]
    for shift in (0.0, 1.0, -1.0):
        data, values = _fitted(d)
        x = data[d.model.var.name]
        if shift and not d.model.support.discrete:  # move the data so that the bound binds on one side
            data = {**data, d.model.var.name: x + shift * (1 + np.std(x)) if d.model.support.lower.is_infinite else x}
            values = {**values, **{parameter.symbol: fit_derivation(d, InMemory(data)).estimates[name]}}
        best = _value(loglik, data, values)
        for g in _restricted_grid(parameter, values[parameter.symbol]):
            other = _value(loglik, data, {**values, parameter.symbol: g})
            assert not np.isfinite(other) or other <= best + 1e-9 * (1 + abs(best)), (g, other, best)
        shown = d.solved.of(name).value
        stationary = _value(shown, data, values)
        grid = _restricted_grid(parameter, stationary)
        for g in grid[(grid > stationary + 1e-6) | (grid < stationary - 1e-6)][::20]:
            at = {**values, parameter.symbol: g}
            if claim == "restricted-concave":
                second = _value(d.score.block((parameter,))[0, 0].xreplace(d.likelihood.statistic_sums), data, at)
                assert second < 0
            sign = np.sign(_value(score, data, at))
            assert sign == (1 if g < stationary else -1) or not np.isfinite(sign)


def check_restricted_numeric(d, step, _name, _claim):
    """Found numerically within the bounds: every estimate inside its restricted space, and no point
    of the space nearby has a larger likelihood."""
    data, values = _fitted(d)
    best = _value(d.likelihood.loglik, data, values)
    for p in d.model.parameters:
        if p.interval is not None:
            assert p.interval.contains(values[p.symbol])
        for delta in (1e-3, -1e-3, 1e-1, -1e-1):
            moved = values[p.symbol] + delta * (1 + abs(values[p.symbol]))
            if (p.interval is None or p.interval.contains(moved)) and p.space.contains(moved):
                other = _value(d.likelihood.loglik, data, {**values, p.symbol: moved})
                assert not np.isfinite(other) or other <= best + 1e-7 * (1 + abs(best))


def _inside(d, data, values) -> bool:
    support = d.model.support
    x = data[d.model.var.name]
    low = float(support.lower.xreplace(values)) if support.lower.is_finite or support.lower.free_symbols else -np.inf
    high = float(support.upper.xreplace(values)) if support.upper.is_finite or support.upper.free_symbols else np.inf
    return bool(np.all(x >= low) and np.all(x <= high))


def check_monotone_mean(d, step, name, _claim):
    """ "The score equation reads x̄ = m(θ), m strictly increasing: at most one root, the global maximum":
    on random data the score changes sign at most once over a grid of the parameter space, from + to −."""
    (parameter,) = [p for p in d.model.parameters if p.name == name] or d.model.parameters  # (one parameter)
    score = d.solved.scores[parameter.symbol]
    grid = np.concatenate([np.linspace(1e-3, 1 - 1e-3, 60), np.geomspace(1e-3, 1e3, 40), np.linspace(-30, 30, 41)])
    grid = np.unique(grid[[parameter.space.contains(g) for g in grid]])
    for _ in range(3):
        data = _sample(d)
        signs = np.sign([_value(score, data, {**_known(d), parameter.symbol: g}) for g in grid])
        signs = signs[signs != 0]
        changes = np.flatnonzero(np.diff(signs))
        assert len(changes) <= 1 and all(signs[k] > 0 for k in changes), (name, signs)


CHECKS = {
    "density": check_kind_of_density,
    "pmf": check_kind_of_density,
    "independent": check_independent,
    "independent-given-covariates": check_independent,
    "support-indicator": check_support_indicator,
    "closed-form": check_closed_form,
    "substituted": check_substituted,
    "profile": check_profile,
    "no-closed-form": check_no_closed_form,
    "equation-left": check_equation_left,
    "textbook-form": check_written_equation,
    "residual-form": check_written_equation,
    "maximum-minors": check_maximum_minors_or_information,
    "maximum-information": check_maximum_minors_or_information,
    "maximum-profile": check_maximum_profile,
    "maximum-log-concave": check_location_scale,
    "maximum-not-concave": check_location_scale,
    "maximum-unknown": check_nothing,
    "exists": check_exists,
    "second-order-at-estimate": check_second_order_at_estimate,
    "only-stationary": check_only_stationary,
    "maximum-monotone-mean": check_monotone_mean,
    "second-order-unproved": check_nothing,
    "information-score identity": check_n_times_one_term,
    "information-integrals": check_n_times_one_term,
    "information-hazard": check_n_times_one_term,
    "information-distribution function": check_n_times_one_term,
    "information-known": check_n_times_one_term,
    "information-no data": check_n_times_one_term,
    "information-score outer product": check_n_times_one_term,
    "information-given the covariates": check_given_covariates,
    "information-no responses": check_given_covariates,
    "information-known given the covariates": check_given_covariates,
    "information-irregular": check_irregular,
    "information-irregular-all": check_irregular,
    "information-none": check_nothing,
    "variance": check_nothing,
    "variance-covariates": check_variance,
    "variance-series": check_variance,
    "variance-sums": check_variance,
    "start-median": check_start,
    "start-mean": check_start,
    "start-spread": check_start,
    "start-inverse-mean": check_start,
    "start-inverse-spread": check_start,
    "start-one": check_nothing,
    "start-half": check_nothing,
    "start-zero": check_nothing,
    "irls": check_irls,
    "result": check_result,
    "support-lower": check_boundary,
    "support-upper": check_boundary,
    "support-interval": check_boundary,
    "median": check_boundary,
    "restricted-concave": check_restricted,
    "restricted-unimodal": check_restricted,
    "restricted-numeric": check_restricted_numeric,
}
# steps whose sentence says nothing particular to the model (differentiate, take logs)
GENERIC = {"loglik", "score", "bias", "function"}


@pytest.mark.parametrize("name", sweep(CASES))
def test_every_claim_holds_for_the_model_it_is_made_of(name: str) -> None:
    d = derivation(name)
    plain = _unrestricted(name)
    for step in d.steps:
        if step.kind not in GENERIC:
            assert step.claims, f"{name}: the {step.kind} step makes no claim it could be checked on"
        # on a restricted space the steps up to the stationary point are the unrestricted model's
        on = d if plain is None or step.kind in ("restricted", "estimators", "model") else plain
        for claim in step.claims:
            kind, _, parameter = claim.partition(":")
            assert kind in CHECKS, f"{name}: no precondition for the claim {kind!r}"
            CHECKS[kind](on, step, parameter, kind)


def _unrestricted(name: str) -> symle.Derivation | None:
    """The same model without its intervals (None when it has none), whose steps the restricted
    derivation repeats up to its restriction step."""
    model, keywords = CASES[name]
    params = keywords.get("params")
    items = split_items(params) if isinstance(params, str) else []
    if not any(item.partition(":")[2][:1] in INTERVAL_STARTS for item in items if ":" in item):
        return None
    bare = ",".join(item.partition(":")[0] for item in items)
    plain = symle.derive(model, timeout=60, **{**keywords, "params": bare})
    restricted = derivation(name)
    first = next(k for k, s in enumerate(restricted.steps) if s.kind == "restricted")
    for mine, theirs in zip(restricted.steps[1:first], plain.steps[1:first], strict=True):
        assert (mine.text, mine.equations) == (theirs.text, theirs.equations)
    return plain


def test_no_closed_form_is_said_of_a_parameter_with_a_profile() -> None:
    """The negative binomial's p has the profile r/(r + x̄): headed as a profile, never as 'No closed form'."""
    steps = derivation("negative-binomial").steps
    (profile,) = [s for s in steps if s.kind == "profile"]
    assert profile.parameter == "p" and profile.title.startswith("The profile of p given r")
    assert not any(s.title.startswith("No closed form for p") for s in steps)
    kinds = [s.kind for s in steps]
    assert kinds.index("profile") < kinds.index("numeric") < kinds.index("second-order") < kinds.index("numeric-recipe")


ONE_PARAMETER_WORDS = ("Hessian", "matrix", "each entry", "entries")


@pytest.mark.parametrize("name", sweep(CASES))
def test_a_one_parameter_page_speaks_of_a_second_derivative_not_a_matrix(name: str) -> None:
    """With one regular parameter the information is a number and its curvature a second derivative:
    no step speaks of the Hessian, a matrix or its entries."""
    d = derivation(name)
    if len(d.information.regular) != 1:
        return
    for step in d.steps:
        sentence = str(step.text)
        for word in ONE_PARAMETER_WORDS:
            assert word not in sentence, f"{name}, {step.kind}: {word!r} on a one-parameter page: {sentence}"


@pytest.mark.parametrize(
    ("model", "keywords"),
    [("weibull", {"known": ["k=3/2"]}), ("negative-binomial", {"known": ["r"]}), ("gamma", {"known": ["alpha"]})],
)
def test_a_known_parameter_leaves_a_number_not_a_matrix(model: str, keywords: dict) -> None:
    """C2 and C4 of the lecturer's round 4: the information of one parameter, the other known."""
    d = symle.derive(model, timeout=60, **keywords)
    (fisher,) = [s for s in d.steps if s.kind == "fisher"]
    sentence = str(fisher.text)
    assert "second derivative" in sentence and not any(w in sentence for w in ONE_PARAMETER_WORDS), sentence


@pytest.mark.parametrize(
    ("density", "keywords"),
    [
        ("exp(-x/theta)/theta", {"params": "theta", "support": "x > 0"}),  # not concave for θ > 2x̄
        ("exp(-(x-theta)^2/(2*theta))/sqrt(2*pi*theta)", {"params": "theta"}),  # N(θ, θ): a quadratic
        ("weibull", {"known": ["k=3/2"]}),
    ],
)
def test_a_local_maximum_that_is_the_only_stationary_point_is_called_global(density: str, keywords: dict) -> None:
    """Round 4, class 2: where the score changes sign once, the page says the maximum is global, and why."""
    d = symle.derive(density, timeout=60, **keywords)
    (step,) = [s for s in d.steps if s.kind == "second-order"]
    assert "is the only stationary point and the global maximum" in str(step.text), step.text
    ((claim, _, name),) = [c.partition(":") for c in step.claims if c.startswith("only-stationary")]
    check_only_stationary(d, step, name, claim)
