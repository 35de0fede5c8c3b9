"""The orchestrator: model -> likelihood -> solution -> second order -> steps, one pure pipeline."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from symle.budget import Budget
from symle.derivation import Derivation, Estimator
from symle.errors import BudgetExceeded, ModelError, ParseError
from symle.familiar import familiar, fold_into_sums
from symle.families import FAMILIES, family
from symle.likelihood import build_likelihood
from symle.model import DOMAINS, Model, Parameter, build_model, parse_known
from symle.parse import parse_formula, split_names
from symle.numeric_problem import starting_rules
from symle.secondorder import check_second_order
from symle.solve import solve
from symle.steps import build_steps

NORMALISE_SECONDS = 3.0
MAX_TIMEOUT = 3600.0


def _typed_parameters(text: str | Sequence[str], density: str, var: str, support: str | None) -> list[Parameter]:
    """Parameters of a typed density; `name:domain` sets a domain, else it is inferred: a parameter
    whose logarithm appears in log f must be positive, one with log(1 - p) as well is a probability."""
    items = [item.strip() for item in (text.split(",") if isinstance(text, str) else text)]
    declared: list[tuple[str, str | None]] = []
    for item in items:
        name, _, domain = item.partition(":")
        split_names(name, "--params")
        if domain and domain not in DOMAINS:
            raise ParseError(f"--params {item}: unknown domain {domain!r} (domains: {', '.join(DOMAINS)})")
        declared.append((name, domain or None))
    if len({name for name, _ in declared}) != len(declared):
        raise ParseError("--params: a name is given twice")
    symbols = {name: sp.Symbol(name, real=True) for name, _ in declared}
    symbols[var] = sp.Symbol(var, real=True)
    try:
        expression = parse_formula(density, symbols, "density")
    except ParseError:
        return [Parameter(name, domain or "real") for name, domain in declared]
    logs = sp.expand_log(sp.log(expression), force=True).atoms(sp.log)
    parameters = []
    for name, domain in declared:
        if domain is None:
            s = symbols[name]
            domain = "real"
            if sp.log(s) in logs:
                domain = "probability" if sp.log(1 - s) in logs else "positive"
        parameters.append(Parameter(name, domain))
    return parameters


def resolve_model(
    model: str | Model,
    *,
    var: str | None = None,
    params: str | Sequence[str] | None = None,
    support: str | None = None,
    known: Sequence[str] | Mapping[str, object] | None = None,
) -> Model:
    """A catalogue name or a typed density (with var and params) as a Model."""
    if isinstance(model, Model):
        return model
    known_values = parse_known(known)
    if params is None and model in FAMILIES and (var is not None or support is not None):
        raise ModelError(f"{model} is a catalogue family: --var and --support apply only to a typed density")
    if params is None and var is None and support is None:
        entry = family(model) if model in FAMILIES or _looks_like_name(model) else None
        if entry is None:
            raise ModelError("a typed density needs --params (and --var unless the variable is x)")
        return build_model(
            entry.name,
            entry.density,
            entry.var,
            (*entry.constants, *entry.parameters),
            entry.support,
            known_values,
            typed=False,
            required_known=[c.name for c in entry.constants],
        )
    if params is None:
        raise ModelError("a typed density needs --params, e.g. --params lambda")
    variable = "x" if var is None else var
    split_names(variable, "--var")
    parameters = _typed_parameters(params, model, variable, support)
    return build_model(model, model, variable, parameters, support, known_values, typed=True)


def _looks_like_name(text: str) -> bool:
    return all(c.isalnum() or c == "-" for c in text)


def check_density(model: Model, budget: Budget) -> list[str]:
    """Refuse a typed density that is negative on its support or does not integrate (sum) to 1,
    where SymPy or a numeric check can tell within the budget; otherwise return a warning."""
    x = model.var
    trial = {p.symbol: {"positive": sp.Rational(13, 10), "real": sp.Rational(2, 5), "probability": sp.Rational(7, 20),
                        "integer": sp.Integer(3)}[p.domain] for p in model.parameters}
    for p in model.known_parameters:
        if model.known.get(p.name) is None:
            trial[p.symbol] = {"positive": sp.Rational(13, 10), "real": sp.Rational(2, 5),
                               "probability": sp.Rational(7, 20), "integer": sp.Integer(3)}[p.domain]
    density = model.density.xreplace(trial)
    support = model.support.substitute(trial)
    lower, upper = support.lower, support.upper
    points = _support_points(support)
    for point in points:
        value = density.xreplace({x: point}).evalf()
        if value.is_real and value.is_negative:
            raise ModelError(f"the density is negative at {model.var.name} = {point} (parameters {_show(trial)})")
    try:
        with budget.guard("checking that the density integrates to 1", cap=NORMALISE_SECONDS):
            if support.discrete:
                total = sp.summation(density, (x, lower, upper)) if support.values is None else sum(
                    density.xreplace({x: v}) for v in support.values)
            else:
                total = sp.integrate(density, (x, lower, upper))
            total = sp.simplify(total)
        if total.is_number and total.is_finite:
            if abs(float(total) - 1) > 1e-9:
                raise ModelError(f"the density integrates to {sp.nsimplify(total)}, not 1 (parameters {_show(trial)})")
            return []
    except BudgetExceeded:
        pass
    numeric = _numeric_total(density, x, support)
    if numeric is not None:
        if abs(numeric - 1) > 1e-6:
            raise ModelError(f"the density integrates to {numeric:.6g}, not 1 (parameters {_show(trial)})")
        return []
    return ["symle could not verify that the density integrates to 1"]


def _show(values: Mapping[sp.Symbol, sp.Expr]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


def _support_points(support) -> list[sp.Expr]:  # type: ignore[no-untyped-def]
    if support.values is not None:
        return [sp.Integer(v) for v in support.values]
    lower = support.lower if support.lower.is_finite else None
    upper = support.upper if support.upper.is_finite else None
    if support.discrete:
        start = int(lower) if lower is not None else 0
        stop = int(upper) if upper is not None and upper.is_number else start + 20
        return [sp.Integer(k) for k in range(start, min(stop, start + 20) + 1)]
    if lower is not None and upper is not None and lower.is_number and upper.is_number:
        return [lower + (upper - lower) * sp.Rational(k, 10) for k in range(1, 10)]
    if lower is not None and lower.is_number:
        return [lower + sp.Rational(k, 4) for k in (1, 2, 4, 8, 16, 40)]
    if upper is not None and upper.is_number:
        return [upper - sp.Rational(k, 4) for k in (1, 2, 4, 8, 16, 40)]
    return [sp.Rational(k, 2) for k in (-20, -6, -2, -1, 0, 1, 2, 6, 20)]


def _numeric_total(density: sp.Expr, x: sp.Symbol, support) -> float | None:  # type: ignore[no-untyped-def]
    """The integral (sum) of the density with the trial parameters, numerically; None if unusable."""
    try:
        f = sp.lambdify(x, density, modules=["scipy", "numpy"])
        if support.discrete:
            start = int(support.lower)
            stop = int(support.upper) if support.upper.is_finite else start + 100_000
            grid = np.arange(start, stop + 1, dtype=float)
            with np.errstate(all="ignore"):
                return float(np.sum(f(grid)))
        from scipy.integrate import quad

        lower = float(support.lower) if support.lower.is_finite else -np.inf
        upper = float(support.upper) if support.upper.is_finite else np.inf
        with np.errstate(all="ignore"):
            value, _ = quad(lambda t: float(f(t)), lower, upper, limit=200)
        return value if np.isfinite(value) else None
    except Exception:  # noqa: BLE001 - a numeric check that fails is simply not decisive
        return None


def derive(
    model: str | Model,
    *,
    var: str | None = None,
    params: str | Sequence[str] | None = None,
    support: str | None = None,
    known: Sequence[str] | Mapping[str, object] | None = None,
    timeout: float = 10,
    normalise_check: bool = True,
    integrate: bool = False,
    functions: Sequence[str] | Mapping[str, str] | None = None,
) -> Derivation:
    """Derive the maximum-likelihood estimators of a catalogue family or a typed density.

    `integrate` lets the information use integrals over the density where the score identity
    does not give it (slow; the command line turns it on); `functions` ({name: formula} or
    NAME=FORMULA items) are estimated by invariance."""
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise ParseError(f"--timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g}")
    budget = Budget(timeout)
    resolved = resolve_model(model, var=var, params=params, support=support, known=known)
    warnings: list[str] = []
    if resolved.typed:
        if normalise_check:
            warnings.extend(check_density(resolved, budget))
        else:
            warnings.append("the check that the density integrates to 1 was skipped (--no-normalise-check)")
    likelihood = build_likelihood(resolved, budget)
    solved = solve(likelihood, budget)
    estimators: dict[str, Estimator] = {}
    for solution in solved.solutions:
        value = fold_into_sums(solution.value) if solution.value is not None else None
        estimators[solution.parameter.name] = Estimator(
            solution.parameter,
            solution.method,
            value,
            familiar(solution.value) if solution.value is not None else None,
            solution.profile,
        )
        if solution.method == "numeric":
            warnings.append(f"{solution.parameter.name} has no closed-form estimator: {solution.reason}")
    checked = tuple(s.parameter for s in solved.solutions if s.method == "closed-form" and s.rule == "score")
    second_order = check_second_order(solved.loglik, checked, budget) if checked else None
    if second_order is not None and not second_order.proved:
        warnings.append(f"the second-order condition is unproved: {second_order.reason}")
    numeric = tuple(e.parameter for e in estimators.values() if not e.closed_form and e.profile is None)
    starts = starting_rules(resolved, numeric) if numeric else None
    steps = build_steps(likelihood, solved, estimators, second_order, starts)
    derivation = Derivation(resolved, likelihood, solved, second_order, steps, estimators, tuple(warnings))
    from symle.followups import with_results  # information, variance, functions: steps and JSON fields

    return with_results(derivation, budget, integrate=integrate, functions=functions, timeout=timeout)
