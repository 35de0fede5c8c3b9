"""How a test statistic is written: in the textbook's terms (Σxᵢ as nx̄, Σxᵢ² beside it as
Σ(xᵢ − x̄)² + nx̄²), logarithms combined and in the textbook's order, and, where that is shorter, in terms
of the tested parameter's estimate: n(σ̂² − 1 − log σ̂²) rather than S − n − n log(S/n)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping

import sympy as sp

from symle.algebra.logs import sign_of
from symle.algebra.notation import Hat
from symle.algebra.printing import text
from symle.algebra.sample import SampleMean, n, total
from symle.algebra.textbook import WrittenSum
from symle.model.model import Model
from symle.stages.likelihood import Likelihood, region


class Textbook:
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


def ratio(expr: sp.Expr, spread: sp.Symbol | None = None) -> sp.Expr:
    """One factored fraction; a part holding Σ(xᵢ − x̄)² kept as it plus the rest factored:
    Σ(xᵢ − x̄)² + n(x̄ − μ₀)², never expanded."""
    numerator, denominator = sp.fraction(sp.factor(sp.cancel(sp.together(expr))))
    squares = sp.sqf(numerator)  # n(λ̂² − λ₀²)², narrower than n(λ̂ − λ₀)²(λ̂ + λ₀)²
    numerator = squares if _width(squares) < _width(numerator) else numerator
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
    out = min((ratio(rest, spread), sp.expand(rest)), key=_width)  # σ̂² − 1, never (σ̂ − 1)(σ̂ + 1)
    for coefficient, argument in groups.items():
        if argument == 1:
            continue
        top, bottom = sp.fraction(sp.cancel(sp.together(argument)))
        data_below = bottom.has(*data) and not top.has(*data)  # − n log(S/(nσ₀²)), never n log(nσ₀²/S)
        data_above = top.has(*data) and not bottom.has(*data)
        negative = sp.Mul(coefficient).could_extract_minus_sign()
        beside = _term_ratio(rest, argument)  # 2n(α₀/α̂ − 1 − log(α₀/α̂)): the logarithm of the ratio beside it
        if beside is not None:
            if beside != argument:
                coefficient, argument = -coefficient, beside
        elif top == 1 or data_below or (negative and bottom != 1 and not data_above):
            coefficient, argument = -coefficient, 1 / argument  # −2n log(λ₀x̄), never 2n log(1/(λ₀x̄))
        out += coefficient * sp.log(_shorter_argument(argument), evaluate=False)
    return sp.factor_terms(out)


def _term_ratio(rest: sp.Expr, argument: sp.Expr) -> sp.Expr | None:
    """`argument` or its reciprocal when a term of `rest` is it times a factor free of its symbols."""
    for term in sp.Add.make_args(sp.expand(rest)):
        for candidate in (argument, 1 / argument):
            quotient = sp.cancel(term / candidate)
            if quotient != 0 and not term.is_number and not quotient.free_symbols & candidate.free_symbols:
                return candidate
    return None


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


def one_first(expr: sp.Expr) -> sp.Expr:
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
    return one_plus if _width(one_plus) < _width(plain) else plain


def with_estimates(
    expr: sp.Expr,
    estimates: Mapping[sp.Symbol, sp.Expr],
    written: Callable[[sp.Expr, Mapping[sp.Basic, sp.Expr]], sp.Expr],
    keep: Collection[sp.Symbol] = (),
) -> sp.Expr:
    """`expr` (a statistic in the stand-in statistics) written with the estimates θ̂ = `estimates[θ]` in
    place of statistics, one at a time, each where θ̂ = its formula is solved by exactly one value of a
    statistic and the result is no longer: n(σ̂² − 1 − log σ̂²), not S − n − n log(S/n). A statistic in
    `keep` stays (x̄ is how textbooks write a mean). `written` tidies a statistic; its mapping (the
    estimates' names) is applied before the terms are put in order."""
    names: dict[sp.Basic, sp.Expr] = {}
    replaced: dict[sp.Symbol, sp.Expr] = {}
    best = written(expr, names)
    for theta, formula in estimates.items():
        hat = sp.Dummy("hat", **theta.assumptions0)
        estimate = formula.xreplace(replaced)  # σ̂² after Σ log xᵢ = nμ̂: (Σ (log xᵢ)² − nμ̂²)/n
        for statistic in sorted(estimate.free_symbols & expr.free_symbols, key=str):
            if not isinstance(statistic, sp.Dummy) or statistic in keep:
                continue
            solution = solved_for(statistic, hat, estimate)
            if solution is None:
                continue
            candidate = written(expr.xreplace({statistic: solution}), {**names, hat: Hat(theta)})
            if statistic not in candidate.free_symbols and _width(candidate) <= _width(best):
                expr, best = expr.xreplace({statistic: solution}), candidate
                names[hat] = Hat(theta)
                replaced = {k: v.xreplace({statistic: solution}) for k, v in replaced.items()}
                replaced[statistic] = solution
                break
    return best


def solved_for(statistic: sp.Symbol, hat: sp.Symbol, formula: sp.Expr) -> sp.Expr | None:
    """The statistic's value in the estimate: the one root of the estimator's own equation `hat` = `formula`
    solved for `statistic` (Σtᵢᵏ = λ̂ᵏΣδᵢ, Σ(xᵢ − x̄)² = nσ̂²), else None."""
    u = sp.Dummy("u", **statistic.assumptions0)
    roots = sp.solve(sp.Eq(hat, formula.xreplace({statistic: u})), u)
    return roots[0] if len(roots) == 1 and not roots[0].has(u, statistic) else None


def _width(expr: sp.Expr) -> int:
    """How wide a formula prints: the measure of which of two equal forms a reader takes in faster."""
    return len(text(expr))
