"""The steps of what follows the estimator: information, asymptotic variance, bias, invariance."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import sympy as sp

from symle.algebra.notation import (
    AsymptoticVariance,
    Bias,
    ConditionalExpectation,
    FisherInformation,
    Hat,
    InverseInformationEntry,
    named,
)
from symle.algebra.printing import text
from symle.algebra.sample import SampleMax, SampleMaxAbs, SampleMin, n
from symle.followups.information import Information
from symle.followups.invariance import FunctionEstimate
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.familiar import familiar
from symle.stages.step import Equation, Prose, Step, chain, formula, listed, prose


def _names(info: Information, which: Sequence[str]) -> Prose:
    return listed(info_parameter(info, name).symbol for name in which)


def info_parameter(info: Information, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in info.parameters if p.name == name)


def _given_lead(expectations: Prose) -> Prose:
    """A regression's information through each response's expectations given its covariates."""
    return prose(
        "given the covariates, the Fisher information is minus the expected Hessian of the log-likelihood, the "
        "expectation taken over the responses; the Hessian is a sum over the observations of terms linear in "
        "functions of the response, whose expectations at each observation's own covariates follow from its "
        "score identity",
        prose(" (", expectations, ")") if expectations else prose(),
        ", which gives the information",
    )


LEADS = {
    "score identity": prose(
        "the Fisher information is minus the expected Hessian of the log-likelihood; the Hessian is linear in "
        "the sums over the data, and a sum over ",
        n,
        " independent observations has ",
        n,
        " times the expectation of one term, which gives the information",
    ),
    "no responses": prose(
        "given the covariates, the Fisher information is minus the expected Hessian of the log-likelihood, the "
        "expectation taken over the responses; here the Hessian does not depend on the responses, so its "
        "expectation is itself"
    ),
    "no data": prose(
        "the Fisher information is minus the expected Hessian of the log-likelihood; here the Hessian does not "
        "depend on the data, so its expectation is itself"
    ),
    "integrals": prose(
        "the Fisher information is minus the expected Hessian of the log-likelihood; a sum over ",
        n,
        " independent observations has ",
        n,
        " times the expectation of one term, here an integral over the density (checked by numerical "
        "integration), which gives the information",
    ),
    "known": prose(
        "the Fisher information is minus the expected Hessian of the log-likelihood; the expectation of one "
        "observation's term is the standard result for this model, and ",
        n,
        " independent observations carry ",
        n,
        " times as much",
    ),
    "known given the covariates": prose(
        "given the covariates, the Fisher information is minus the expected Hessian of the log-likelihood, the "
        "expectation taken over the responses; each observation contributes the standard term for this model at "
        "its own covariate, and the information is the sum of these"
    ),
    "score outer product": prose(
        "the log-likelihood is not differentiable where an observation equals the parameter, but its score "
        "exists everywhere else, so the Fisher information is the expected square of the score, integrated on "
        "either side of that point"
    ),
}


def _given(info: Information, model: Model) -> Prose:
    """E[yᵢ | tᵢ] = λtᵢ and E[yᵢ² | tᵢ] = (a + bxᵢ)² + σ²: the expectations the information took, at
    observation i (a second moment as the mean's square plus the variance, where that is shorter)."""
    covariates = sp.Tuple(*(model.observation(c) for c in model.covariates))
    mean = info.given.get(model.var)

    def shown(core: sp.Expr, value: sp.Expr) -> sp.Expr:
        if mean is not None and core == model.var**2:
            variance = sp.factor(sp.expand(value - mean**2))
            if not variance.has(*model.covariates):
                with sp.evaluate(False):
                    return sp.Add(sp.Pow(mean, 2), variance)
        return value

    return listed(
        chain(ConditionalExpectation(model.observation(core), covariates), model.observation(shown(core, value)))
        for core, value in info.given.items()
    )


def holds_data(hessian: sp.Matrix | None) -> bool:
    """Whether the Hessian holds sums over the data (the statistics T₁, T₂, … or sums themselves)."""
    if hessian is None:
        return True
    if hessian.atoms(sp.Sum, sp.Indexed):
        return True
    return any(re.fullmatch(r"T\d+", s.name) for s in hessian.free_symbols if isinstance(s, sp.Symbol))


def fisher_step(info: Information, model: Model | None = None) -> Step:
    """The expected information of the regular parameters, or why there is none; a regression's
    is given the covariates, with the expectations of the responses it takes (E[yᵢ | tᵢ] = λtᵢ)."""
    regular = [p.symbol for p in info.regular]
    irregular = list(info.irregular)
    if not regular:
        return Step(
            "fisher",
            "Fisher information",
            prose(
                "The support depends on ",
                _names(info, irregular),
                ", so the likelihood is not differentiable there and the Fisher information does not exist in "
                "the regular sense; the "
                + (
                    "estimator is not asymptotically normal (it converges"
                    if len(info.parameters) == 1
                    else "estimators are not asymptotically normal (they converge"
                )
                + " at rate ",
                n,
                ", faster than the usual ",
                formula("√n"),
                ").",
            ),
            (),
            claims=("information-irregular-all",),
        )
    prefix = prose()
    if irregular:
        prefix = prose(
            "The information does not exist in the regular sense for ",
            _names(info, irregular),
            " (",
            next(iter(info.irregular.values())),
            "); for ",
            "the other parameter, " if len(info.regular) == 1 else "the other parameters, ",
            _names(info, [p.name for p in info.regular]),
            ", with ",
            _names(info, irregular),
            " held at " + ("its value" if len(irregular) == 1 else "their values") + ", ",
        )
    if info.fisher is None:
        why = info.why or prose("it was not computed")
        sentence = prefix + prose("the expected information is not derived here: ", why, ".")
        return Step("fisher", "Fisher information", sentence.capitalised(), (), claims=("information-none",))
    how = info.how or "score identity"
    if how == "score identity" and not holds_data(info.hessian):
        how = "no data"
    if how == "given the covariates" and model is not None:
        lead = _given_lead(_given(info, model))
    else:
        lead = LEADS.get(how, LEADS["score identity"])
    sentence = (prefix + lead) if prefix else lead.capitalised()
    lhs = FisherInformation(*regular)
    if len(regular) == 1:
        equation = Equation((lhs, info.fisher[0, 0]))
    else:
        equation = Equation((lhs, info.fisher))
    claims = (f"information-{how}",) + (("information-irregular",) if irregular else ())
    return Step("fisher", "Fisher information", sentence + ".", (equation,), claims=claims)


LONGEST_VARIANCE = 80  # characters of plain text: a longer variance is left as [I⁻¹]_kk


def variance_step(info: Information, conditional: bool = False) -> Step | None:
    """The inverse information's diagonal: the asymptotic variances and the Cramér–Rao bound."""
    shown = [(p, info.variance[p.name]) for p in info.regular if info.variance.get(p.name) is not None]
    if not shown:
        return None
    sentence = (
        prose(
            "The estimator is asymptotically normal with variance the inverse of the information"
            if len(info.regular) == 1
            else "Each estimator is asymptotically normal with variance its diagonal entry of the inverse information"
        )
        + "; this is also the Cramér–Rao lower bound for the variance of an unbiased estimator"
    )
    claims: tuple[str, ...] = ("variance",)
    shown = [(p, familiar(value) if value.has(sp.Sum) else value) for p, value in shown]
    long = any(len(text(value)) > LONGEST_VARIANCE for _, value in shown)
    if len(info.regular) > 1 and long:
        # sums over the covariates: the explicit inverse is too long to print; the JSON keeps it
        index = {p.name: k for k, p in enumerate(info.regular, start=1)}
        equations = tuple(
            Equation((AsymptoticVariance(Hat(p.symbol)), InverseInformationEntry(sp.Integer(index[p.name]))))
            for p, _ in shown
        )
        sums = [v.atoms(sp.Sum) for _, v in shown]
        infinite = any(total.limits[0][2] == sp.oo for group in sums for total in group)
        what = (
            "ratios of sums over the covariates"
            if conditional
            else "ratios that hold infinite series"
            if infinite
            else "ratios of sums"
        )
        sentence += prose(
            f"; here the inverse is best left as a matrix, as its entries are long {what}, and evaluated "
            "numerically at the estimate (symle fit reports the standard errors)"
        )
        claims = ("variance-covariates" if conditional else "variance-series" if infinite else "variance-sums",)
    else:
        equations = tuple(Equation((AsymptoticVariance(Hat(p.symbol)), value)) for p, value in shown)
    return Step("variance", "Asymptotic variance", sentence + ".", equations, claims=claims)


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
}


