"""Special functions and constants defined where they first appear (Γ, B, ψ, ψ′, γ, ζ, ...): in the
sentence of the first step whose equations use them, as a textbook defines a symbol."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from symle.algebra.incomplete_gamma import GammaQ, GammaQDerivative
from symle.algebra.printing import text as plain_text
from symle.algebra.special import ZetaDerivative
from symle.stages.step import Equation, Math, Prose, Step, chain, formula, prose


@dataclass(frozen=True)
class Special:
    """A special function or constant: `find` gives the first occurrence in an expression (or None);
    `define` turns it into a clause set after ", where" ("ψ(α) = Γ′(α)/Γ(α) is the digamma function"),
    given None when the special is met only in another's definition; `uses` names the specials that
    clause mentions, defined in the same sentence if not before."""

    name: str
    find: Callable[[sp.Basic], sp.Basic | None]
    define: Callable[[sp.Basic | None], Prose]
    uses: tuple[str, ...] = ()


def _first(kind: type, test: Callable[[sp.Basic], bool] = lambda f: True) -> Callable[[sp.Basic], sp.Basic | None]:
    def find(expr: sp.Basic) -> sp.Basic | None:
        atoms = getattr(expr, "atoms", None)  # an expression or a matrix (the information)
        found = [f for f in atoms(kind) if test(f)] if atoms is not None else []
        return min(found, key=sp.default_sort_key) if found else None

    return find


def _variable(node: sp.Basic, name: str) -> sp.Symbol:
    """The variable of integration or summation: `name`, unless the page's expression already uses it."""
    taken = {s.name for s in node.free_symbols}
    return next(sp.Symbol(v, positive=True) for v in (name, "u", "v", "w") if v not in taken)


def _argument(node: sp.Basic | None) -> sp.Basic:
    """The function's argument when it is a single symbol (Γ(α)), else a generic z."""
    arg = node.args[0] if node is not None else None
    return arg if isinstance(arg, sp.Symbol) else sp.Symbol("z", positive=True)


def _gamma(node: sp.Basic | None) -> Prose:
    a = _argument(node)
    t = _variable(a, "t")
    integral = sp.Integral(t ** (a - 1) * sp.exp(-t), (t, 0, sp.oo))
    return prose(Math(Equation((sp.gamma(a), integral))), " is the gamma function")


def _beta(node: sp.Basic | None) -> Prose:
    a, b = sp.symbols("a b", positive=True)
    if node is not None and all(isinstance(x, sp.Symbol) for x in node.args):
        a, b = node.args
    value = sp.Mul(sp.gamma(a), sp.gamma(b), sp.Pow(sp.gamma(a + b), -1), evaluate=False)
    return prose(Math(Equation((sp.beta(a, b), value))), " is the beta function")


def _polygamma(node: sp.Basic | None) -> Prose:
    assert node is not None
    order, argument = node.args
    if order == 0:
        if isinstance(argument, sp.Symbol):
            a = plain_text(argument)
            return prose(formula(f"ψ({a}) = Γ′({a})/Γ({a})"), " is the digamma function")
        return prose(formula("ψ = Γ′/Γ"), " is the digamma function")
    if order == 1:
        return prose(formula("ψ′"), ", the derivative of ", formula("ψ"), ", is the trigamma function")
    return prose(node.func(order, sp.Symbol("z")), f" is the derivative of order {order} of ", formula("ψ"))


def _zeta(node: sp.Basic | None) -> Prose:
    s = _argument(node)
    k = sp.Symbol("k", integer=True, positive=True)
    series = sp.Sum(k ** (-s), (k, 1, sp.oo))
    return prose(Math(Equation((sp.zeta(s), series))), " is the Riemann zeta function")


def _zeta_derivative(node: sp.Basic | None) -> Prose:
    s = node.args[1] if node is not None and isinstance(node.args[1], sp.Symbol) else sp.Symbol("s", positive=True)
    k = sp.Symbol("k", integer=True, positive=True)
    series = sp.Sum(-sp.log(k) * k ** (-s), (k, 1, sp.oo))
    return prose(Math(Equation((ZetaDerivative(1, s), series))), " is the derivative of ", formula("ζ"))


def _gamma_q(node: sp.Basic | None) -> Prose:
    a, x = sp.Symbol("a", positive=True), sp.Symbol("x", positive=True)
    u = sp.Symbol("u", positive=True)
    upper = sp.Integral(u ** (a - 1) * sp.exp(-u), (u, x, sp.oo))
    return prose(
        Math(Equation((GammaQ(a, x), upper / sp.gamma(a)))),
        " is the regularised upper incomplete gamma function, the probability that a gamma variable of shape ",
        a,
        " and rate 1 exceeds ",
        x,
    )


def _gamma_q_derivative(node: sp.Basic | None) -> Prose:
    return prose(
        formula("Q_a = ∂Q/∂a"),
        " and ",
        formula("Q_aa = ∂²Q/∂a²"),
        ", the derivatives of ",
        formula("Q"),
        " in its first argument, have no closed form and are evaluated numerically",
    )


