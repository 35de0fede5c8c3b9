"""Small algebra on sums over the sample: split, pull out constants, hide or re-index them."""

from __future__ import annotations

import itertools

import sympy as sp

from symle.algebra.sample import i, n


def is_sample_sum(expr: sp.Basic) -> bool:
    return isinstance(expr, sp.Sum) and len(expr.limits) == 1 and expr.limits[0][1:] == (1, n)


def split_sum(expr: sp.Sum) -> sp.Expr:
    """Distribute a sample sum over + and pull factors free of the index out of it:
    sum (2 mu - 2 x_i) becomes 2 n mu - 2 sum x_i."""
    index = expr.limits[0][0]
    pieces = []
    for piece in sp.Add.make_args(sp.expand(angles_apart(expr.function, index))):
        constant, varying = piece.as_independent(index, as_Add=False)
        if varying == 1:
            pieces.append(n * constant)
        else:
            pieces.append(constant * sp.Sum(varying, *expr.limits))
    return sp.Add(*pieces)


def angles_apart(summand: sp.Expr, *varying: sp.Symbol) -> sp.Expr:
    """sin and cos of an angle that adds a constant a (a parameter) to an observation's part b (what
    depends on `varying`: the index, or the data symbols) written by the angle-sum formulas,
    sin(a + b) = sin a cos b + cos a sin b, cos(a + b) = cos a cos b - sin a sin b, so that a sum of them
    splits: Σ sin(μ - x_i) = sin μ Σ cos x_i - cos μ Σ sin x_i."""

    def apart(node: sp.Expr) -> sp.Expr:
        a, b = node.args[0].as_independent(*varying, as_Add=True)
        if a == 0 or b == 0 or not a.free_symbols:
            return node
        if isinstance(node, sp.sin):
            return sp.sin(a) * sp.cos(b) + sp.cos(a) * sp.sin(b)
        return sp.cos(a) * sp.cos(b) - sp.sin(a) * sp.sin(b)

    return summand.replace(lambda e: isinstance(e, (sp.sin, sp.cos)) and isinstance(e.args[0], sp.Add), apart)


def observation_negated(expr: sp.Expr) -> bool:
    """Whether an observation enters with a minus sign (mu - x_i): textbooks write x_i - mu."""
    return isinstance(expr, sp.Add) and any(t.has(sp.Indexed) and t.could_extract_minus_sign() for t in expr.args)


def tidy_sum(expr: sp.Expr) -> sp.Expr:
    """Pull constant factors out of a sum without expanding it: sum 2(x_i - mu) = 2 sum (x_i - mu)."""
    index = expr.limits[0][0]
    summand = sp.factor_terms(expr.function)
    constant, varying = summand.as_independent(index, as_Add=False)
    if observation_negated(varying):
        constant, varying = -constant, -varying
    elif isinstance(varying, sp.Mul):  # sum (mu - x_i) e^{...} is -sum (x_i - mu) e^{...}
        negated = [f for f in varying.args if observation_negated(f) and not observation_negated(-f)]
        if len(negated) == 1:
            constant = -constant
            varying = sp.Mul(*(-f if f is negated[0] else f for f in varying.args))
    if varying == 1:
        return n * constant
    return constant * sp.Sum(varying, *expr.limits)


def tidy_sums(expr: sp.Expr) -> sp.Expr:
    """tidy_sum applied to every sample sum inside expr."""
    return expr.replace(is_sample_sum, tidy_sum)


def reads_shorter(candidate: sp.Expr, current: sp.Expr) -> bool:
    """The readability measure that chooses between equal forms: no more operations, and shorter."""
    return sp.count_ops(candidate) <= sp.count_ops(current) and len(str(candidate)) < len(str(current))


def shortest_sum(expr: sp.Sum) -> sp.Expr:
    """A sample sum tidied, or split into sums of single terms when that reads shorter:
    Σ(x_i - θ)(θ + x_i)/(2θ²) is Σx_i²/(2θ²) - n/2, while Σ(x_i - μ)² and Σ(x_i - μ) stay whole."""
    kept = tidy_sum(expr)
    split = tidy_sums(split_sum(expr))
    return split if reads_shorter(split, kept) else kept


