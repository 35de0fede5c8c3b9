"""Textbook conventions both printers share: terms with a plus sign first, the observation first."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

import sympy as sp

from symle.algebra import notation
from symle.algebra.sample import SampleMax, SampleMean, SampleMin, n
from symle.algebra.signs import printed_negative, sign_everywhere, sign_pulled
from symle.algebra.sums import observation_negated


def is_simple(expr: sp.Basic) -> bool:
    """A single symbol-like thing: log x, not log(x)."""
    simple = (sp.Symbol, sp.Indexed, SampleMean, SampleMin, SampleMax, notation.Hat, sp.NumberSymbol)
    return isinstance(expr, simple) or (isinstance(expr, sp.Number) and expr >= 0)


def bracketed_function(expr: sp.Basic) -> bool:
    """A function printed with its own brackets, Gamma(alpha), psi(r), x_i!, binom(m, x), a profile
    beta-hat(alpha): a logarithm of it needs no more, log Gamma(alpha), log beta-hat(alpha)."""
    named = (notation.FisherInformation, notation.Slope, notation.AsymptoticVariance, notation.Profile)  # 𝓘(λ), g′(θ)
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


def _root(term: sp.Basic) -> bool:
    """A term that is a square root times a coefficient: the quadratic formula's."""
    return any(isinstance(f, sp.Pow) and f.exp == sp.S.Half for f in sp.Mul.make_args(term))


def textbook_order(terms: list[sp.Basic], expr: sp.Basic | None = None) -> list[sp.Basic]:
    """Terms with a plus sign first (n log lambda - lambda sum x_i; x_i - x-bar), else SymPy's order;
    a profile first, as an intercept (b0-hat(b1) + b1 x_i); a square root last, as the quadratic
    formula has it (1 - x-bar + sqrt(x-bar^2 + 6 x-bar + 1)); a sum held unevaluated (a display form,
    a WrittenSum) keeps the order it was written in."""
    if isinstance(expr, WrittenSum) or isinstance(expr, sp.Add) and sp.Add(*expr.args).args != expr.args:
        return list(expr.args)
    roots = [_root(t) for t in terms]
    last = any(roots) and any(not r and not minus_sign(t) for r, t in zip(roots, terms, strict=True))

    def key(term: sp.Basic) -> tuple[bool, bool, bool, bool]:
        return last and _root(term), *sign_then_exponentials(term)[:1], not term.has(notation.Profile), term.has(sp.exp)

    return sorted(terms, key=key)


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
    if isinstance(factor, sp.log) and not factor.has(sp.Indexed):
        return 5  # sum x_i log p, not log p sum x_i; x-bar log 2, never log 2 x-bar (read log(2 x-bar))
    if (
        isinstance(factor, sp.exp)
        or isinstance(factor, (sp.log, sp.Add))
        and factor.has(sp.Indexed)
        and (not isinstance(factor, sp.Add) or factor.has(sp.exp))
    ):
        return 4  # x_i e^{b0 + b1 x_i}, lambda^n e^{-lambda sum x_i}, x_i^k log x_i, (x_i - mu)(1 - e^{-z_i}): last
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


def atomic_denominator(expr: sp.Basic) -> bool:
    """A denominator that an inline fraction a/b needs no parentheses around when set in LaTeX:
    a simple one, or any power, whose base is bracketed or a root: θ/x^{θ + 1}, e^{-z}/(1 + e^{-z})^2,
    a/√(2πθ)."""
    if isinstance(expr, sp.Pow) and not expr.exp.could_extract_minus_sign():
        return True
    return simple_denominator(expr)


def _nested(expr: sp.Expr) -> bool:
    """A fraction inside a denominator: (x0 - x_i)/(1 + (x_i - x0)^2/gamma^2)."""
    _, denominator = sp.fraction(sp.factor_terms(expr))
    return any(isinstance(p, sp.Pow) and p.exp.is_negative for p in sp.preorder_traversal(denominator))


