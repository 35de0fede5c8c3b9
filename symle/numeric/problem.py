"""The numeric problem a derivation leaves: the profile log-likelihood in the parameters that have
no closed form, its gradient and Hessian, and where to start."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symle.algebra.logs import expand_log
from symle.algebra.sample import i, n, total
from symle.algebra.sums import expand_sums, is_sample_sum, substitute_nested
from symle.derivation import Derivation
from symle.model.model import Model, Parameter
from symle.numeric.printer import NormalSolution
from symle.stages.likelihood import region
from symle.stages.matrix import is_matrix_case
from symle.stages.maximum import CONCAVE
from symle.stages.roles import starting_rules
from symle.stages.score import derivatives


@dataclass(frozen=True)
class NumericProblem:
    """Everything the generated fitter needs, as SymPy expressions in the data.

    `closed` maps parameters with a closed form to it; `profiles` maps parameters that solve in
    closed form given the numeric ones; `numeric` are solved by Newton's method on `objective`
    (the profile log-likelihood), whose `gradient` and `hessian` are exact; `starts` says how
    each numeric parameter's starting value is chosen ("median", "below-min", "above-max", "spread",
    "mean", "inverse-mean", "one", "half", "zero"); `concave` says that the derivation proved the
    log-likelihood to have a single maximum (one start is then enough)."""

    model: Model
    closed: dict[sp.Symbol, sp.Expr]
    profiles: dict[sp.Symbol, sp.Expr]
    numeric: tuple[Parameter, ...]
    objective: sp.Expr
    gradient: tuple[sp.Expr, ...]
    hessian: tuple[tuple[sp.Expr, ...], ...]
    starts: dict[str, str]
    concave: bool = False


def numeric_problem(derivation: Derivation) -> NumericProblem:
    """The profile log-likelihood in the numeric parameters, from the derivation's reduced form."""
    model = derivation.model
    likelihood = derivation.likelihood
    fixed = {
        s.parameter.symbol: s.value for s in derivation.solved.solutions if s.rule != "score" and s.value is not None
    }
    closed = {e.parameter.symbol: e.value for e in derivation.estimators.values() if e.closed_form}
    if is_matrix_case(model):  # β̂ = (XᵀX)⁻¹Xᵀy and RSS/n, written in the sums of the data
        closed = least_squares_forms(model)
    profiles = {e.parameter.symbol: e.profile for e in derivation.estimators.values() if e.profile is not None}
    numeric = tuple(e.parameter for e in derivation.estimators.values() if not e.closed_form and e.profile is None)
    loglik = likelihood.expand_statistics(likelihood.reduced).xreplace(fixed)
    loglik = loglik.replace(is_sample_sum, _pull_out_factors)
    objective = substitute_nested(loglik, {**{k: v for k, v in closed.items() if k not in fixed}, **profiles})
    if is_matrix_case(model):  # every estimate in closed form: nothing to maximise, no sums to take for it
        objective = sp.S.Zero
    objective = expand_sums_where_separable(objective, {p.symbol for p in numeric})
    objective = _tidy_logs(objective, model)
    symbols = [p.symbol for p in numeric]
    gradient, matrix = derivatives(objective, symbols)
    hessian = tuple(tuple(matrix.row(r)) for r in range(matrix.rows))
    starts = inside_support(model, numeric, starting_rules(model, numeric))
    return NumericProblem(
        model, closed, profiles, numeric, objective, gradient, hessian, starts, proved_concave(derivation)
    )


def least_squares_forms(model: Model) -> dict[sp.Symbol, sp.Expr]:
    """The matrix form's estimators in sums over the sample: each coefficient the solution of the
    normal equations (XᵀX)β = Xᵀy (X: a column of ones for b0, then the covariates in order), and
    σ̂² = Σ(yᵢ − xᵢᵀβ̂)²/n."""
    y = model.data[i]
    columns = [sp.S.One] if any(p.name == "b0" for p in model.parameters) else []
    columns += [model.covariate_data(c)[i] for c in model.covariates]
    width = len(columns)
    gram = [
        n if r == c == 0 and columns[0] == 1 else total(columns[r] * columns[c])
        for r in range(width)
        for c in range(width)
    ]
    moments = [total(column * y) for column in columns]
    betas = [NormalSolution(k, width, *gram, *moments) for k in range(width)]
    coefficients = [p for p in model.parameters if p.name != "sigma2"]
    closed: dict[sp.Symbol, sp.Expr] = {p.symbol: b for p, b in zip(coefficients, betas, strict=True)}
    fitted = sp.Add(*(b * column for b, column in zip(betas, columns, strict=True)))
    closed[model.parameter("sigma2").symbol] = total((y - fitted) ** 2) / n
    return closed


