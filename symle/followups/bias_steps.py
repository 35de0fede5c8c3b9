"""The bias step: E[θ̂] − θ for each estimator whose exact expectation symle derives, the result that
gives it (the reason chosen by how bias_of found it), and the answer to "is it unbiased?"."""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symle.algebra.notation import Bias, Hat
from symle.algebra.sample import SampleMax, SampleMin, n
from symle.followups.bias import how
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.step import Equation, Prose, Step, chain, formula, listed, prose


def _order_statistic_reason(low: bool, high: bool) -> Prose:
    """E[x₍₁₎] and E[x₍ₙ₎] through the distribution function, only those the estimator holds."""
    parts = []
    if low:
        parts.append(prose(formula("E[x₍₁₎]"), " is the lower end of the support plus ", formula("∫(1 − F)ⁿ")))
    if high:
        parts.append(prose(formula("E[x₍ₙ₎]"), " is the upper end minus ", formula("∫Fⁿ")))
    return prose("an order statistic: with ", sp.Symbol("F"), " the distribution function, ", listed(parts))


BIAS_REASONS = {
    "linear": prose(
        "a linear function of sums over the data, and a sum over ",
        n,
        " independent observations has ",
        n,
        " times the expectation of one term",
    ),
    "polynomial": prose(
        "a polynomial in sums over the data: a sum over ",
        n,
        " independent observations has ",
        n,
        " times the expectation of one term, and a product of two sums has ",
        n,
        " terms with one observation twice and ",
        formula("n(n − 1)"),
        " with two independent ones",
    ),
    "smallest": _order_statistic_reason(True, False),
    "largest": _order_statistic_reason(False, True),
    "order statistics": _order_statistic_reason(True, True),
    "gamma sum": prose(
        "a power of a sum whose terms are gamma distributed; a sum of ",
        n,
        " independent such terms is gamma distributed as well, its shape ",
        n,
        " times theirs, and the expectation of a power of a gamma distributed variable is a ratio of values of the "
        "gamma function",
    ),
    "spacings": prose(
        "a power of the sum of the observations' distances above the smallest one, on a scale on which the "
        "observations are exponentially distributed; by the memorylessness of the exponential distribution "
        "that sum is gamma distributed with shape ",
        n - 1,
        ", and the expectation of a power of a gamma distributed variable is a ratio of values of the gamma function",
    ),
}


def _substituted(expr: sp.Expr, shift: int) -> sp.Expr:
    """expr with n = m + shift, m a nonnegative integer: the sizes for which it is said."""
    m = sp.Dummy("m", integer=True, nonnegative=True)
    return expr.xreplace({n: m + shift})


def _wendel(expr: sp.Expr) -> tuple[sp.Expr, Prose | None]:
    """Each ratio Γ(z + s)/Γ(z) with 0 < s < 1 written z^s u with 0 < u < 1 (Wendel's inequality,
    Γ(z + s) < z^s Γ(z) for z > 0), and the inequality as said."""
    gammas = sorted(expr.atoms(sp.gamma), key=sp.default_sort_key)
    for top in gammas:
        for bottom in gammas:
            s = sp.simplify(top.args[0] - bottom.args[0])
            if s.is_Rational and 0 < s < 1 and bottom.args[0].is_positive is not False:
                u = 1 / (1 + sp.Dummy("v", positive=True))
                bound = sp.Mul(sp.Pow(bottom.args[0], s, evaluate=False), bottom, evaluate=False)
                said = prose(chain(top, bound, relations=("<",)))
                return expr.xreplace({top: bottom.args[0] ** s * bottom * u}), said
    return expr, None


def sign_of_bias(bias: sp.Expr) -> tuple[int, Prose | None]:
    """+1, −1 or 0 (undecided) for every sample size where the expectation is finite, with the
    inequality the decision used, if any."""
    candidates = [(bias, None), _wendel(bias)]
    for expr, said in candidates:
        for shift in (1, 2, 3):
            value = _substituted(expr, shift)
            for form in (value, sp.factor(sp.together(value))):
                if form.is_positive:
                    return 1, said
                if form.is_negative:
                    return -1, said
    return 0, None


def _support_side(estimator: Estimator, model: Model | None) -> tuple[int, Prose | None]:
    """+1 for θ̂ = x₍₁₎ where θ is the support's lower end (x₍₁₎ > θ for every sample), −1 for
    θ̂ = x₍ₙ₎ at its upper end."""
    if model is None or estimator.value is None:
        return 0, None
    symbol, value = estimator.parameter.symbol, estimator.value
    if isinstance(value, SampleMin) and model.support.lower == symbol:
        return 1, prose(chain(value, symbol, relations=(">",)), " for every sample")
    if isinstance(value, SampleMax) and model.support.upper == symbol:
        return -1, prose(chain(value, symbol, relations=("<",)), " for every sample")
    return 0, None


