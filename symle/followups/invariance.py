"""Estimators of functions of the parameters by invariance, with their delta-method variance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sympy as sp

from symle.algebra.notation import Hat
from symle.budget import Budget
from symle.echo import quoted
from symle.errors import BudgetExceeded, ModelError, ParseError, named
from symle.followups.forms import tidy
from symle.followups.information import Information, inverse
from symle.model.formula import parse_formula
from symle.model.model import Model
from symle.model.tokens import check_name
from symle.stages.estimators import Estimator


@dataclass(frozen=True)
class FunctionEstimate:
    """g(theta) named by the user: its MLE g(theta-hat) and the delta-method variance.

    `estimate` is in the data where every parameter it uses has a closed form (else None);
    `with_hats` the same written in the estimators; `variance` grad g' I^-1 grad g, or None where
    the information of a parameter it uses does not exist or is unknown."""

    name: str
    expression: sp.Expr
    with_hats: sp.Expr
    estimate: sp.Expr | None
    familiar: sp.Expr | None
    variance: sp.Expr | None


def parse_functions(items: Sequence[str] | Mapping[str, str] | None, what: str = named("function")) -> dict[str, str]:
    """`--function NAME=EXPR` items (or a mapping, a worksheet's `functions` table) as {name:
    expression text}, each name checked by the one rule of names (symle.model.tokens.check_name)
    and each expression text; `what` is the field named in an error."""
    if not items:
        return {}
    if isinstance(items, Mapping):
        pairs = list(items.items())
    elif isinstance(items, (str, Sequence)):
        pairs = []
        for item in [items] if isinstance(items, str) else items:
            if not isinstance(item, str):
                raise ParseError(f"functions: {item!r} is not text (give NAME=EXPRESSION, e.g. sd=sqrt(sigma2))")
            name, sep, text = item.partition("=")
            if not sep or not text.strip():
                raise ParseError(f"{what} {quoted(item)}: expected NAME=EXPRESSION, e.g. sd=sqrt(sigma2)")
            pairs.append((name.strip(), text.strip()))
    else:
        kind = type(items).__name__
        raise ParseError(f"functions must be NAME=EXPRESSION items or a mapping {{name: formula}}, not {kind}")
    out: dict[str, str] = {}
    for name, text in pairs:
        check_name(name, what)
        if not isinstance(text, str) or not text.strip():
            raise ParseError(f"{what} {name}: the expression must be a formula (text), e.g. sqrt(sigma2)")
        if name in out:
            raise ParseError(f"{what}: {name!r} is given twice")
        out[name] = text
    return out


def function_of(model: Model, name: str, text: str) -> sp.Expr:
    """The function's formula, in the model's parameters (known values substituted)."""
    symbols: dict[str, sp.Basic] = {p.name: p.symbol for p in (*model.parameters, *model.known_parameters)}
    if name in symbols:
        raise ModelError(f"{named('function')} {name}: the name is already a parameter")
    expression = parse_formula(text, symbols, f"{named('function')} {name}")
    values = {p.symbol: model.known[p.name] for p in model.known_parameters if model.known.get(p.name) is not None}
    expression = expression.xreplace(values)
    if not expression.free_symbols & set(model.symbols):
        raise ModelError(f"{named('function')} {name}: the expression holds no parameter of {model.name}")
    return expression


def delta_variance(expression: sp.Expr, information: Information, budget: Budget) -> sp.Expr | None:
    """grad g' I^-1 grad g over the regular parameters; None if g uses another one."""
    if information.fisher is None:
        return None
    used = expression.free_symbols
    if any(p.symbol in used for p in information.parameters if p not in information.regular):
        return None
    gradient = sp.Matrix([sp.diff(expression, p.symbol) for p in information.regular])
    try:
        with budget.guard("the delta-method variance", cap=1.0):
            value = (gradient.T * inverse(information.fisher) * gradient)[0, 0]
    except (BudgetExceeded, ValueError, ZeroDivisionError):
        return None
    return tidy(value, information.regular, budget)


def _shorter(expr: sp.Expr, budget: Budget) -> sp.Expr:
    """The cancelled form when it is shorter: n/(n - S) rather than -n/((1 - n/S) S)."""
    try:
        with budget.guard("tidying a function's estimator", cap=0.5):
            cancelled = sp.cancel(expr)
    except (BudgetExceeded, sp.PolynomialError, NotImplementedError):
        return expr
    return cancelled if sp.count_ops(cancelled) < sp.count_ops(expr) else expr


def _integer_powers(expr: sp.Expr) -> sp.Expr:
    """Integer powers evaluated in a form built unevaluated: a reciprocal of a reciprocal cancels,
    1/(n/S) is S/n, while sqrt((1/n) sum ...) stays whole (only its non-integer power is kept as built)."""
    if not isinstance(expr, sp.Basic) or not expr.args:
        return expr
    args = [_integer_powers(a) for a in expr.args]
    if isinstance(expr, sp.Pow) and args[1].is_integer:
        return sp.Pow(*args)
    if isinstance(expr, sp.Mul) and any(isinstance(a, sp.Mul) for a in args):
        return sp.Mul(*args)  # a product inside a product, as an evaluated power leaves it, is flattened
    return expr.func(*args, evaluate=False) if isinstance(expr, (sp.Add, sp.Mul, sp.Pow)) else expr.func(*args)


def estimate_function(
    model: Model,
    estimators: Mapping[str, Estimator],
    information: Information,
    name: str,
    text: str,
    budget: Budget,
) -> FunctionEstimate:
    """By invariance the MLE of g(theta) is g(theta-hat)."""
    expression = function_of(model, name, text)
    hats = {p.symbol: Hat(p.symbol) for p in model.parameters}
    used = [p for p in model.parameters if p.symbol in expression.free_symbols]
    closed = all(estimators[p.name].value is not None for p in used)
    estimate = familiar_form = None
    if closed:
        estimate = expression.xreplace({p.symbol: estimators[p.name].value for p in used})
        # the estimators' familiar forms substituted as they are: familiar() of the whole would take
        # sqrt(s^2 / xbar^2) for s / xbar, which is wrong when xbar < 0
        with sp.evaluate(False):  # sqrt((1/n) sum ...) stays whole, as the estimator of sigma2 is printed
            familiar_form = expression.xreplace({p.symbol: estimators[p.name].familiar for p in used})
        familiar_form = _integer_powers(familiar_form)
        estimate = _shorter(estimate, budget)
        radicals = any(not e.exp.is_integer for e in familiar_form.atoms(sp.Pow))
        familiar_form = familiar_form if radicals else _shorter(familiar_form, budget)  # keep sqrt((1/n) sum ...)
    variance = delta_variance(expression, information, budget)
    return FunctionEstimate(name, expression, expression.xreplace(hats), estimate, familiar_form, variance)
