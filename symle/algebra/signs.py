"""The signs a reader sees in a product: no factor printed negative that reads better positive.

A careful author writes (b - a)/(n + 1) for -(a - b)/(n + 1), (psi'(b) - psi'(a + b))/(n(...)) when
both parts as SymPy orders them are negative, and -n(n sum x_i^2 - (sum x_i)^2)/(2 sigma^8) for a
factor that is negative for every value of its symbols. The value never changes: only which
factors carry the sign. Whether a factor is negative for every value is judged numerically, at a
few fixed points inside the region of its symbols (the model's, while its pages are printed, as
`signs_within` sets it; else the symbols' assumptions), so the same expression always prints the
same way."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from functools import lru_cache

import numpy as np
import sympy as sp

from symle.algebra import notation
from symle.algebra.sample import SampleMax, SampleMean, SampleMin, SampleStatistic, n

_REGION: ContextVar[tuple[tuple[sp.Basic, sp.Basic], ...]] = ContextVar("region", default=())
_POINTS = 16  # points tried; a sign holds when every point where the factor is real agrees
_AT_LEAST = 4  # and at least this many of them are
_OBSERVATIONS = 7  # the size of the sample drawn for sums over the data
_DRAWN = "observation_"  # the names of the symbols that stand for drawn observations
_LARGEST = 60  # operations: a larger factor is not judged (its sign is left as written)


@contextlib.contextmanager
def signs_within(region: Mapping[sp.Symbol, sp.Expr]) -> Iterator[None]:
    """Judge signs with each symbol written over positive dummies covering its region (as
    symle.stages.likelihood.region writes a model's: p = u/(1 + u), b = a + w, x inside its support)."""
    token = _REGION.set(tuple(sorted(region.items(), key=lambda kv: sp.default_sort_key(kv[0]))))
    try:
        yield
    finally:
        _REGION.reset(token)


def region() -> tuple[tuple[sp.Basic, sp.Basic], ...]:
    """The region signs are judged in now (signs_within): part of what a printed sign depends on."""
    return _REGION.get()


def sign_everywhere(expr: sp.Expr) -> int:
    """-1 or +1 when expr has that sign at every point tried inside its symbols' region, else 0."""
    if expr.is_number:
        value = complex(expr.evalf())
        return 0 if value.imag or value.real == 0 else (1 if value.real > 0 else -1)
    if sp.count_ops(expr) > _LARGEST:
        return 0
    return _sign(expr, _REGION.get())


@lru_cache(maxsize=4096)
def _sign(expr: sp.Expr, region: tuple[tuple[sp.Basic, sp.Basic], ...]) -> int:
    try:
        written = _written_out(expr, dict(region))
        symbols = sorted(written.free_symbols, key=sp.default_sort_key)
        rng = np.random.default_rng(20)
        # each point's sample has its own location and scale: a sign must hold wherever the data lie
        location, scale = rng.uniform(-5.0, 5.0, _POINTS), 10 ** rng.uniform(-2.0, 2.0, _POINTS)
        columns = []
        for s in symbols:
            positive = s.is_positive or s.is_nonnegative
            draw = 10 ** rng.uniform(-1.0, 1.0, _POINTS) if positive else rng.uniform(-2.0, 2.0, _POINTS)
            if s.name.startswith(_DRAWN):  # an observation, or its place in the support
                draw = scale * draw if positive else location + scale * draw
            columns.append(draw)
        with np.errstate(all="ignore"):
            values = np.broadcast_to(_numeric(written, dict(zip(symbols, columns, strict=True))), (_POINTS,))
    except Exception:  # noqa: BLE001  (a form to print, not a value: what cannot be evaluated has no sign)
        return 0
    real = values.real[np.isfinite(values) & (np.abs(values.imag) <= 1e-9 * np.maximum(1.0, np.abs(values.real)))]
    if len(real) < _AT_LEAST or np.any(np.abs(real) < 1e-12):
        return 0
    if np.all(real > 0):
        return 1
    return -1 if np.all(real < 0) else 0


def _real(values: np.ndarray) -> np.ndarray:
    """Real values for a function of a real argument (NaN where the argument is not real)."""
    return np.where(np.abs(values.imag) <= 1e-12 * np.maximum(1.0, np.abs(values.real)), values.real, np.nan)


def _special(name: str) -> Callable[..., np.ndarray]:
    """scipy.special's function, imported when first used: importing SciPy costs more than checking a
    homework or printing a derivation of elementary functions."""
    from scipy import special

    return getattr(special, name)


_FUNCTIONS = {
    sp.exp: np.exp,
    sp.log: np.log,
    sp.Abs: np.abs,
    sp.gamma: lambda z: _special("gamma")(_real(z)),
    sp.loggamma: lambda z: _special("gammaln")(_real(z)),
    sp.factorial: lambda z: _special("gamma")(_real(z) + 1),
    sp.beta: lambda a, b: _special("beta")(_real(a), _real(b)),
    sp.binomial: lambda m, k: _special("binom")(_real(m), _real(k)),
    sp.polygamma: lambda k, z: _special("polygamma")(int(_real(k).flat[0]), _real(z)),
    sp.Min: lambda *a: np.minimum.reduce([_real(v) for v in a]),
    sp.Max: lambda *a: np.maximum.reduce([_real(v) for v in a]),
}


def _numeric(node: sp.Basic, values: dict[sp.Basic, np.ndarray]) -> np.ndarray:
    """node at the points given for its symbols, as complex numbers (a logarithm of a negative
    number comes out complex, and so is not a real value): a small evaluator, far quicker than
    lambdify for the one use each expression gets."""
    if node in values:
        return np.asarray(values[node], dtype=complex)
    if node.is_number:
        return np.asarray(complex(node.evalf()))
    arguments = [_numeric(a, values) for a in node.args]
    if isinstance(node, sp.Add):
        return sum(arguments[1:], arguments[0])
    if isinstance(node, sp.Mul):
        out = arguments[0]
        for a in arguments[1:]:
            out = out * a
        return out
    if isinstance(node, sp.Pow):
        return arguments[0] ** arguments[1]
    function = next((f for kind, f in _FUNCTIONS.items() if isinstance(node, kind)), None)
    if function is None:
        raise TypeError(f"no numeric form of {type(node).__name__}")
    return np.asarray(function(*arguments), dtype=complex)


def _written_out(expr: sp.Expr, inside: dict[sp.Basic, sp.Basic]) -> sp.Expr:
    """expr as a function of independent symbols, each free over its assumptions: hats dropped,
    every symbol written over dummies covering its region, and a sample of _OBSERVATIONS
    observations, each inside the support, in place of sums and statistics over the data."""
    expr = expr.replace(lambda e: isinstance(e, notation.Hat), lambda e: e.args[0])
    if any(isinstance(a, notation._Notation) for a in sp.preorder_traversal(expr)):
        raise TypeError("a profile or a partial has no value here")
    expr = expr.xreplace({n: _OBSERVATIONS})
    observations: dict[sp.Basic, list[sp.Expr]] = {}

    def sample(base: sp.Basic) -> list[sp.Expr]:
        if not isinstance(base, sp.IndexedBase):
            raise TypeError("a statistic of something other than the sample")
        if base not in observations:
            name = base.label.name
            where = next((r for s, r in inside.items() if getattr(s, "name", None) == name), None)
            own = [d for d in (where.free_symbols if where is not None else ()) if d.name.endswith("_" + name)]
            draws = []
            for k in range(_OBSERVATIONS):
                fresh = {d: sp.Dummy(f"{_DRAWN}{d.name}{k}", **d.assumptions0) for d in own}
                draws.append(where.xreplace(fresh) if where is not None else sp.Dummy(f"{_DRAWN}{name}{k}", real=True))
            observations[base] = draws
        return observations[base]

    def out(node: sp.Basic) -> sp.Basic:
        if isinstance(node, sp.Sum):
            index, lower, upper = node.limits[0]
            if (lower, upper) != (1, _OBSERVATIONS) or len(node.limits) > 1:
                raise TypeError("a sum that is not over the sample")
            return sp.Add(*(out(node.function.xreplace({index: k})) for k in range(_OBSERVATIONS)))
        if isinstance(node, SampleStatistic):
            values = sample(node.args[0])
            if isinstance(node, SampleMean):
                return sp.Add(*values) / _OBSERVATIONS
            if isinstance(node, (SampleMin, SampleMax)):
                return (sp.Min if isinstance(node, SampleMin) else sp.Max)(*values)
            raise TypeError("a statistic without a closed form here")
        if isinstance(node, sp.Indexed):
            index = node.indices[0]
            return sample(node.base)[int(index) if index.is_Integer else 0]
        if not node.args:
            return node
        return node.func(*(out(a) for a in node.args))

    return out(expr).xreplace(inside)  # the sample first: the variable x is also the label of x_i


def printed_negative(expr: sp.Basic) -> bool:
    """Whether expr prints with a minus sign before it: a product with a negative coefficient, or a
    sum whose every term has one (the summand of -sum x_i^2/(...)); x_i - mu does not; a product whose
    factors print with a sign outside, as sign_pulled writes them (y_i(g_i - 1) is -y_i(1 - g_i) with
    0 <= g_i <= 1), so that a sum takes that sign outside: -Σ y_i(1 - g_i), never Σ -y_i(1 - g_i)."""
    if isinstance(expr, sp.Add):
        return all(printed_negative(t) if isinstance(t, sp.Mul) else t.could_extract_minus_sign() for t in expr.args)
    if isinstance(expr, sp.Mul):
        pulled = sign_pulled(expr)
        if pulled is not None:
            return pulled[0]
    return bool(expr.as_coeff_Mul()[0].is_negative)


def _observation(factor: sp.Basic) -> bool:
    variable = isinstance(factor, sp.Symbol) and factor.name in ("x", "y")
    return variable or isinstance(factor, (sp.Indexed, SampleStatistic))


def _data(term: sp.Basic) -> bool:
    """A term that is an observation times a coefficient: x_i, -x-bar, b1 x_i, x (not e^{x_i})."""
    return any(_observation(f) for f in sp.Mul.make_args(term))


def _minus_terms(total: sp.Add) -> int:
    return sum(bool(t.could_extract_minus_sign()) for t in total.args)


def _flippable(total: sp.Basic) -> bool:
    """A sum that may take a sign from outside: its observations keep their plus sign (x_i - mu,
    never mu - x_i), and it is not known positive ((1 - p) stays)."""
    if not isinstance(total, sp.Add):
        return False
    if any(_data(t) and not t.could_extract_minus_sign() for t in total.args):
        return False
    return sign_everywhere(total) <= 0


def _absorbed(factors: list[sp.Basic]) -> list[sp.Basic] | None:
    """The factors with a leftover minus sign taken into one of them, where that prints no more minus
    signs than -(...) did: -(a - b)/(n + 1) as (b - a)/(n + 1), -(1/n) sum (x_i - mu)(e^{-z_i} - 1)/(...)
    as (1/n) sum (x_i - mu)(1 - e^{-z_i})/(...); None where no factor takes it."""
    for k, factor in enumerate(factors):
        base, exponent = factor.as_base_exp() if isinstance(factor, sp.Pow) else (factor, sp.S.One)
        if exponent in (1, -1) and _flippable(base) and len(base.args) - _minus_terms(base) <= 1 + _minus_terms(base):
            return [*factors[:k], sp.Pow(-base, exponent) if exponent == -1 else -base, *factors[k + 1 :]]
    for k, factor in enumerate(factors):
        if isinstance(factor, sp.Sum) and isinstance(factor.function, sp.Mul):
            inner = _absorbed(list(sp.Mul.make_args(factor.function)))
            if inner is not None:
                return [*factors[:k], sp.Sum(sp.Mul(*inner), *factor.limits), *factors[k + 1 :]]
    return None


def _observations_negated(total: sp.Basic) -> bool:
    """mu - x_i, x_(1) - theta...: an observation enters the sum with a minus sign and none with a
    plus; a textbook writes the observation first, x_i - mu."""
    if not isinstance(total, sp.Add):
        return False
    signs = [t.could_extract_minus_sign() for t in total.args if _data(t)]
    return bool(signs) and all(signs)


def positive_base(power: sp.Pow) -> sp.Expr | None:
    """The base of an even power written the way it reads best, (1 - gamma)^2 for (gamma - 1)^2 and
    (x_i - mu)^2 for (mu - x_i)^2; None when it reads best as it is."""
    base, exponent = power.as_base_exp()
    if not isinstance(base, sp.Add) or not (exponent.is_Integer and exponent.is_even):
        return None
    return -base if _reads_negative(base) else None


def _reads_negative(total: sp.Add) -> bool:
    """A sum better written negated: negative for every value, or written as if it were (every term
    with a minus sign, or the observations only with one: mu - x_i) and not positive for every value
    (1 - x-bar + sqrt(...) stays)."""
    sign = sign_everywhere(total)
    looks = all(t.could_extract_minus_sign() for t in total.args) or _observations_negated(total)
    return sign < 0 or looks and sign == 0


def sign_pulled(expr: sp.Mul) -> tuple[bool, sp.Expr] | None:
    """The product as a careful author signs it, as (whether a minus sign stands before it, the product
    without it): a factor whose every term is negative written with its sign outside, -(alpha + 1);
    a factor negative for every value of its symbols likewise, n(n sum x_i^2 - (sum x_i)^2) for
    -n((sum x_i)^2 - n sum x_i^2), and two such cancel; a sum of negative terms written positive
    (-sum x_i^2/(...)); a squared difference with the observation first; a minus sign left over
    taken into a factor where that reads better (symle.algebra.signs._absorbed). None when nothing
    changes and no minus sign stands before the product."""
    factors = list(sp.Mul.make_args(expr))
    negative, changed = False, False
    for k, factor in enumerate(factors):
        if factor.is_Number and factor.is_negative:
            factors[k], negative = -factor, not negative
            continue
        if isinstance(factor, sp.Sum) and printed_negative(factor.function):
            factors[k], negative, changed = sp.Sum(-factor.function, *factor.limits), not negative, True
            continue
        base, exponent = factor.as_base_exp() if isinstance(factor, sp.Pow) else (factor, sp.S.One)
        if not isinstance(base, sp.Add) or not exponent.is_Integer:
            continue
        if _reads_negative(base):
            factors[k] = sp.Pow(-base, exponent)
            negative ^= bool(exponent.is_odd)
            changed = True
    if negative:
        taken = _absorbed(factors)
        if taken is not None:
            factors, negative, changed = taken, False, True
    if not changed:
        product = sp.Mul(*factors)
        return (True, product) if negative and isinstance(product, sp.Mul) else None
    product = sp.Mul(*factors)
    if isinstance(product, (sp.Add, sp.Number)) or product.could_extract_minus_sign():
        return None  # SymPy distributed a number over the sum again: nothing to gain
    return negative, product