def hide_sums(expr: sp.Expr, keep: sp.Symbol | None = None) -> tuple[sp.Expr, dict[sp.Symbol, sp.Expr]]:
    """Replace every sample sum not containing `keep` by a symbol (with the sign the sum is
    known to have), so that solving works over plain symbols. Returns the mapping back."""
    mapping: dict[sp.Symbol, sp.Expr] = {}
    reverse: dict[sp.Expr, sp.Symbol] = {}
    counter = itertools.count(1)

    def hide(node: sp.Sum) -> sp.Expr:
        if keep is not None and node.has(keep):
            return node
        if node not in reverse:
            assumptions = {}
            if node.function.is_positive:
                assumptions["positive"] = True
            elif node.function.is_nonnegative:
                assumptions["nonnegative"] = True
            elif node.function.is_real:
                assumptions["real"] = True
            symbol = sp.Dummy(f"S{next(counter)}", **assumptions)
            reverse[node] = symbol
            mapping[symbol] = node
        return reverse[node]

    return expr.replace(is_sample_sum, hide), mapping


def restore_sums(expr: sp.Expr, mapping: dict[sp.Symbol, sp.Expr]) -> sp.Expr:
    """Undo hide_sums (hidden sums may hold hidden sums, so repeat until none is left)."""
    for _ in range(len(mapping) + 1):
        if not expr.free_symbols & set(mapping):
            break
        expr = expr.xreplace(mapping)
    return expr


def reindex(expr: sp.Expr, index: sp.Symbol) -> sp.Expr:
    """The same expression with its sample sums running over another index (for nesting)."""

    def change(node: sp.Sum) -> sp.Expr:
        old = node.limits[0][0]
        return sp.Sum(node.function.xreplace({old: index}), (index, 1, n))

    return expr.replace(is_sample_sum, change)


def substitute_nested(expr: sp.Expr, mapping: dict[sp.Symbol, sp.Expr]) -> sp.Expr:
    """Substitute expressions that contain sums into expr; where the target sits inside a sum over
    i, the substituted sums run over j (then k) so that no index is captured."""
    indices = [sp.Symbol(name, integer=True, positive=True) for name in ("j", "k", "l")]

    def inside(node: sp.Sum) -> sp.Expr:
        if not any(node.function.has(s) for s in mapping):
            return node
        used = {s for s in node.function.free_symbols}
        fresh = next(ix for ix in indices if ix not in used and ix != node.limits[0][0])
        renamed = {s: reindex(v, fresh) for s, v in mapping.items()}
        return sp.Sum(node.function.xreplace(renamed), *node.limits)

    return expr.replace(is_sample_sum, inside).xreplace(mapping)


INDICES = tuple(sp.Symbol(name, integer=True, positive=True) for name in ("i", "j", "k", "l", "m", "p", "q"))


def canonical_indices(expr: sp.Expr, depth: int = 0) -> sp.Expr:
    """Sums renamed by depth: the outermost over i, those inside it over j, then k: every nested
    sum reads unambiguously, whatever the substitutions that built it."""
    if is_sample_sum(expr):
        old = expr.limits[0][0]
        new = INDICES[min(depth, len(INDICES) - 1)]
        body = (
            canonical_indices(expr.function, depth + 1).xreplace({old: new})
            if old != new
            else canonical_indices(expr.function, depth + 1)
        )
        return sp.Sum(body, (new, 1, n))
    if not expr.args or not expr.has(sp.Sum):
        return expr
    return expr.func(*[canonical_indices(a, depth) if isinstance(a, sp.Basic) else a for a in expr.args])


def expand_sums(expr: sp.Expr) -> sp.Expr:
    """split_sum applied everywhere: every sum broken into sums of single terms."""
    return expr.replace(is_sample_sum, split_sum)


def canonical_sums(expr: sp.Expr) -> sp.Expr:
    """Every sum split into sums of single terms over the index i, nested sums expanded:
    sum (x_i - xbar)^2 / n becomes sum x_i^2 / n - (sum x_i)^2 / n^2."""
    for _ in range(4):
        expanded = expand_sums(expr)
        if expanded == expr:
            break
        expr = expanded

    def to_i(node: sp.Sum) -> sp.Expr:
        index = node.limits[0][0]
        if index == i or node.function.has(sp.Sum):
            return node
        return sp.Sum(node.function.xreplace({index: i}), (i, 1, n))

    return expr.replace(is_sample_sum, to_i)


__all__ = [
    "i",
    "is_sample_sum",
    "restore_sums",
    "split_sum",
    "tidy_sum",
    "tidy_sums",
    "shortest_sum",
    "reads_shorter",
    "hide_sums",
    "reindex",
    "substitute_nested",
    "expand_sums",
]