def _simpler(summand: sp.Expr, limit: int = 80) -> sp.Expr:
    """The summand over one denominator and factored, when that is shorter (and quick to find)."""
    if sp.count_ops(summand) > limit or summand.has(sp.Sum):
        return summand
    together = sp.together(summand)  # its denominators as they are: (x_i - x0)/(gamma^2 + (x_i - x0)^2)
    if sp.count_ops(together) < sp.count_ops(summand):
        return together
    combined = sp.factor(together)
    if combined.atoms(sp.exp) - summand.atoms(sp.exp):  # factor splits e^{(mu - x)/b} into e^{mu/b} e^{-x/b}
        return summand
    return combined if sp.count_ops(combined) < sp.count_ops(summand) else summand


def fewer_fractions(expr: sp.Expr) -> sp.Expr:
    """Sums over the sample as a textbook writes them: a summand with a fraction in its denominator
    over one denominator (the Cauchy score 2 sum (x_i - x0)/(gamma^2 + (x_i - x0)^2)), and sums with
    the same limits added into one when that is shorter (the inverse-Gaussian score
    lambda sum (x_i - mu)/mu^3) or split into familiar sums when that is shorter still
    (sum x_i^2/(2 theta^2) - n/2, not sum (x_i - theta)(theta + x_i)/(2 theta^2)), and a number in a
    summand counted, sum x_i + 2n. The value is unchanged."""
    from symle.algebra.sums import shortest_sum, tidy_sum

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
            rest.append(shortest_sum(sp.Sum(simpler, *limits)))
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

    def numbers_out(node: sp.Sum) -> sp.Expr:
        # sum (x_i + 2) is sum x_i + 2n: a number in a summand is counted, not summed
        (index, low, high), terms = node.limits[0], sp.Add.make_args(node.function)
        numbers = [t for t in terms if t.is_Number]
        if not numbers or len(numbers) == len(terms) or (low, high) != (1, n) or len(node.limits) > 1:
            return node
        rest = sp.Add(*(t for t in terms if not t.is_Number))
        return sp.Sum(rest, (index, low, high)) + sp.Add(*numbers) * n

    expr = expr.replace(
        lambda e: isinstance(e, sp.Sum) and len(e.limits) == 1 and isinstance(e.function, sp.Add), numbers_out
    )
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


_DELIMITER = re.compile(r"\\(left|right)(\\\{|\\\}|[()\[\]|.])")
# what makes a group taller than a line of text, so that its parentheses must grow with it
_TALL = (r"\frac", r"\dfrac", r"\sum", r"\prod", r"\int", r"\binom", r"\sqrt", r"\begin", r"\Bigl")
_FUNCTION_NAME = re.compile(r"(\\Gamma|\\psi'*|\\psi\^\{\(\d+\)\}|\\log|\\mathrm\{B\}|\\operatorname\{\w+\})$")


def tall(tex: str) -> bool:
    """Whether LaTeX holds something taller than a line of text: a fraction, a big operator, a root."""
    return any(command in tex for command in _TALL)


def parenthesized(tex: str) -> str:
    """tex in parentheses as a textbook sets them: of the text's size around a line's height,
    (theta-hat + 1)^2, psi(a-hat + b-hat); grown (\\left, \\right) only around something taller."""
    return rf"\left({tex}\right)" if tall(tex) else f"({tex})"


