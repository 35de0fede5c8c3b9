"""Textbook conventions both printers share: terms with a plus sign first, the observation first."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation
from symle.algebra.sample import SampleMax, SampleMean, SampleMin
from symle.algebra.sums import observation_negated


def is_simple(expr: sp.Basic) -> bool:
    """A single symbol-like thing: log x, not log(x)."""
    simple = (sp.Symbol, sp.Indexed, SampleMean, SampleMin, SampleMax, notation.Hat, sp.NumberSymbol)
    return isinstance(expr, simple) or (isinstance(expr, sp.Number) and expr >= 0)


def bracketed_function(expr: sp.Basic) -> bool:
    """A function printed with its own brackets, Gamma(alpha), psi(r), x_i!, binom(m, x): a logarithm
    of it needs no more, log Gamma(alpha)."""
    named = (notation.FisherInformation, notation.Slope, notation.AsymptoticVariance)  # 𝓘(λ), g′(θ)
    return isinstance(expr, (sp.gamma, sp.beta, sp.polygamma, sp.binomial, sp.factorial, *named))


class WrittenSum(sp.Add):
    """A sum printed with its terms in the order they were given (the log-likelihood as a textbook
    orders it); anything SymPy rebuilds from it (a substitution, doit, evalf) is an ordinary sum."""

    def __new__(cls, *args: sp.Basic, **options: object) -> sp.Expr:
        return sp.Add.__new__(cls, *args, evaluate=False)

    @property
    def func(self) -> type[sp.Add]:  # type: ignore[override]
        return sp.Add

    def _eval_evalf(self, prec: int) -> sp.Expr:
        return sp.Add(*self.args)._eval_evalf(prec)


def textbook_order(terms: list[sp.Basic], expr: sp.Basic | None = None) -> list[sp.Basic]:
    """Terms with a plus sign first (n log lambda - lambda sum x_i; x_i - x-bar), else SymPy's order;
    a sum held unevaluated (a display form, a WrittenSum) keeps the order it was written in."""
    if isinstance(expr, WrittenSum) or isinstance(expr, sp.Add) and sp.Add(*expr.args).args != expr.args:
        return list(expr.args)
    return sorted(terms, key=sign_then_exponentials)


def data_first(arg: sp.Expr) -> sp.Expr:
    """|med - x_i| is printed |x_i - med| (and |mu - x| as |x - mu|): the observation leads, as in a
    textbook."""
    variable = isinstance(arg, sp.Add) and any(
        t.could_extract_minus_sign() and (-t).is_Symbol and (-t).name in ("x", "y") for t in arg.args
    )
    return -arg if observation_negated(arg) or variable else arg


def _rank(factor: sp.Basic, has_sum: bool) -> int:
    if isinstance(factor, notation.Indicator):
        return 6  # lambda^n e^{-lambda sum (x_i - theta)} 1{theta < x_(1)}: the indicator closes the product
    if factor.is_Number or isinstance(factor, sp.Pow) and factor.base.is_number and not factor.exp.is_number:
        return 0  # 2^n, (2/pi)^{n/2}: powers of constants first
    if factor == sp.Symbol("n", integer=True, positive=True):
        return 1  # n lambda, n alpha log beta: the sample size leads, as in a textbook
    if has_sum and isinstance(factor, sp.log) and not factor.has(sp.Indexed):
        return 5  # sum x_i log p, not log p sum x_i
    if isinstance(factor, sp.exp) or isinstance(factor, sp.log) and factor.has(sp.Indexed):
        return 4  # x_i e^{b0 + b1 x_i}, lambda^n e^{-lambda sum x_i}, x_i^k log x_i: last
    if isinstance(factor.as_base_exp()[0], sp.Product):
        return 3  # beta^{n alpha} Gamma(alpha)^{-n} (prod x_i)^{alpha - 1}: the data after the parameters
    return 2


def factor_order(factors: tuple[sp.Basic, ...] | list[sp.Basic], denominator: bool = False) -> list[sp.Basic]:
    """The factors of a product in textbook order: numbers, n, the rest as SymPy orders them, and a
    logarithm of parameters after a sum over the data; in a denominator a parenthesised sum last,
    p(1 - p)."""
    has_sum = any(f.has(sp.Sum, sp.Product) for f in factors)  # (n - sum x_i) log(1 - p) too

    def key(f: sp.Basic) -> tuple[int, bool, bool, bool, tuple]:
        compound = denominator and isinstance(f.as_base_exp()[0], sp.Add)
        below = isinstance(f, sp.Pow) and negative_power(f.exp)  # Gamma(a + b)^n Gamma(a)^{-n}
        # the observations after the parameters (b-hat_1 x_i), and among them SymPy's order at x rather
        # than x_i: the likelihood's product repeats the density's factors in the density's order,
        # x_i^{a - 1} (1 - x_i)^{b - 1} as x^{a - 1} (1 - x)^{b - 1}, lambda^2 x_i as lambda^2 x
        at_x = f.replace(lambda e: isinstance(e, sp.Indexed), lambda e: e.base.label)
        return _rank(f, has_sum), below, compound, f.has(sp.Indexed), sp.default_sort_key(at_x)

    return sorted(factors, key=key)


def simple_denominator(expr: sp.Basic) -> bool:
    """A denominator that an inline fraction a/b needs no parentheses around: b a symbol, a number,
    or a power of one."""
    if isinstance(expr, sp.Pow):
        return (is_simple(expr.base) or bracketed_function(expr.base)) and expr.exp.is_Integer
    return is_simple(expr) or bracketed_function(expr)


def _nested(expr: sp.Expr) -> bool:
    """A fraction inside a denominator: (x0 - x_i)/(1 + (x_i - x0)^2/gamma^2)."""
    _, denominator = sp.fraction(sp.factor_terms(expr))
    return any(isinstance(p, sp.Pow) and p.exp.is_negative for p in sp.preorder_traversal(denominator))


def _simpler(summand: sp.Expr, limit: int = 80) -> sp.Expr:
    """The summand over one denominator and factored, when that is shorter (and quick to find)."""
    if sp.count_ops(summand) > limit or summand.has(sp.Sum):
        return summand
    combined = sp.factor(sp.together(summand))
    if combined.atoms(sp.exp) - summand.atoms(sp.exp):  # factor splits e^{(mu - x)/b} into e^{mu/b} e^{-x/b}
        return summand
    return combined if sp.count_ops(combined) < sp.count_ops(summand) else summand


def fewer_fractions(expr: sp.Expr) -> sp.Expr:
    """Sums over the sample as a textbook writes them: a summand with a fraction in its denominator
    over one denominator (the Cauchy score 2 sum (x_i - x0)/(gamma^2 + (x_i - x0)^2)), and sums with
    the same limits added into one when that is shorter (the inverse-Gaussian score
    lambda sum (x_i - mu)/mu^3). The value is unchanged."""
    from symle.algebra.sums import tidy_sum

    def one(node: sp.Sum) -> sp.Expr:
        if len(node.limits) != 1 or not _nested(node.function):
            return node
        numerator, denominator = sp.fraction(sp.factor_terms(sp.together(node.function)))
        sign = 1
        factors = list(sp.Mul.make_args(numerator))
        for k, factor in enumerate(factors):
            if observation_negated(factor):  # (x_i - x0), not (x0 - x_i)
                factors[k], sign = -factor, -1
                break
        numerator = sp.Mul(*factors)
        return sign * tidy_sum(sp.Sum(numerator / denominator, *node.limits))

    def together(node: sp.Add) -> sp.Expr:
        groups: dict[tuple, list[tuple[sp.Expr, sp.Sum]]] = {}
        rest = []
        for term in node.args:
            coefficient, body = term.as_independent(sp.Sum, as_Add=False)
            if isinstance(body, sp.Sum) and len(body.limits) == 1 and not coefficient.has(sp.Indexed):
                groups.setdefault(body.limits, []).append((coefficient, body))
            else:
                rest.append(term)
        changed = False
        for limits, members in groups.items():
            if len(members) < 2:
                rest.extend(c * s for c, s in members)
                continue
            summand = sp.Add(*(c * s.function for c, s in members))
            simpler = _simpler(summand)
            if simpler is summand:
                rest.extend(c * s for c, s in members)
                continue
            rest.append(tidy_sum(sp.Sum(simpler, *limits)))
            changed = True
        return sp.Add(*rest) if changed else node

    def exponentials(node: sp.Mul) -> sp.Expr:
        # e^{b0} sum e^{b1 x_i}/(e^{b0} e^{b1 x_i} + 1)^2 is sum e^{b0 + b1 x_i}/(e^{b0 + b1 x_i} + 1)^2
        outside, body = node.as_independent(sp.Sum, as_Add=False)
        factors = sp.Mul.make_args(outside)
        if not isinstance(body, sp.Sum) or len(body.limits) != 1 or not any(isinstance(f, sp.exp) for f in factors):
            return node
        inside = sp.Mul(*(f for f in factors if isinstance(f, sp.exp)))
        rest = outside / inside
        return rest * sp.Sum(sp.powsimp(inside * body.function, deep=True), *body.limits)

    out = expr.replace(lambda e: isinstance(e, sp.Sum), one)
    out = out.replace(lambda e: isinstance(e, sp.Mul) and e.has(sp.Sum) and e.has(sp.exp), exponentials)
    return out.replace(lambda e: isinstance(e, sp.Add) and e.has(sp.Sum), together)


def negative_power(exponent: sp.Expr) -> bool:
    """An exponent that puts its power under the fraction bar: -1, -2 k, -alpha - 1 (not -1/2,
    which stays a power, nor 10 - x)."""
    if exponent.is_Rational:
        return bool(exponent.is_Integer and exponent < 0)
    terms = sp.Add.make_args(exponent)
    return all(t.could_extract_minus_sign() for t in terms)


def display_size(entry: str) -> str:
    """\\frac at the entry's top level (not inside another fraction or an exponent) as \\dfrac."""
    out, depth, k = [], 0, 0
    while k < len(entry):
        if entry.startswith(r"\frac", k) and depth == 0:
            out.append(r"\dfrac")
            k += len(r"\frac")
            continue
        ch = entry[k]
        depth += {"{": 1, "}": -1}.get(ch, 0)
        out.append(ch)
        k += 1
    return "".join(out)