def proved_concave(derivation: Derivation) -> bool:
    """Whether the derivation's second-order step proved a single maximum (its claim
    "maximum-<kind>"): the Hessian's minors, the information, a concave profile, a log-concave family.
    "not-concave" and "unknown", or no such step, leave it open: the fitter then tries several starts."""
    kinds = [
        claim.removeprefix("maximum-")
        for step in derivation.steps
        if step.kind == "second-order"
        for claim in step.claims
        if claim.startswith("maximum-")
    ]
    return bool(kinds) and all(kind in CONCAVE for kind in kinds)


def inside_support(model: Model, numeric: tuple[Parameter, ...], starts: dict[str, str]) -> dict[str, str]:
    """A real parameter that bounds the support (x > μ) starts beyond the data's extreme, never at the
    median, where half the observations would lie outside the support."""
    support = model.support
    rules = dict(starts)
    for p in numeric:
        if p.space.transform != "identity":
            continue
        if p.symbol in support.lower.free_symbols:
            rules[p.name] = "below-min"
        elif p.symbol in support.upper.free_symbols:
            rules[p.name] = "above-max"
    return rules


def _pull_out_factors(node: sp.Sum) -> sp.Expr:
    """sum exp((mu - x_i)/beta) = exp(mu/beta) sum exp(-x_i/beta): exponentials of sums split, and
    factors free of the index leave the sum, so a profile substituted later cancels."""
    index = node.limits[0][0]
    factors = sp.Mul.make_args(node.function)
    if not any(isinstance(f, sp.exp) for f in factors):
        return node
    summand = sp.Mul(
        *[sp.expand_power_exp(sp.exp(sp.expand_mul(f.args[0]))) if isinstance(f, sp.exp) else f for f in factors]
    )
    constant, varying = summand.as_independent(index, as_Add=False)
    return constant * sp.Sum(varying, *node.limits) if constant != 1 else node


def _tidy_logs(expr: sp.Expr, model: Model) -> sp.Expr:
    """log(1 - n r/(n r + S)) becomes log S - log(n r + S): no cancellation in floating point. A
    split that would bring in i pi (log(-log(1 - p)) forced apart) is made only as the signs allow."""
    inside = region(model)

    def scalar_log(e: sp.Basic) -> bool:
        if not isinstance(e, sp.log):
            return False
        outside_sums = e.xreplace({s: sp.Dummy() for s in e.atoms(sp.Sum)})
        return not outside_sums.has(sp.Indexed)

    def tidy(e: sp.log) -> sp.Expr:
        argument = sp.cancel(sp.together(e.args[0]))
        if model.groups:  # n(1 - ḡ) may read Σgᵢ - n over Σgᵢxᵢ - Σxᵢ: forced apart, two logs of negatives
            return expand_log(argument, inside)
        forced = sp.expand_log(sp.log(argument), force=True)
        return forced if not forced.has(sp.I) else expand_log(argument, inside)

    return expr.replace(scalar_log, tidy)


def expand_sums_where_separable(expr: sp.Expr, params: set[sp.Symbol]) -> sp.Expr:
    """Split sums whose summand is a polynomial in the parameters, so that their data parts
    become statistics computed once; sums with a parameter inside a function stay whole."""

    def separable(node: sp.Basic) -> bool:
        if not is_sample_sum(node):
            return False
        mixed = [f for f in node.function.atoms(sp.Function, sp.Abs) if f.free_symbols & params]
        return not mixed and node.function.is_polynomial(*params) if params & node.function.free_symbols else False

    return expr.replace(separable, lambda node: expand_sums(node))