def plain_parentheses(tex: str) -> str:
    """Every \\left( ... \\right) pair around nothing taller than a line made plain ( ... ): SymPy
    grows every pair, and a grown pair is taller than the text around a hat and sets a thin space
    after a function's name, Gamma (a + b) beside Gamma(a). A pair kept grown after a function's name
    opens with \\mathopen{} (no space). Pairs are matched as TeX matches them, innermost first."""
    stack: list[re.Match[str]] = []
    plain: set[int] = set()  # start offsets of the \left( and \right) made plain
    grown: list[int] = []  # start offsets of the \left( kept, after a function's name
    for match in _DELIMITER.finditer(tex):
        if match.group(1) == "left":
            stack.append(match)
            continue
        if not stack:
            return tex  # unbalanced: not ours to touch
        opening = stack.pop()
        if opening.group(2) != "(" or match.group(2) != ")":
            continue
        if not tall(tex[opening.end() : match.start()]):
            plain.update((opening.start(), match.start()))
        elif _FUNCTION_NAME.search(tex[: opening.start()]):
            grown.append(opening.start())
    if not plain and not grown:
        return tex
    out, k = [], 0
    for match in _DELIMITER.finditer(tex):
        if match.start() in plain:
            out.append(tex[k : match.start()] + match.group(2))
            k = match.end()
        elif match.start() in grown:
            out.append(tex[k : match.start()] + r"\mathopen{}")
            k = match.start()
    out.append(tex[k:])
    return "".join(out)


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
    if not data and not observation_negated(total) or sign_everywhere(total) > 0:
        return None  # 1 - g_i stays, positive where an indicator lies (symle.algebra.signs)
    return sp.Mul(*(f if f is not total else -total for f in factors), evaluate=False)


def negated_sum(expr: sp.Basic) -> sp.Expr | None:
    """alpha + 1 for -alpha - 1: a sum whose every term carries a minus sign, which a textbook writes
    with the sign outside, -(alpha + 1); None for any other expression."""
    if isinstance(expr, sp.Add) and len(expr.args) > 1 and all(t.could_extract_minus_sign() for t in expr.args):
        return -expr
    return None


def negated(term: sp.Basic) -> sp.Expr | None:
    """What a term of a sum prints after a minus sign, or None when it takes a plus sign: x for -x,
    (alpha + 1) sum log x_i for (-alpha - 1) sum log x_i (a sign SymPy does not see), (x - mu)/beta
    for (mu - x)/beta (the observation first); None for -(-alpha - 1) sum log x_i."""
    flipped = observation_first(term) if not term.has(sp.Sum) else None  # (mn - sum x_i) log(1 - p) stays
    if flipped is not None:
        return flipped
    if isinstance(term, sp.Sum) and printed_negative(term.function):
        return sp.Sum(-term.function, *term.limits)  # sum (-x_i^2/...) is -sum x_i^2/...
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


_WRITTEN_OUT: ContextVar[frozenset[sp.Basic]] = ContextVar("written_out", default=frozenset())


@contextlib.contextmanager
def exponentials_written_out(kernels: Iterable[sp.Basic]) -> Iterator[None]:
    """While it lasts, these exponentials are set exp{...} wherever they appear: a density whose
    likelihood needs exp{-sum |x_i - mu|/b} is written (1/(2b)) exp{-|x - mu|/b} on every line of
    its page, the heading's too, never e^{-|x - mu|/b} on one and exp{...} on the next."""
    token = _WRITTEN_OUT.set(frozenset(kernels))
    try:
        yield
    finally:
        _WRITTEN_OUT.reset(token)


def written_out() -> frozenset[sp.Basic]:
    """The exponentials set exp{...} now (exponentials_written_out): part of what a print depends on."""
    return _WRITTEN_OUT.get()


def exp_written_out(arg: sp.Expr) -> bool:
    """Whether e^arg is set exp{arg} rather than e^{arg}, one rule for every printer and every line:
    e^{-lambda x}, e^{-(x - mu)/beta}, e^{-lambda sum x_i} stay superscripts; an exponent holding
    another exponential, a fraction over a compound denominator (x^2/(2 sigma^2)), a sum over the data
    among other terms or under a fraction or of compound terms (n theta - sum x_i, sum |x_i - mu|/b),
    or many operations is written exp{...}, where it is set at full size; and so is a density's
    kernel while exponentials_written_out names it."""
    if arg.has(sp.exp) or sp.exp(arg) in _WRITTEN_OUT.get():
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