def _bessel(node: sp.Basic | None) -> Prose:
    z = node.args[1] if node is not None and isinstance(node.args[1], sp.Symbol) else sp.Symbol("z", positive=True)
    k = _variable(z, "k")
    series = sp.Sum((z / 2) ** (2 * k) / sp.factorial(k) ** 2, (k, 0, sp.oo))
    return prose(
        Math(Equation((sp.besseli(0, z), series))),
        " is the modified Bessel function of the first kind of order 0, whose derivative ",
        formula("I₀′ = I₁"),
        " is that of order 1",
    )


def _lambert(node: sp.Basic | None) -> Prose:
    w = sp.Symbol("w", real=True)
    branch = node.args[1] if node is not None and len(node.args) > 1 else sp.S.Zero
    if branch == 0:
        return prose(
            sp.LambertW(sp.Symbol("z")),
            " is the principal branch of the Lambert W function, the inverse of ",
            formula("w ↦ weʷ"),
            " on ",
            chain(w, sp.Integer(-1), relations=(">=",)),
        )
    return prose(
        sp.LambertW(sp.Symbol("z"), -1),
        " is the lower branch of the Lambert W function, the inverse of ",
        formula("w ↦ weʷ"),
        " on ",
        chain(w, sp.Integer(-1), relations=("<=",)),
    )


# a special whose definition mentions another comes first, so that the other is defined with it
SPECIALS = (
    Special("beta", _first(sp.beta), _beta, uses=("gamma",)),
    Special("digamma", _first(sp.polygamma, lambda f: f.args[0] == 0), _polygamma, uses=("gamma",)),
    Special("trigamma", _first(sp.polygamma, lambda f: f.args[0] == 1), _polygamma, uses=("digamma",)),
    Special("polygamma", _first(sp.polygamma, lambda f: f.args[0].is_Integer and f.args[0] > 1), _polygamma),
    Special("gamma", _first(sp.gamma), _gamma),
    Special("gamma-q-derivative", _first(GammaQDerivative), _gamma_q_derivative, uses=("gamma-q",)),
    Special("gamma-q", _first(GammaQ), _gamma_q, uses=("gamma",)),
    Special("zeta-derivative", _first(ZetaDerivative, lambda f: f.args[0] == 1), _zeta_derivative, uses=("zeta",)),
    Special("zeta", _first(sp.zeta), _zeta),
    Special("bessel", _first(sp.besseli, lambda f: f.args[0] in (0, 1)), _bessel),
    Special("lambert", _first(sp.LambertW), _lambert),
    Special("euler", _first(type(sp.EulerGamma)), lambda _: prose(sp.EulerGamma, " is Euler's constant, about 0.5772")),
    Special("catalan", _first(type(sp.Catalan)), lambda _: prose(sp.Catalan, " is Catalan's constant, about 0.9160")),
)


def _occurrence(step: Step, special: Special) -> sp.Basic | None:
    """The first occurrence of a special in a step's sentence or equations, if any."""
    for expr in (*_sentence_math(step), *(part for equation in step.equations for part in equation.parts)):
        found = special.find(expr)
        if found is not None:
            return found
    return None


def _sentence_math(step: Step) -> list[sp.Basic]:
    """The SymPy expressions set as math in a step's sentence (its chains' parts too)."""
    parts = step.text.parts if isinstance(step.text, Prose) else ()
    found: list[sp.Basic] = []
    for part in parts:
        if isinstance(part, Math) and isinstance(part.expr, sp.Basic):
            found.append(part.expr)
        elif isinstance(part, Math) and isinstance(part.expr, Equation):
            found.extend(part.expr.parts)
    return found


def _joined(clauses: list[Prose]) -> Prose:
    """A and B; A; B; and C (the clauses hold commas of their own)."""
    if len(clauses) < 3:
        return prose(*(piece for k, c in enumerate(clauses) for piece in ((" and " if k else ""), c)))
    return prose(
        *(
            piece
            for k, c in enumerate(clauses)
            for piece in (("; and " if k == len(clauses) - 1 else "; " if k else ""), c)
        )
    )


def with_definitions(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The steps with each special function or constant defined in the sentence of the first step
    that uses it: '..., where Γ(α) = ∫₀^∞ t^(α−1) e^(−t) dt is the gamma function.'"""
    placed: dict[int, list[Special]] = {}
    clauses: dict[int, list[Prose]] = {}
    for special in SPECIALS:
        for k, step in enumerate(steps):
            found = _occurrence(step, special)
            if found is not None or any(special.name in other.uses for other in placed.get(k, [])):
                placed.setdefault(k, []).append(special)
                clauses.setdefault(k, []).append(special.define(found))
                break
    out = list(steps)
    for k, defined in clauses.items():
        step = out[k]
        text = step.text if isinstance(step.text, Prose) else prose(step.text)
        # a sentence of its own: before the step's reason when that uses the symbol, else after it
        definition = prose("Here ", _joined(defined), ".")
        used = any(s.find(e) is not None for s in placed.get(k, []) for e in _sentence_math(step))
        out[k] = dataclasses.replace(step, text=prose(definition, " ", text) if used else prose(text, " ", definition))
    return tuple(out)


__all__ = ["with_definitions", "SPECIALS"]