def observation_first(arg: sp.Basic) -> sp.Expr | None:
    """-(x - mu)/s for (mu - x)/s: the exponent with the observation leading, when that takes a sign."""
    factors = sp.Mul.make_args(arg)
    sums = [f for f in factors if isinstance(f, sp.Add)]
    if len(sums) != 1 or len(factors) == 1 or arg.could_extract_minus_sign():
        return None
    (total,) = sums
    data = [t for t in total.args if t.could_extract_minus_sign() and (-t).is_Symbol and (-t).name in ("x", "y")]
    if not data and not observation_negated(total):
        return None
    return sp.Mul(*(f if f is not total else -total for f in factors), evaluate=False)


def negated_sum(expr: sp.Basic) -> sp.Expr | None:
    """alpha + 1 for -alpha - 1: a sum whose every term carries a minus sign, which a textbook writes
    with the sign outside, -(alpha + 1); None for any other expression."""
    if isinstance(expr, sp.Add) and len(expr.args) > 1 and all(t.could_extract_minus_sign() for t in expr.args):
        return -expr
    return None


def sign_pulled(expr: sp.Mul) -> tuple[bool, sp.Expr] | None:
    """(-alpha - 1) sum log x_i as (True, (alpha + 1) sum log x_i): the product with each factor that
    is a negated sum written with its sign outside; the flag says whether a minus sign is left over.
    None when no factor is a negated sum."""
    factors = sp.Mul.make_args(expr)
    flipped = [negated_sum(f) for f in factors]
    if all(f is None for f in flipped):
        return None
    negative = sum(f is not None for f in flipped) % 2 == 1
    rest = [g if g is not None else f for f, g in zip(factors, flipped, strict=True)]
    coefficient = sp.Mul(*(f for f in rest if f.is_Number))
    if coefficient.is_negative:
        negative, rest = not negative, [-f if f.is_Number else f for f in rest]
    product = sp.Mul(*rest)
    if not isinstance(product, sp.Mul) or product.could_extract_minus_sign():
        return None  # SymPy distributed a number over the sum again: nothing to gain
    return negative, product


