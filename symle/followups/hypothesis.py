"""Tests of H₀: θ = θ₀ for one parameter: the likelihood-ratio, Wald and score statistics, derived
symbolically where every estimator has a closed form (the other parameters profiled out), each
written in the textbook's terms (x̄, Σ(xᵢ − x̄)²); where one has none, the statistics stay
formulas in ℓ and are evaluated numerically by `symle fit --test`."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from symle.algebra.logs import sign_of
from symle.algebra.notation import Null
from symle.algebra.sample import SampleMean, n, total
from symle.algebra.textbook import WrittenSum
from symle.budget import Budget
from symle.echo import quoted
from symle.errors import BudgetExceeded, ModelError, ParseError
from symle.followups.information import Information
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood, region
from symle.stages.step import listed, prose

_NUMBER = re.compile(r"[+-]?(?:\d{1,15}(?:\.\d{0,15})?|\.\d{1,15})(?:[eE][+-]?\d{1,3})?(?:/\d{1,15})?")


@dataclass(frozen=True)
class HypothesisTest:
    """H₀: `parameter` = `null` (a number, or Null(θ) where no value was given) against θ ≠ θ₀.

    `others` are the parameters profiled out under H₀ and `restricted` their estimates there; `lr`,
    `wald` and `score` the three statistics in the data's terms, None where they have no closed
    form (`why` says why: they are then evaluated numerically); `df` the χ² degrees of freedom."""

    parameter: str
    null: sp.Expr
    others: tuple[sp.Symbol, ...]
    restricted: Mapping[sp.Symbol, sp.Expr]
    lr: sp.Expr | None
    wald: sp.Expr | None
    score: sp.Expr | None
    why: str = ""
    df: int = 1

    @property
    def closed(self) -> bool:
        return self.lr is not None


def parse_test(item: str | None, what: str = "--test") -> tuple[str, ...]:
    """`NAME` or `NAME=VALUE` as (name,) or (name, value text); the value is checked against the
    model later (null_value)."""
    if not isinstance(item, str) or not item.strip():
        raise ParseError(f"{what}: give a parameter, or PARAMETER=VALUE, e.g. lambda=1")
    name, sep, value = item.partition("=")
    name = name.strip()
    if not name:
        raise ParseError(f"{what} {quoted(item)}: give a parameter, or PARAMETER=VALUE, e.g. lambda=1")
    if sep and not value.strip():
        raise ParseError(f"{what} {quoted(item)}: the value after '=' is missing (e.g. {name}=1)")
    return (name, value.strip()) if sep else (name,)


def null_value(model: Model, name: str, text: str | float | None, what: str = "--test") -> sp.Expr | None:
    """The value under H₀ as an exact number, checked to be a parameter of the model and inside its
    space (λ = −1 is no exponential); None where no value is given."""
    names = [p.name for p in model.parameters]
    if name not in names:
        known = f" ({name} is given with --known)" if name in model.known else ""
        listing = ", ".join(names)
        raise ModelError(f"{what} {quoted(name)}: not a parameter of {model.name}{known}; its parameters: {listing}")
    if text is None:
        return None
    if isinstance(text, bool) or not isinstance(text, (str, int, float, Fraction)):
        raise ParseError(f"{what} {name}: the value must be a number, not {type(text).__name__}")
    if isinstance(text, str) and not _NUMBER.fullmatch(text.strip()):
        raise ParseError(f"{what} {name}={quoted(text)}: the value is not a number (give e.g. {name}=1 or 1/2)")
    try:
        value = sp.Rational(str(text).strip()) if isinstance(text, str) else sp.nsimplify(text, rational=True)
    except (TypeError, ValueError, ZeroDivisionError):
        raise ParseError(f"{what} {name}={quoted(str(text))}: the value is not a finite number") from None
    if not value.is_finite:
        raise ParseError(f"{what} {name}={quoted(str(text))}: the value is not a finite number")
    parameter = next(p for p in model.parameters if p.name == name)
    inside = parameter.space.contains(float(value)) and (
        parameter.interval is None or parameter.interval.contains(float(value))
    )
    if not inside:
        where = parameter.interval.text() if parameter.interval is not None else parameter.space.name
        raise ModelError(f"{what} {name}={text}: the value is outside the parameter space of {name} ({where})")
    return value


def refuse_irregular(model: Model, name: str) -> None:
    """A restricted space (θ ∈ [0, 1/2]: the estimator a projection, which these derivations do not
    follow), a whole-number parameter (no χ²₁ limit), covariates or censoring (not followed yet): no
    test is given."""
    if model.censoring is not None:
        raise ModelError(f"--test {name}: tests are not given for censored data yet")
    if model.weighting is not None:
        raise ModelError(f"--test {name}: tests are not given for weighted data yet")
    if model.covariates:
        raise ModelError(f"--test {name}: tests are derived for models without covariates")
    if any(p.interval is not None for p in model.parameters):
        raise ModelError(f"--test {name}: tests are not given on a restricted parameter space yet")
    if any(p.space.integer for p in model.parameters):
        raise ModelError(f"--test {name}: tests are not given for a model with a whole-number parameter")


def hypothesis_test(
    model: Model,
    likelihood: Likelihood,
    estimators: Mapping[str, Estimator],
    info: Information | None,
    test: Sequence[str],
    budget: Budget,
) -> HypothesisTest:
    """The three statistics for H₀: θ = θ₀, `test` being (name,) or (name, value text)."""
    name = test[0]
    value = null_value(model, name, test[1] if len(test) > 1 else None)
    parameter = next(p for p in model.parameters if p.name == name)
    theta = parameter.symbol
    refuse_irregular(model, name)
    if theta in model.support.parameters_in_bounds(model.symbols):
        raise ModelError(
            f"--test {name}: {name} bounds the support, where the likelihood is not differentiable and the "
            "likelihood-ratio statistic has no χ² limit"
        )
    shown_null = Null(theta) if value is None else value
    others = tuple(p.symbol for p in model.parameters if p.name != name)
    numeric = [e.parameter.name for e in estimators.values() if not e.closed_form]
    if numeric:
        symbols = [e.parameter.symbol for e in estimators.values() if not e.closed_form]
        verb = " has no closed-form estimator" if len(numeric) == 1 else " have no closed-form estimators"
        why = prose(listed(symbols), verb)
        return HypothesisTest(name, shown_null, others, {}, None, None, None, why)
    null = sp.Symbol(f"{name}_0", **theta.assumptions0) if value is None else value
    try:
        with budget.guard("the test statistics", cap=5.0):
            return _derived(model, likelihood, info, theta, null, shown_null, others)
    except (BudgetExceeded, _NoClosedForm) as exc:
        why = str(exc) if isinstance(exc, _NoClosedForm) else "simplifying them took too long"
        return HypothesisTest(name, shown_null, others, {}, None, None, None, why)


class _NoClosedForm(Exception):
    """The score equations gave no single solution in the statistics."""


def _derived(
    model: Model,
    likelihood: Likelihood,
    info: Information | None,
    theta: sp.Symbol,
    null: sp.Expr,
    shown_null: sp.Expr,
    others: tuple[sp.Symbol, ...],
) -> HypothesisTest:
    reduced = likelihood.reduced
    symbols = tuple(p.symbol for p in model.parameters)
    full = _solution(reduced, symbols)
    under = reduced.xreplace({theta: null})
    restricted = _solution(under, others) if others else {}
    restricted = {**restricted, theta: null}
    lr = 2 * (reduced.xreplace(full) - reduced.xreplace(restricted))
    wald = score = None
    if info is not None and info.fisher is not None and [p.symbol for p in info.regular] == list(symbols):
        k = symbols.index(theta)
        inverse = info.fisher.inv()[k, k]
        wald = (full[theta] - null) ** 2 / inverse.xreplace(full)
        score = sp.diff(reduced, theta).xreplace(restricted) ** 2 * inverse.xreplace(restricted)
    textbook = _Textbook(model, likelihood)
    shown = {null: shown_null} if isinstance(null, sp.Symbol) else {}

    def final(expr: sp.Expr | None, logs: bool) -> sp.Expr | None:
        if expr is None:
            return None
        substituted = textbook.substitute(expr)
        tidied = tidy(substituted, textbook.spread) if logs else _ratio(substituted, textbook.spread)
        return logs_last(_one_first(textbook.display(tidied).xreplace(shown)))

    profiled = {s: final(restricted[s], False) for s in others}
    name = next(p.name for p in model.parameters if p.symbol == theta)
    return HypothesisTest(name, shown_null, others, profiled, final(lr, True), final(wald, False), final(score, False))


def _solution(loglik: sp.Expr, symbols: Sequence[sp.Symbol]) -> dict[sp.Symbol, sp.Expr]:
    """The one stationary point of the (reduced) log-likelihood in `symbols`, in the statistics."""
    equations = [sp.together(sp.diff(loglik, s)) for s in symbols]
    found = sp.solve(equations, list(symbols), dict=True)
    found = [f for f in found if all(s in f and not f[s].has(*symbols) for s in symbols)]
    found = [f for f in found if all(f[s].is_positive is not False or not s.is_positive for s in symbols)]
    if len(found) != 1:
        raise _NoClosedForm("the score equations have no single solution in closed form")
    return found[0]


class _Textbook:
    """The statistics T_k as the textbook writes them: Σxᵢ as nx̄, Σxᵢ² beside it as
    Σ(xᵢ − x̄)² + nx̄², any other as its sum over the data."""

    def __init__(self, model: Model, likelihood: Likelihood) -> None:
        x = model.var
        terms = {s.symbol: s.term for s in likelihood.statistics}
        nonnegative = model.support.lower.is_nonnegative is True
        self.mean = sp.Dummy("xbar", positive=True) if nonnegative else sp.Dummy("xbar", real=True)
        self.spread = sp.Dummy("S", positive=True)
        data = model.observation(x)
        self.data = data
        self.shown: dict[sp.Basic, sp.Expr] = {
            self.mean: SampleMean(data.base),
            self.spread: total((data - SampleMean(data.base)) ** 2),
        }
        self.rules: dict[sp.Symbol, sp.Expr] = {}
        linear = [T for T, t in terms.items() if t == x]
        inside = region(model)
        for T, t in terms.items():
            if t == x:
                self.rules[T] = n * self.mean
            elif t == x**2 and linear:
                self.rules[T] = self.spread + n * self.mean**2
            else:
                sign = sign_of(t, inside)  # Σ log xᵢ < 0 on 0 < x < 1: its logarithms need the sign
                signed = {"positive": True} if sign > 0 else {"negative": True} if sign < 0 else {}
                stand_in = sp.Dummy(T.name, **(signed or T.assumptions0))
                self.rules[T] = stand_in
                self.shown[stand_in] = total(model.observation(t))

    def substitute(self, expr: sp.Expr) -> sp.Expr:
        return expr.xreplace(self.rules)

    def display(self, expr: sp.Expr) -> sp.Expr:
        folded = expr.replace(lambda e: isinstance(e, sp.Add) and e.has(self.spread), self._about)
        return folded.xreplace(self.shown)

    def _about(self, part: sp.Expr) -> sp.Expr:
        """Σ(xᵢ − x̄)² + n(x̄ − a)² + r as Σ(xᵢ − a)² + r, the one sum it is (a, r free of x̄); with
        −Σ(xᵢ − x̄)², the same negated."""
        sign = 1 if self.spread in part.args else -1 if -self.spread in part.args else 0
        if not sign:
            return part
        rest = sp.expand(sign * part - self.spread)
        if not rest.is_polynomial(self.mean) or sp.degree(rest, self.mean) != 2 or rest.coeff(self.mean, 2) != n:
            return part
        centre = sp.cancel(-rest.coeff(self.mean, 1) / (2 * n))
        left = sp.expand(rest - n * (self.mean - centre) ** 2)
        if centre.has(self.mean, self.spread) or left.has(self.mean, self.spread):
            return part
        return sign * (total((self.data - centre) ** 2) + sp.factor(left))


def _ratio(expr: sp.Expr, spread: sp.Symbol | None = None) -> sp.Expr:
    """One factored fraction; a part holding Σ(xᵢ − x̄)² kept as it plus the rest factored:
    Σ(xᵢ − x̄)² + n(x̄ − μ₀)², never expanded."""
    numerator, denominator = sp.fraction(sp.factor(sp.cancel(sp.together(expr))))
    return _around(numerator, spread) / _around(denominator, spread)


def _around(part: sp.Expr, spread: sp.Symbol | None) -> sp.Expr:
    if spread is None or not part.has(spread):
        return part
    expanded = sp.expand(part)
    if not expanded.is_polynomial(spread) or sp.degree(expanded, spread) != 1:
        return part
    slope, rest = expanded.coeff(spread), expanded.coeff(spread, 0)
    return sp.factor(slope) * spread + sp.factor(rest)


def tidy(expr: sp.Expr, spread: sp.Symbol | None = None) -> sp.Expr:
    """A sum of rational terms and logarithms as a textbook writes it: the logarithms with equal
    coefficients (or opposite ones) combined into one, log(A/B) as log(1 + (A − B)/B) where that is
    shorter, the rest as one factored fraction, and the common factor taken out: 2n(λ₀x̄ − 1 − log(λ₀x̄))."""
    flipped = {s: -sp.Dummy(s.name, positive=True) for s in expr.free_symbols if s.is_negative}
    if flipped:  # log(−n/Σ log xᵢ) split by force would give iπ: split the logarithms of −s, s < 0, instead
        back = {-value: -key for key, value in flipped.items()}
        return sp.factor_terms(tidy(expr.xreplace(flipped), spread).xreplace(back))
    expanded = sp.expand(sp.expand_log(sp.expand(expr), force=True))
    data = [s for s in expanded.free_symbols if isinstance(s, sp.Dummy)]  # x̄, Σ(xᵢ − x̄)², other sums
    groups: dict[sp.Expr, sp.Expr] = {}
    rest = sp.S.Zero
    for term in sp.Add.make_args(expanded):
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(logs) != 1:
            rest += term
            continue
        coefficient = sp.cancel(term / logs[0])
        opposite = -coefficient
        if opposite in groups:
            groups[opposite] = groups[opposite] / logs[0].args[0]
        else:
            groups[coefficient] = groups.get(coefficient, sp.S.One) * logs[0].args[0]
    out = _ratio(rest, spread)
    for coefficient, argument in groups.items():
        if argument == 1:
            continue
        top, bottom = sp.fraction(sp.cancel(sp.together(argument)))
        data_below = bottom.has(*data) and not top.has(*data)  # − n log(S/(nσ₀²)), never n log(nσ₀²/S)
        data_above = top.has(*data) and not bottom.has(*data)
        negative = sp.Mul(coefficient).could_extract_minus_sign()
        if top == 1 or data_below or (negative and bottom != 1 and not data_above):
            coefficient, argument = -coefficient, 1 / argument  # −2n log(λ₀x̄), never 2n log(1/(λ₀x̄))
        out += coefficient * sp.log(_shorter_argument(argument), evaluate=False)
    return sp.factor_terms(out)


def logs_last(expr: sp.Expr) -> sp.Expr:
    """The sum inside a statistic's common factor in the textbook's order, held unevaluated: added
    logarithms, the other terms (subtracted ones, then numbers, last), subtracted logarithms:
    2n(λ₀x̄ − 1 − log(λ₀x̄)), 2n(x̄ log(x̄/λ₀) + λ₀ − x̄)."""
    factors = sp.Mul.make_args(expr)
    sums = [f for f in factors if isinstance(f, sp.Add) and f.has(sp.log)]
    if len(sums) != 1:
        return expr
    (body,) = sums
    terms = sp.Add.make_args(body)

    def place(term: sp.Expr) -> tuple[int, bool, bool]:
        negative = term.could_extract_minus_sign()
        if term.has(sp.log):
            return (2 if negative else 0, False, False)
        return (1, bool(term.is_number), negative)

    ordered = sp.Add(*sorted(terms, key=place), evaluate=False)
    rest = [f for f in factors if f is not body]
    return sp.Mul(*rest, ordered, evaluate=False) if rest else ordered


def _one_first(expr: sp.Expr) -> sp.Expr:
    """log(1 + n(x̄ − μ₀)²/Σ(xᵢ − x̄)²), the 1 first as a textbook writes it, never last."""

    def reordered(logarithm: sp.log) -> sp.log:
        terms = sp.Add.make_args(logarithm.args[0])
        numbers = [t for t in terms if t.is_number]
        rest = [t for t in terms if not t.is_number]
        return sp.log(WrittenSum(*numbers, *rest), evaluate=False)

    return expr.replace(lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.Add), reordered)


def _shorter_argument(argument: sp.Expr) -> sp.Expr:
    """A/B, or 1 + (A − B)/B where that is shorter: log(1 + n(x̄ − μ₀)²/Σ(xᵢ − x̄)²)."""
    numerator, denominator = sp.fraction(sp.cancel(sp.together(argument)))
    plain = sp.factor(numerator) / sp.factor(denominator)
    excess = sp.factor(sp.expand(numerator - denominator))
    if denominator == 1:
        return plain
    one_plus = sp.Add(sp.S.One, excess / denominator, evaluate=False)
    return one_plus if sp.count_ops(one_plus) < sp.count_ops(plain) else plain