def bias_kind(estimator: Estimator) -> str:
    """Which exact result gives an estimator's expectation (symle.followups.bias)."""
    value = estimator.value
    if value is None:
        return "polynomial"
    low, high = value.has(SampleMin), value.has(SampleMax) or value.has(SampleMaxAbs)
    if low or high:
        return "order statistics" if low and high else "smallest" if low else "largest"
    if any(p.is_Pow and not p.exp.is_Integer and p.base.has(sp.Sum) for p in value.atoms(sp.Pow)):
        return "gamma sum"
    if any(p.is_Pow and p.exp.is_negative and p.base.has(sp.Sum) for p in value.atoms(sp.Pow)):
        return "gamma sum"
    sums = {s: sp.Dummy() for s in value.atoms(sp.Sum)}
    hidden = value.xreplace(sums)
    if sums and hidden.is_polynomial(*sums.values()) and sp.Poly(hidden, *sums.values()).total_degree() <= 1:
        return "linear"
    return "polynomial"


def bias_step(estimators: Mapping[str, Estimator], bias: Mapping[str, sp.Expr | None]) -> Step:
    """E[theta-hat] - theta where an exact result gives the expectation, and why."""
    equations = []
    unknown = []
    kinds: list[str] = []
    for name, estimator in estimators.items():
        value = bias.get(name)
        symbol = estimator.parameter.symbol
        if value is None:
            unknown.append(symbol)
            continue
        equations.append(Equation((Bias(Hat(symbol)) - symbol, value)))
        kind = bias_kind(estimator)
        if kind not in kinds:
            kinds.append(kind)
    if not equations:
        sentence = prose(
            f"The exact expectation of the estimator{'s' if len(unknown) > 1 else ''} of ",
            listed(unknown),
            " is not derived here; the bias vanishes as ",
            n,
            " grows",
        )
    else:
        if "smallest" in kinds and "largest" in kinds:  # x_(1) for one parameter, x_(n) for another: one reason
            kinds = ["order statistics" if k == "smallest" else k for k in kinds if k != "largest"]
        each = "The estimator is " if len(equations) == 1 else "Each estimator here is "
        reasons = [piece for k, kind in enumerate(kinds) for piece in (("; or " if k else ""), BIAS_REASONS[kind])]
        sentence = prose(each, *reasons, ", which gives its expectation and so the bias")
        if unknown:
            sentence += prose("; for ", listed(unknown), " the exact expectation is not derived here")
    return Step("bias", "Bias", sentence + ".", tuple(equations))