def verdict(estimator: Estimator, bias: sp.Expr, model: Model | None = None) -> Prose:
    """The answer to "is it unbiased?" for one estimator: unbiased, or biased with its direction."""
    symbol = estimator.parameter.symbol
    hat = Hat(symbol)
    if sp.simplify(bias) == 0:
        return prose(hat, " is unbiased")
    sign, said = _support_side(estimator, model)
    if not sign:
        sign, said = sign_of_bias(bias)
    words = prose(hat, " is biased")
    if sign:
        words += prose(
            " " + ("upwards" if sign > 0 else "downwards") + " (it " + ("over" if sign > 0 else "under"),
            "estimates ",
            symbol,
            " on average",
        )
        words += prose(", since ", said, ")") if said is not None else prose(")")
    return words


def _joined(clauses: list[Prose]) -> list[Prose | str]:
    """a and b; a, b and c; with "; " between clauses that hold commas of their own."""
    inner = any("," in clause for clause in clauses)

    def joint(k: int) -> str:
        if k == 0:
            return ""
        if inner:
            return "; and " if k == len(clauses) - 1 else "; "
        return " and " if k == len(clauses) - 1 else ", "

    return [piece for k, clause in enumerate(clauses) for piece in (joint(k), clause)]


def bias_step(
    estimators: Mapping[str, Estimator], bias: Mapping[str, sp.Expr | None], model: Model | None = None
) -> Step:
    """E[theta-hat] - theta where an exact result gives the expectation, why (one reason for
    estimators found alike, else each estimator with its own), and whether each is unbiased."""
    equations = []
    unknown = []
    kinds: dict[str, list[sp.Symbol]] = {}
    verdicts: list[Prose] = []
    for name, estimator in estimators.items():
        value = bias.get(name)
        symbol = estimator.parameter.symbol
        if value is None:
            unknown.append(symbol)
            continue
        equations.append(Equation((Bias(Hat(symbol)) - symbol, value)))
        verdicts.append(verdict(estimator, value, model))
        kinds.setdefault(how(estimator), []).append(symbol)
    if not equations:
        sentence = prose(
            f"The exact expectation of the estimator{'s' if len(unknown) > 1 else ''} of ",
            listed(unknown),
            " is not derived here; the bias vanishes as ",
            n,
            " grows",
        )
        return Step("bias", "Bias", sentence + ".", ())
    if "smallest" in kinds and "largest" in kinds:  # x_(1) for one parameter, x_(n) for another: one reason
        kinds["order statistics"] = kinds.pop("smallest") + kinds.pop("largest")
    if len(kinds) == 1:
        ((kind, _),) = kinds.items()
        each = "The estimator is " if len(equations) == 1 else "Each estimator here is "
        sentence = prose(each, BIAS_REASONS[kind], ", which gives its expectation and so the bias")
    else:
        clauses = [
            prose(listed(Hat(s) for s in symbols), " is ", BIAS_REASONS[kind]) for kind, symbols in kinds.items()
        ]
        sentence = prose(
            *(piece for clause in clauses for piece in (clause, ". ")), "Each result gives its estimator's "
        )
        sentence += prose("expectation and so the bias")
    if unknown:
        sentence += prose("; for ", listed(unknown), " the exact expectation is not derived here")
    sentence += prose(". So ", *_joined(verdicts))
    fading = [Hat(e.parameter.symbol) for name, e in estimators.items() if _fades(bias.get(name))]
    if fading:
        biased = [e for name, e in estimators.items() if bias.get(name) is not None and sp.simplify(bias[name]) != 0]
        if len(fading) == len(biased):  # every bias fades: said once
            which = (
                "The bias vanishes"
                if len(fading) == 1
                else "Both biases vanish"
                if len(fading) == 2
                else "Each bias vanishes"
            )
            sentence += prose(". ", which, " as ", n, " grows")
        else:
            sentence += prose(". The bias of ", listed(fading), " vanishes as ", n, " grows")
    return Step("bias", "Bias", sentence + ".", tuple(equations))


def _fades(bias: sp.Expr | None) -> bool:
    """A bias that is not zero and vanishes as n grows."""
    return bias is not None and sp.simplify(bias) != 0 and sp.limit(bias, n, sp.oo) == 0


__all__ = ["BIAS_REASONS", "bias_step", "sign_of_bias", "verdict"]
