"""The orchestrator: model -> likelihood -> solution -> second order -> steps, one pure pipeline."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from symle.algebra.notation import Hat
from symle.algebra.sample import SampleMax, SampleMean, SampleMedian, SampleMin
from symle.algebra.sums import canonical_indices
from symle.budget import Budget
from symle.errors import BudgetExceeded, ModelError, ParseError
from symle.model.catalogue import FAMILIES, coefficients, family
from symle.model.formula import parse_formula, split_names
from symle.model.model import DOMAINS, Model, Parameter, build_model, parse_known
from symle.numeric.problem import starting_rules
from symle.stages.derivation import Derivation, Estimator
from symle.stages.familiar import familiar, fold_into_sums, has_nested_sums
from symle.stages.likelihood import build_likelihood
from symle.stages.matrix import derive_matrix, is_matrix_case
from symle.stages.secondorder import check_second_order
from symle.stages.solve import Solved, solve
from symle.stages.steps import build_steps

NORMALISE_SECONDS = 3.0
MAX_TIMEOUT = 3600.0


def _typed_parameters(
    text: str | Sequence[str], density: str, var: str, support: str | None, covariates: Sequence[str] = ()
) -> list[Parameter]:
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
    symbols.update({c: sp.Symbol(c, real=True) for c in covariates})
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
    response: str | None = None,
    covariates: str | Sequence[str] | None = None,
) -> Model:
    """A catalogue name or a typed density (with var and params) as a Model; `response` and
    `covariates` make it a conditional model (regression), `response` taking the place of var."""
    if isinstance(model, Model):
        return model
    known_values = parse_known(known)
    if response is not None and var is not None:
        raise ModelError("give --response or --var, not both")
    covariate_names = _names(covariates, "--covariates")
    if response is not None:
        split_names(response, "--response")
    if params is None and model in FAMILIES and (var is not None or support is not None):
        raise ModelError(f"{model} is a catalogue family: --var and --support apply only to a typed density")
    if params is None and var is None and support is None:
        entry = family(model) if model in FAMILIES or _looks_like_name(model) else None
        if entry is None:
            raise ModelError("a typed density needs --params (and --var unless the variable is x)")
        if (response is not None or covariate_names) and not entry.covariates:
            raise ModelError(f"{entry.name} is not a regression model: --response and --covariates do not apply")
        density, parameters, names = entry.density, (*entry.constants, *entry.parameters), ()
        if entry.covariates:
            names = covariate_names or entry.covariates
            slopes, predictor = coefficients(entry, names)
            density = density.replace("eta", predictor)
            parameters = (*slopes, *parameters)
        return build_model(
            entry.name,
            density,
            response or entry.var,
            parameters,
            entry.support,
            known_values,
            typed=False,
            required_known=[c.name for c in entry.constants],
            covariates=names,
        )
    if params is None:
        raise ModelError("a typed density needs --params, e.g. --params lambda")
    variable = response if response is not None else "x" if var is None else var
    split_names(variable, "--var")
    parameters = _typed_parameters(params, model, variable, support, covariate_names)
    return build_model(
        model, model, variable, parameters, support, known_values, typed=True, covariates=covariate_names
    )


def _names(text: str | Sequence[str] | None, what: str) -> tuple[str, ...]:
    if text is None:
        return ()
    return tuple(split_names(text if isinstance(text, str) else ",".join(text), what))


def _looks_like_name(text: str) -> bool:
    return all(c.isalnum() or c == "-" for c in text)


def check_density(model: Model, budget: Budget) -> list[str]:
    """Refuse a typed density that is negative on its support or does not integrate (sum) to 1,
    where SymPy or a numeric check can tell within the budget; otherwise return a warning."""
    x = model.var
    trial = {
        p.symbol: {
            "positive": sp.Rational(13, 10),
            "real": sp.Rational(2, 5),
            "probability": sp.Rational(7, 20),
            "integer": sp.Integer(3),
        }[p.domain]
        for p in model.parameters
    }
    for p in model.known_parameters:
        if model.known.get(p.name) is None:
            trial[p.symbol] = {
                "positive": sp.Rational(13, 10),
                "real": sp.Rational(2, 5),
                "probability": sp.Rational(7, 20),
                "integer": sp.Integer(3),
            }[p.domain]
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
                total = (
                    sp.summation(density, (x, lower, upper))
                    if support.values is None
                    else sum(density.xreplace({x: v}) for v in support.values)
                )
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


def familiar_forms(solved: Solved) -> dict[sp.Symbol, sp.Expr]:
    """Each closed-form estimator as a textbook prints it. Where the data-only form nests sums
    (the log-normal's variance, a regression's intercept), the estimator is shown as its own
    score's root with the other estimates as hats: mu-hat = y-bar - b1-hat x-bar."""
    direct = {s.parameter.symbol: familiar(s.value) for s in solved.solutions if s.value is not None}
    atomic = {
        p: v for p, v in direct.items() if v.is_Atom or isinstance(v, (SampleMean, SampleMin, SampleMax, SampleMedian))
    }
    shown = {}
    for solution in solved.solutions:
        symbol = solution.parameter.symbol
        if symbol not in direct:
            continue
        if has_nested_sums(direct[symbol]) and solution.root is not None:
            others = {p: atomic.get(p, Hat(p)) for p in direct if p != symbol}
            shown[symbol] = familiar(solution.root.xreplace(others))
        else:
            shown[symbol] = direct[symbol]
    return shown


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
    response: str | None = None,
    covariates: str | Sequence[str] | None = None,
) -> Derivation:
    """Derive the maximum-likelihood estimators of a catalogue family or a typed density.

    `integrate` lets the information use integrals over the density where the score identity
    does not give it (slow; the command line turns it on); `functions` ({name: formula} or
    NAME=FORMULA items) are estimated by invariance."""
    if not (isinstance(timeout, (int, float)) and math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise ParseError(f"--timeout must be a positive number of seconds, at most {MAX_TIMEOUT:g}")
    budget = Budget(timeout)
    resolved = resolve_model(
        model, var=var, params=params, support=support, known=known, response=response, covariates=covariates
    )
    if is_matrix_case(resolved):
        return derive_matrix(resolved, budget)
    warnings: list[str] = []
    if resolved.typed:
        if normalise_check:
            warnings.extend(check_density(resolved, budget))
        else:
            warnings.append("the check that the density integrates to 1 was skipped (--no-normalise-check)")
    try:
        likelihood = build_likelihood(resolved, budget)
    except BudgetExceeded as exc:
        raise BudgetExceeded(f"{exc}; give it more time with --timeout (now {timeout:g} s)") from None
    solved = solve(likelihood, budget)
    estimators: dict[str, Estimator] = {}
    shown = familiar_forms(solved)
    for solution in solved.solutions:
        value = canonical_indices(fold_into_sums(solution.value)) if solution.value is not None else None
        estimators[solution.parameter.name] = Estimator(
            solution.parameter, solution.method, value, shown.get(solution.parameter.symbol), solution.profile
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
    from symle.followups.steps import with_results  # information, variance, functions: steps and JSON fields

    return with_results(derivation, budget, integrate=integrate, functions=functions, timeout=timeout)