def function_step(f: FunctionEstimate) -> Step:
    """g(theta-hat) by invariance, with the delta-method variance when the information exists."""
    name = f.name
    chain: list[sp.Basic] = [named(name, True), f.with_hats]
    if f.familiar is not None and f.familiar != f.with_hats:
        chain.append(f.familiar)
    equations = [Equation((named(name, False), f.expression)), Equation(tuple(chain))]
    sentence = prose(
        "The maximum-likelihood estimator of a function of the parameters is that function of their "
        "estimators (invariance), so the estimator of ",
        named(name, False),
        " is below",
    )
    if f.variance is not None:
        equations.append(Equation((AsymptoticVariance(named(name, True)), f.variance)))
        sentence += prose(
            "; by the delta method its asymptotic variance is the inverse information taken between the "
            "gradients of the function"
        )
    title = prose("Estimating ", named(name, False), " by invariance")
    return Step("function", title, sentence + ".", tuple(equations))


def followup_steps(
    info: Information, functions: Sequence[FunctionEstimate], model: Model | None = None
) -> tuple[Step, ...]:
    """The steps that follow the estimators in a derivation: information, variance, functions."""
    conditional = model is not None and model.conditional
    steps = [fisher_step(info, model)]
    variance = variance_step(info, conditional)
    if variance is not None:
        steps.append(variance)
    steps.extend(function_step(f) for f in functions)
    return tuple(steps)
