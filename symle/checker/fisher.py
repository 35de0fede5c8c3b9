"""The n-observation Fisher information and the asymptotic variances, for the `fisher` and
`variance` steps: I(theta) = -E[Hessian of log L], with E[sum g(x_i)] = n E[g(X)]."""

from __future__ import annotations

import sympy as sp

from symle.algebra.sample import n
from symle.algebra.sums import expand_sums, is_sample_sum
from symle.budget import Budget
from symle.errors import BudgetExceeded, SymleError
from symle.model.formula import parse_expression
from symle.model.model import Model
from symle.stages.derivation import Derivation

EXPECTATION_SECONDS = 3.0


def _expectation(model: Model, g: sp.Expr, budget: Budget) -> sp.Expr:
    """E[g(X)] for one observation, by integration or summation over the support."""
    x = model.var
    density = model.density
    support = model.support
    with budget.guard("taking an expectation for the Fisher information", cap=EXPECTATION_SECONDS):
        if support.values is not None:
            value = sum((g * density).xreplace({x: v}) for v in support.values)
        elif support.discrete:
            value = sp.summation(g * density, (x, support.lower, support.upper))
        else:
            value = sp.integrate(g * density, (x, support.lower, support.upper), conds="none")
        value = sp.simplify(value)
    if value.has(sp.Integral, sp.Sum) or not value.is_finite and value.is_finite is not None:
        raise BudgetExceeded("the expectation has no closed form")
    return value


def _expect(model: Model, expr: sp.Expr, budget: Budget) -> sp.Expr:
    """E of an expression in sample sums: each sum of g(x_i) becomes n E[g(X)]."""
    expanded = expand_sums(sp.expand(expr))
    replaced: dict[sp.Basic, sp.Expr] = {}
    for node in expanded.atoms(sp.Sum):
        if not is_sample_sum(node):
            raise BudgetExceeded("a nested sum")
        index = node.limits[0][0]
        scalar = node.function.xreplace({model.data[index]: model.var})
        if scalar.has(sp.Indexed):
            raise BudgetExceeded("a sum symle cannot take the expectation of")
        replaced[node] = n * _expectation(model, scalar, budget)
    return sp.simplify(expanded.xreplace(replaced))


_CACHE: dict[tuple[object, ...], sp.Matrix | None] = {}


def _key(model: Model) -> tuple[object, ...]:
    return (model.name, model.density, model.var, model.parameters, tuple(model.known.items()), model.support)


def _compute(derivation: Derivation, seconds: float) -> sp.Matrix | None:
    model = derivation.model
    budget = Budget(seconds)
    if model.support.parameters_in_bounds(model.symbols):
        return None  # the support moves with a parameter: the regularity conditions fail
    loglik = derivation.likelihood.loglik
    symbols = model.symbols
    try:
        rows = []
        for a in symbols:
            row = []
            for b in symbols:
                row.append(-_expect(model, sp.diff(loglik, a, b), budget))
            rows.append(row)
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    return sp.Matrix(rows)


def _symbols(model: Model) -> dict[str, sp.Basic]:
    symbols: dict[str, sp.Basic] = {"n": n}
    symbols.update({p.name: p.symbol for p in (*model.parameters, *model.known_parameters)})
    return symbols


def _from_derivation(derivation: Derivation) -> sp.Matrix | None:
    """The information the engine put in the derivation (`extras`, as printed in its JSON), read
    back with the model's own symbols, so the checker expects what `symle derive` shows."""
    rows = (derivation.extras or {}).get("fisher_information")
    size = len(derivation.model.parameters)
    square = isinstance(rows, list) and len(rows) == size
    if not square or any(not isinstance(row, list) or len(row) != size for row in rows):  # type: ignore[union-attr]
        return None
    symbols = _symbols(derivation.model)
    try:
        return sp.Matrix([[parse_expression(str(c), symbols) for c in row] for row in rows])  # type: ignore[union-attr]
    except SymleError:
        return None


def information(derivation: Derivation, seconds: float = 8.0) -> sp.Matrix | None:
    """The Fisher information matrix of n observations, or None when symle cannot find it
    (remembered per model: a batch of submissions asks for the same one again and again)."""
    key = _key(derivation.model)
    if key not in _CACHE:
        _CACHE[key] = _from_derivation(derivation) or _compute(derivation, seconds)
    return _CACHE[key]


def asymptotic_variance(derivation: Derivation, parameter: str, seconds: float = 8.0) -> sp.Expr | None:
    """The parameter's diagonal entry of the inverse information."""
    matrix = information(derivation, seconds)
    if matrix is None:
        return None
    names = [p.name for p in derivation.model.parameters]
    k = names.index(parameter)
    try:
        inverse = matrix.inv()
    except (ValueError, ZeroDivisionError):
        return None
    return sp.simplify(inverse[k, k])
