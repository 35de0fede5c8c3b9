"""Classic mistakes seen in the shape of the person's answer, each undone by one rewrite of it:

- the logarithm of a sum, log Σ f(xᵢ), where the log-likelihood is the sum of the logarithms Σ log f(xᵢ);
- the logarithm of a product taken as a product of logarithms (Π log f(xᵢ), log a · log b);
- an unknown parameter left in an estimator (σ̂² = (1/n) Σ (xᵢ − μ)², with μ unknown);
- the answer for one observation xᵢ, where the sample's is its sum (or product) over i;
- a dropped Σ: xᵢ, or n·xᵢ, in the place of Σ xᵢ.

A hint is given only when the rewritten answer is the right one, at every evaluation point (up to a
constant where the step allows one), so a hint never guesses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

import sympy as sp

from symle.algebra.names import text_name
from symle.algebra.printing import text
from symle.algebra.sample import i, n
from symle.algebra.sums import hide_sums, restore_sums
from symle.checker.compare import Probe, Verdict, same, same_up_to_constant

ONE_OBSERVATION = "one observation"
LOG_OF_SUM = "log of a sum"
PRODUCT_OF_LOGS = "product of logs"
PARAMETER_LEFT = "unknown parameter in the estimator"
DROPPED_SUM = "dropped Σ"


def _log_of_sum(expr: sp.Expr) -> sp.Expr:
    """log Σ f -> Σ log f, wherever the person took the logarithm of a sum over the sample."""
    return expr.replace(
        lambda e: isinstance(e, sp.log) and isinstance(e.args[0], sp.Sum),
        lambda e: sp.Sum(sp.log(e.args[0].function), *e.args[0].limits),
    )


def _product_of_logs(expr: sp.Expr) -> sp.Expr:
    """Π log f -> Σ log f, and log a · log b -> log a + log b."""
    summed = expr.replace(
        lambda e: isinstance(e, sp.Product) and isinstance(e.function, sp.log),
        lambda e: sp.Sum(e.function, *e.limits),
    )

    def logs_added(e: sp.Expr) -> sp.Expr:
        logs = [f for f in e.args if isinstance(f, sp.log)]
        rest = [f for f in e.args if not isinstance(f, sp.log)]
        return sp.Mul(*rest) * sp.Add(*logs)

    return summed.replace(lambda e: e.is_Mul and sum(isinstance(f, sp.log) for f in e.args) >= 2, logs_added)


def _rewrites(
    student: sp.Expr, kind: str, parameter: sp.Symbol | None, estimators: Mapping[sp.Symbol, sp.Expr]
) -> Iterator[tuple[str, sp.Expr]]:
    if kind == "loglik":
        yield (
            f"{LOG_OF_SUM}: the log-likelihood is the sum of the logarithms, Σ log f(xᵢ), "
            "not the logarithm of a sum (the likelihood is a product, not a sum)",
            _log_of_sum(student),
        )
        yield (
            f"{PRODUCT_OF_LOGS}: the logarithm of a product is the sum of the logarithms, "
            "log(ab) = log a + log b, not their product",
            _product_of_logs(student),
        )
    if kind == "mle":
        left = [s for s in estimators if s != parameter and student.has(s)]
        if left:
            names = ", ".join(text_name(s.name) for s in left)
            one = len(left) == 1
            verb, it, its = ("is", "it", "its") if one else ("are", "them", "their")
            yield (
                f"{PARAMETER_LEFT}: {names} {verb} unknown, so an estimator cannot hold {it}; "
                f"put {its} estimator{'' if one else 's'} in {its} place",
                student.xreplace({s: estimators[s] for s in left}),
            )


def structural_hint(
    student: sp.Expr,
    expected: sp.Expr,
    probe: Probe,
    kind: str,
    parameter: sp.Symbol | None = None,
    estimators: Mapping[sp.Symbol, sp.Expr] | None = None,
) -> str | None:
    """The first rewrite of the person's answer that makes it right, named; None if none does."""
    compare: Callable[[sp.Expr, sp.Expr, Probe], Verdict] = same_up_to_constant if kind == "loglik" else same
    for message, rewritten in _rewrites(student, kind, parameter, estimators or {}):
        if rewritten != student and compare(rewritten, expected, probe) is Verdict.SAME:
            return message
    return None


def one_observation_hint(parts: tuple[sp.Expr, ...], expected: sp.Expr, probe: Probe, kind: str) -> str | None:
    """For an answer written in one observation xᵢ: the hint when summing it over the sample (a
    product, for a likelihood) gives the right answer, or summing only the pieces in xᵢ (a dropped
    Σ, or n·xᵢ where Σ xᵢ belongs); None when neither does."""
    whole = sp.Product if kind == "likelihood" else sp.Sum
    compare = same_up_to_constant if kind == "loglik" else same
    if kind != "mle" and all(
        part.has(sp.Indexed) and compare(whole(part, (i, 1, n)), expected, probe) is Verdict.SAME for part in parts
    ):
        what = {"likelihood": "density", "loglik": "log-density", "score": "score"}[kind]
        operation = "the product over the sample, Π" if kind == "likelihood" else "the sum over the sample, Σ"
        return f"{ONE_OBSERVATION}: this is the {what} of one observation xᵢ; the answer is {operation}"
    wrong = [part for part in parts if compare(part, expected, probe) is not Verdict.SAME]
    if kind == "likelihood" or not wrong:
        return None
    for message, rewritten in _summed(wrong[0]):
        if compare(rewritten, expected, probe) is Verdict.SAME:
            return message
    return None


def _summed(expr: sp.Expr) -> Iterator[tuple[str, sp.Expr]]:
    """The answer with the pieces in one observation xᵢ (outside any sum) summed over the sample:
    as written (xᵢ for Σ xᵢ), and with a factor n taken as the sum (n·xᵢ for Σ xᵢ); the terms as
    written first ((xᵢ − μ)² for Σ (xᵢ − μ)²), then expanded (log λ · xᵢ for log λ · Σ xᵢ)."""
    hidden, mapping = hide_sums(expr)
    for terms in (sp.Add.make_args(hidden), sp.Add.make_args(sp.expand(hidden))):
        loose: list[sp.Expr] = []
        plain, counted = [], []
        for term in terms:
            inner = sp.Mul(*[f for f in sp.Mul.make_args(term) if f.has(sp.Indexed)])
            if inner == 1:
                plain.append(term)
                counted.append(term)
                continue
            loose.append(inner)
            outer = term / inner
            plain.append(outer * sp.Sum(inner, (i, 1, n)))
            counted.append(outer / n * sp.Sum(inner, (i, 1, n)) if outer.has(n) else term)
        if not loose:
            return
        shown = f"({text(loose[0])})" if isinstance(loose[0], sp.Add) else text(loose[0])
        yield (
            f"{DROPPED_SUM}: {shown} is one observation's term; the sample's answer sums it over i, Σ {shown}",
            restore_sums(sp.Add(*plain), mapping),
        )
        yield (
            f"{DROPPED_SUM}: n·{shown} where Σ {shown} belongs (the observations differ, so their sum is not "
            "n times one of them)",
            restore_sums(sp.Add(*counted), mapping),
        )
