"""The steps of what follows the estimator: information, asymptotic variance, bias, invariance."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

import sympy as sp

from symle.algebra.notation import (
    AsymptoticVariance,
    ConditionalExpectation,
    DeltaForm,
    FisherInformation,
    Gradient,
    Hat,
    InverseInformationEntry,
    Slope,
    named,
)
from symle.algebra.printing import text
from symle.algebra.sample import n
from symle.followups.censored import observed_step
from symle.followups.information import Information
from symle.followups.invariance import FunctionEstimate
from symle.model.model import Model
from symle.stages.familiar import familiar
from symle.stages.step import Equation, Prose, Step, chain, formula, listed, prose


def _names(info: Information, which: Sequence[str]) -> Prose:
    return listed(info_parameter(info, name).symbol for name in which)


def info_parameter(info: Information, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in info.parameters if p.name == name)


def _curvature(one: bool) -> tuple[str, str]:
    """What the information is minus the expectation of, and what that is: with one parameter a
    second derivative, with several the Hessian (a matrix)."""
    return ("second derivative", "the second derivative") if one else ("Hessian", "the Hessian")


def _given_lead(expectations: Prose, one: bool) -> Prose:
    """A regression's information through each response's expectations given its covariates:
    with them shown, the sentence says what it uses (since E[yᵢ | tᵢ] = λtᵢ)."""
    word, it = _curvature(one)
    if expectations:
        return prose(
            f"given the covariates, the Fisher information is minus the expected {word} of the log-likelihood, the "
            f"expectation taken over the responses; {it} is a sum over the observations, and since ",
            expectations,
            ", its expectation gives the information",
        )
    return prose(
        f"given the covariates, the Fisher information is minus the expected {word} of the log-likelihood, the "
        f"expectation taken over the responses, term by term at each observation's own covariates, which gives "
        "the information"
    )


def _leads(one: bool) -> dict[str, Prose]:
    """The lead of the information step for each way it was found (`how`), in the words of one
    parameter (a second derivative, a number) or several (the Hessian, a matrix)."""
    word, it = _curvature(one)
    minus = f"the Fisher information is minus the expected {word} of the log-likelihood"
    return {
        "score identity": prose(
            f"{minus}; {it} is linear in the sums over the data, and a sum over ",
            n,
            " independent observations has ",
            n,
            " times the expectation of one term, which gives the information",
        ),
        "no responses": prose(
            f"given the covariates, {minus}, the expectation taken over the responses; here {it} does not depend "
            "on the responses, so its expectation is itself"
        ),
        "no data": prose(f"{minus}; here {it} does not depend on the data, so its expectation is itself"),
        "integrals": prose(
            f"{minus}; a sum over ",
            n,
            " independent observations has ",
            n,
            " times the expectation of one term, here an integral over the density, which gives the information",
        ),
        "hazard": prose(
            f"{minus}; a sum over ",
            n,
            " independent observations has ",
            n,
            " times the expectation of one term, here found from the density's form ",
            formula("±H′"),
            sp.exp(-sp.Symbol("H")),
            ", with ",
            formula("H"),
            " zero at an end of the support: ",
            formula("H(X)"),
            " is exponential with mean 1, and each term is a power of it times a power of its logarithm, whose "
            "expectation is a derivative of the gamma function, which gives the information",
        ),
        "distribution function": prose(
            f"{minus}; a sum over ",
            n,
            " independent observations has ",
            n,
            " times the expectation of one term, here found from the density's form: its distribution function ",
            formula("F(X)"),
            " is uniform on (0, 1), and each term is a product of powers of ",
            formula("F(X)"),
            ", ",
            formula("1 − F(X)"),
            " and their logarithms, whose expectation is a derivative of the beta function, which gives the "
            "information",
        ),
        "known": (
            prose(
                f"{minus}, ",
                n,
                " times that of one observation, the expectation of minus the second derivative of ",
                sp.log(sp.Symbol("f")),
            )
            if one
            else prose(
                f"{minus}, ",
                n,
                " times that of one observation; for one observation each entry is the expectation of minus a "
                "second derivative of ",
                sp.log(sp.Symbol("f")),
                ", and these expectations give the matrix below",
            )
        ),
        "known given the covariates": prose(
            f"given the covariates, {minus}, the expectation taken over the responses; each response contributes "
            "the expectation of minus the second ",
            "derivative" if one else "derivatives",
            " of its ",
            sp.log(sp.Symbol("f")),
            " at its own covariate, and the information is the sum of these",
        ),
        "score outer product": prose(
            "the log-likelihood is not differentiable where an observation equals the parameter, but its score "
            "exists everywhere else, so the Fisher information is the expected square of the score, integrated "
            "on either side of that point"
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
    one = len(regular) == 1
    if how == "given the covariates" and model is not None:
        lead = _given_lead(_given(info, model), one)
    else:
        leads = _leads(one)
        lead = leads.get(how, leads["score identity"])
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
    if info.irregular:
        bounds = [p.symbol for p in info.parameters if p.name in info.irregular]
        sentence += prose(
            ". ",
            listed(Hat(s) for s in bounds),
            " has" if len(bounds) == 1 else " have",
            " no asymptotic variance of this kind: ",
            listed(bounds),
            " bounds the support" if len(bounds) == 1 else " bound the support",
            ", where the regular theory behind the information does not apply",
        )
    return Step("variance", "Asymptotic variance", sentence + ".", equations, claims=claims)


def function_step(f: FunctionEstimate, info: Information | None = None) -> Step:
    """g(theta-hat) by invariance, with the delta-method variance when the information exists: its
    formula, g′(θ)²/𝓘(θ) for one parameter or ∇gᵀ𝓘⁻¹∇g for several, with the derivative shown."""
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
    if f.variance is not None and info is not None and info.regular:
        formula_, derivative = delta_formula(f, info)
        equations.append(derivative)
        equations.append(Equation((AsymptoticVariance(named(name, True)), formula_, f.variance)))
        what = "its derivative" if len(info.regular) == 1 else "its gradient"
        sentence += prose("; by the delta method its asymptotic variance is ", formula_, f", with {what} below")
    elif f.variance is not None:
        equations.append(Equation((AsymptoticVariance(named(name, True)), f.variance)))
    title = prose("Estimating ", named(name, False), " by invariance")
    return Step("function", title, sentence + ".", tuple(equations))


def delta_formula(f: FunctionEstimate, info: Information) -> tuple[sp.Expr, Equation]:
    """The delta method's variance as a formula, and the derivative it uses: g′(θ)²/𝓘(θ) with g′(θ)
    for one regular parameter; ∇gᵀ𝓘⁻¹∇g with the gradient ∇g for several."""
    name = sp.Symbol(f.name)
    regular = [p.symbol for p in info.regular]
    if len(regular) == 1:
        (symbol,) = regular
        slope = Slope(name, symbol)
        return slope**2 / FisherInformation(symbol), Equation((slope, _shortest(sp.diff(f.expression, symbol))))
    gradient = sp.Matrix([_shortest(sp.diff(f.expression, s)) for s in regular])
    return DeltaForm(name, *regular), Equation((Gradient(name), gradient))


def _in_result(f: FunctionEstimate) -> sp.Expr:
    """A function's estimate as the Result lists it: in the data when that is short and free of other
    estimates (e^(−x̄)), else in the estimates listed above it (e^(μ̂ + σ̂²/2))."""
    data = f.familiar
    if data is None or data.has(Hat) or len(text(data)) > 2 * len(text(f.with_hats)) + 10:
        return f.with_hats
    return data


def _shortest(expr: sp.Expr) -> sp.Expr:
    """A derivative in its shortest of a few equal forms: logit′(p) = 1/(p(1 − p))."""
    forms = (sp.factor(sp.cancel(expr)), sp.simplify(expr), sp.cancel(expr), expr)  # ties: the factored form
    return min(forms, key=lambda form: (sp.count_ops(form), forms.index(form)))


def with_functions(result: Step, functions: Sequence[FunctionEstimate]) -> Step:
    """The Result with the estimate of every function asked for, in the data where the parameters it
    uses have closed forms, else in their estimates."""
    if not functions:
        return result
    shown = [Equation((named(f.name, True), _in_result(f))) for f in functions]
    names = listed(named(f.name, False) for f in functions)
    text = result.text if isinstance(result.text, Prose) else prose(result.text)
    lines = (
        "The last line is the estimator"
        if len(functions) == 1
        else f"The last {len(functions)} lines are the estimators"
    )
    sentence = prose(text, f" {lines} of ", names, ", by invariance.")
    return dataclasses.replace(result, text=sentence, equations=(*result.equations, *shown))


def without_functions(result: Step, functions: Sequence[FunctionEstimate]) -> Step:
    """The Result as it was before with_functions added the functions' lines and their sentence: a
    worksheet asks for the functions in a part of their own, after the estimators."""
    if not functions:
        return result
    text = result.text if isinstance(result.text, Prose) else prose(result.text)
    kept: list = []
    for part in text.parts:
        cut = part.find(" The last ") if isinstance(part, str) else -1
        if cut >= 0:
            kept.append(part[:cut])
            break
        kept.append(part)
    return dataclasses.replace(result, text=prose(*kept), equations=result.equations[: -len(functions)])


def followup_steps(
    info: Information, functions: Sequence[FunctionEstimate], model: Model | None = None
) -> tuple[Step, ...]:
    """The steps that follow the estimators in a derivation: information, variance, functions."""
    conditional = model is not None and model.conditional
    if model is not None and model.censoring is not None:
        return (observed_step(info), *(function_step(f, info) for f in functions))
    steps = [fisher_step(info, model)]
    variance = variance_step(info, conditional)
    if variance is not None:
        steps.append(variance)
    steps.extend(function_step(f, info) for f in functions)
    return tuple(steps)