def negated(term: sp.Basic) -> sp.Expr | None:
    """What a term of a sum prints after a minus sign, or None when it takes a plus sign: x for -x,
    (alpha + 1) sum log x_i for (-alpha - 1) sum log x_i (a sign SymPy does not see), (x - mu)/beta
    for (mu - x)/beta (the observation first); None for -(-alpha - 1) sum log x_i."""
    flipped = observation_first(term) if not term.has(sp.Sum) else None  # (mn - sum x_i) log(1 - p) stays
    if flipped is not None:
        return flipped
    if isinstance(term, sp.Mul):
        pulled = sign_pulled(term)
        if pulled is not None:
            return pulled[1] if pulled[0] else None
    return -term if term.could_extract_minus_sign() else None


def minus_sign(term: sp.Basic) -> bool:
    """Whether a term of a sum is printed after a minus sign (symle.algebra.textbook.negated)."""
    return negated(term) is not None


def sign_then_exponentials(term: sp.Basic) -> tuple[bool, bool]:
    """The order of a sum's terms: plus signs first, and among each sign the terms with an
    exponential last, -n log beta - sum (x_i - mu)/beta - sum e^{-(x_i - mu)/beta}."""
    return minus_sign(term), term.has(sp.exp)


def _plain_summand(expr: sp.Basic) -> bool:
    """x_i or x_i^2: a summand that reads clearly in a superscript."""
    base = expr.base if isinstance(expr, sp.Pow) and expr.exp.is_Integer else expr
    return isinstance(base, (sp.Symbol, sp.Indexed))


def exp_written_out(arg: sp.Expr) -> bool:
    """Whether e^arg is set exp{arg} rather than e^{arg}, one rule for every printer and every line:
    e^{-lambda x}, e^{-(x - mu)/beta}, e^{-lambda sum x_i} stay superscripts; an exponent holding
    another exponential, a fraction over a compound denominator (x^2/(2 sigma^2)), a sum over the data
    among other terms or under a fraction or of compound terms (n theta - sum x_i, sum |x_i - mu|/b),
    or many operations is written exp{...}, where it is set at full size."""
    if arg.has(sp.exp):
        return True
    terms = sp.Add.make_args(arg)
    for term in terms:
        _, denominator = sp.fraction(term)
        if denominator != 1 and not simple_denominator(denominator):
            return True
    big = arg.atoms(sp.Sum, sp.Product)
    if big:
        divided = any(sp.fraction(t)[1] != 1 for t in terms)
        if len(terms) > 1 or divided or not all(_plain_summand(s.function) for s in big):
            return True
    return sp.count_ops(arg) > 12
