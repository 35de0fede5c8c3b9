"""The bias step: E[θ̂] − θ for each estimator whose exact expectation symle derives, the result that
gives it (the reason chosen by how bias_of found it), and the answer to "is it unbiased?"."""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from symle.algebra.notation import Bias, Hat
from symle.algebra.sample import SampleMax, SampleMin, n
from symle.budget import Budget
from symle.errors import SymleError
from symle.followups.bias import how
from symle.followups.exact_bias import GammaPower, gamma_sum, spacings
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.familiar import familiar
from symle.stages.step import Equation, Prose, Step, chain, formula, listed, prose

FACT_SECONDS = 4.0  # the distribution of an estimator's gamma statistic, found again to be said

_DATA = sp.IndexedBase("x")


def _order_statistic_reason(low: bool, high: bool) -> Prose:
    """E[x₍₁₎] and E[x₍ₙ₎] through the distribution function, only those the estimator holds."""
    parts = []
    if low:
        parts.append(prose(Bias(SampleMin(_DATA)), " is the lower end of the support plus ", formula("∫(1 − F)ⁿ")))
    if high:
        parts.append(prose(Bias(SampleMax(_DATA)), " is the upper end minus ", formula("∫Fⁿ")))
    return prose("an order statistic: with ", sp.Symbol("F"), " the distribution function, ", listed(parts))


def gamma_fact(estimator: Estimator, model: Model | None) -> GammaPower | None:
    """The gamma-distributed statistic an estimator is a power of, with its shape and rate, found
    as bias_of found it; None where there is none or it is not found within FACT_SECONDS."""
    kind = how(estimator)
    if model is None or estimator.value is None or kind not in ("spacings", "gamma sum"):
        return None
    find = spacings if kind == "spacings" else gamma_sum
    try:
        return find(estimator.value, model, Budget(FACT_SECONDS))
    except (SymleError, NotImplementedError, ValueError, TypeError):
        return None


def gamma_sentence(estimator: Estimator, fact: GammaPower, model: Model) -> Prose:
    """λ̂ = n/T, where T = Σ(xᵢ − x₍₁₎) is gamma distributed with shape n − 1 and rate λ by
    memorylessness, so E[λ̂] = nλ/(n − 2): the statement, made of the estimator's own statistic."""
    hat = Hat(estimator.parameter.symbol)
    taken = {s.name for s in model.symbols} | {model.var.name}
    t = sp.Symbol(next(name for name in ("T", "S", "U", "W") if name not in taken))
    mean = fact.mean
    tidied = sp.factor(sp.gammasimp(mean))
    mean = tidied if sp.count_ops(tidied) <= sp.count_ops(mean) else mean
    words = prose(chain(hat, familiar(fact.coefficient * t**fact.power)), ", where ", chain(t, fact.statistic))
    words += prose(" is gamma distributed with shape ", fact.shape, " and rate ", fact.rate)
    if fact.spacings:
        words += prose(" by the memorylessness of the exponential distribution")
    elif fact.term_shape == 1:
        words += prose(", as a sum of ", n, " independent exponential terms")
    else:
        words += prose(", as a sum of ", n, " independent gamma distributed terms of shape ", fact.term_shape)
    return words + prose(", so ", chain(Bias(hat), mean))


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
    stated = []  # a power of a gamma statistic: the statement itself, made from its facts
    for kind in ("spacings", "gamma sum"):
        for symbol in list(kinds.get(kind, [])):
            estimator = next(e for e in estimators.values() if e.parameter.symbol == symbol)
            fact = gamma_fact(estimator, model)
            if fact is not None and model is not None:
                stated.append(gamma_sentence(estimator, fact, model))
                kinds[kind].remove(symbol)
    kinds = {kind: symbols for kind, symbols in kinds.items() if symbols}
    if len(kinds) == 1 and not stated:
        ((kind, _),) = kinds.items()
        each = "The estimator is " if len(equations) == 1 else "Each estimator here is "
        sentence = prose(each, BIAS_REASONS[kind], ", which gives its expectation and so the bias")
    else:
        clauses = [
            prose(listed(Hat(s) for s in symbols), " is ", BIAS_REASONS[kind]) for kind, symbols in kinds.items()
        ]
        if clauses:
            stated.append(prose("Each result gives its estimator's expectation and so the bias"))
        sentence = prose(*(piece for k, clause in enumerate(clauses + stated) for piece in (". " if k else "", clause)))
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
