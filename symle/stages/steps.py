"""The steps of a derivation, in textbook order, each with one sentence saying why it is taken."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.printing import text as plain_text
from symle.algebra.sample import n
from symle.model.model import Model
from symle.stages.bounds import boundary_step, indicators, model_support, restriction
from symle.stages.censored_steps import censored_likelihood_step, censored_model_step, failures_said
from symle.stages.class_steps import class_likelihood_step, class_loglik_step, class_model_step
from symle.stages.estimators import Estimator
from symle.stages.existence import exists_when
from symle.stages.likelihood import Likelihood
from symle.stages.maximum import ONE_ROOT, Maximum
from symle.stages.maximum_steps import maximum_step
from symle.stages.numeric_steps import equation_step, numeric_equation, numeric_recipe_step, profile_step, result_step
from symle.stages.restricted import restriction_chain, unknowns
from symle.stages.samples_steps import samples_likelihood_step, samples_model_step
from symle.stages.secondorder import SecondOrder
from symle.stages.solve import Solved, score_of
from symle.stages.step import Equation, Prose, Step, chain, formula, listed, prose
from symle.stages.weighted_steps import weighted_likelihood_step, weighted_loglik_step, weighted_model_step


def _names(model: Model) -> Prose:
    return unknowns(model.parameters, page=True)


def _sign_outside(value: sp.Expr) -> sp.Expr:
    """(1 - θ)/2 rather than -(θ - 1)/2: a negative numeric factor taken into the other factor."""
    coefficient, rest = sp.factor(value).as_coeff_Mul()
    if coefficient.is_negative:
        return sp.Mul(-coefficient, sp.expand(-rest), evaluate=False)
    return sp.Mul(coefficient, rest, evaluate=False) if coefficient != 1 else rest


def _inferred_space(model: Model) -> Prose:
    """It is a density only for −1 ≤ θ ≤ 1: ... (the space found from the density's sign, and why)."""
    found = [p for p in model.parameters if p.interval is not None and p.interval.inferred]
    if not found:
        return prose()
    x, sup = model.var, model.support
    values = [
        prose(_sign_outside(model.density.xreplace({x: end})), " at ", chain(x, end))
        for end in (sup.lower, sup.upper)
        if end.is_finite
    ]
    return prose(
        " It is a density only for ",
        listed(restriction_chain(p) for p in found),
        ": it is monotone in ",
        x,
        ", so it is not negative on the support exactly when its values at the ends, ",
        listed(values),
        ", are not negative.",
    )


def model_step(model: Model, density: sp.Expr) -> Step:
    x = model.var
    kind = "probability mass function" if model.discrete else "density"
    declared = {p.name: p.symbol for p in model.known_parameters}
    # a known value shown in the density (10, not m) is named with it, so the reader finds it there
    known = [
        declared.get(k, sp.Symbol(k)) if v is None else chain(declared.get(k, sp.Symbol(k)), v)
        for k, v in model.known.items()
    ]
    who = "Each observation has"
    lhs = N.Density(x, *model.symbols)
    if model.conditional:  # a regression: the density of a response given its covariates, f(y | x; b0, b1)
        given = "covariates" if len(model.covariates) > 1 else "covariate"
        who = f"Each response, given its {given}, has"
        lhs = N.ConditionalDensity(x, sp.Tuple(*model.covariates), *model.symbols)
    sentence = prose(f"{who} the {kind} below, with unknown ", _names(model))
    if known:
        sentence += prose("; ", listed(known), " is" if len(known) == 1 else " are", " known")
    if model.conditional:
        sentence += _covariates_known(model)
    sup = model.support
    condition = None
    if not (sup.lower == sp.S.NegativeInfinity and sup.upper == sp.S.Infinity and not sup.discrete):
        condition = model_support(model)
    equation = Equation((lhs, density), condition=condition)
    sentence = prose(sentence, ".", _inferred_space(model))
    return Step("model", "The model", sentence, (equation,), claims=("pmf" if model.discrete else "density",))


def _covariates_known(model: Model) -> Prose:
    """; the covariate t is known for each observation and treated as fixed (and positive, where the
    density takes its logarithm or a power of it)."""
    many = len(model.covariates) > 1
    positive = model.positive_covariates
    subject = prose("; the covariate" + ("s " if many else " "), listed(model.covariates), " are" if many else " is")
    if positive and len(positive) == len(model.covariates):
        return subject + prose(" known for each observation, treated as fixed, and positive, as the density requires")
    sentence = subject + prose(" known for each observation and treated as fixed")
    if positive:
        sentence += prose(", and ", listed(positive), " is" if len(positive) == 1 else " are")
        sentence += prose(" positive, as the density requires")
    for group in model.groups:  # weighed by g and 1 - g: each marks a group, 0 or 1
        if len(group) == 1 and not model.density.has(1 - group[0]):
            sentence += prose("; ", group[0], " is 0 or 1, the indicator of a group, as declared")
        elif len(group) == 1:
            sentence += prose("; ", group[0], " is 0 or 1, the indicator of a group, as the density's ")
            sentence += prose(group[0], " and ", 1 - group[0], " say")
        else:
            sentence += prose("; ", listed(group), " are 0 or 1, at most one of them 1, each the indicator of a ")
            sentence += prose("group, as the density's ", 1 - sp.Add(*group), " says")
    return sentence


def likelihood_step(likelihood: Likelihood) -> Step:
    model = likelihood.model
    lhs = N.Likelihood(*model.symbols)
    bounds = model.support.parameters_in_bounds(model.symbols)
    form = likelihood.product_form
    densities = "probabilities" if model.discrete else "densities"
    who = "responses are independent given the covariates" if model.conditional else "observations are independent"
    sentence = f"The {who}, so the likelihood is the product of their {densities}."
    product = likelihood.product
    if bounds:
        form = form * sp.Mul(*indicators(model))
        if isinstance(product, sp.Product):  # each density with its indicator: the chain's "=" holds
            index = product.limits[0][0]
            each = indicators(model, sp.IndexedBase(model.data.label)[index])
            product = sp.Product(product.function * sp.Mul(*each), *product.limits)
        sentence = (
            f"The {who}, so the likelihood is the product of their {densities}; "
            "the support depends on a parameter, so each density carries the indicator of its support."
        )
    claims = ("independent-given-covariates" if model.conditional else "independent",)
    claims += ("support-indicator",) if bounds else ()
    return Step("likelihood", "Likelihood", sentence, (Equation((lhs, product, form)),), claims=claims)


def loglik_step(likelihood: Likelihood) -> Step:
    """The log-likelihood; where a parameter bounds the support, on the values where the likelihood is
    positive (θ ≤ x₍₁₎), written beside it."""
    model = likelihood.model
    where = restriction(model)
    sentence = prose(
        "The logarithm turns the product into a sum and has the same maximiser, so we maximise the log-likelihood"
    )
    if where:
        sentence += prose(", defined where the likelihood is positive, ", listed(where))
    lhs = N.LogLikelihood(*model.symbols)
    condition = (where[0] if len(where) == 1 else N.Conditions(*where)) if where else None
    equation = Equation((lhs, likelihood.loglik_form or likelihood.loglik), condition=condition)
    return Step("loglik", "Log-likelihood", sentence + ".", (equation,))


def median_step(estimator: Estimator, loglik: sp.Expr) -> Step:
    """μ̂ = med: the log-likelihood is −c Σ|xᵢ − μ| plus terms free of μ; its derivative in μ, away
    from the observations, is c times (the number of observations above μ minus the number below)."""
    symbol = estimator.parameter.symbol
    absolute = next(s for s in loglik.atoms(sp.Sum) if isinstance(s.function, sp.Abs) and s.has(symbol))
    multiple = -loglik.coeff(absolute)
    total = sp.Symbol("S")
    sentence = prose(
        "The log-likelihood depends on ",
        symbol,
        " only through ",
        -multiple * total,
        ", where ",
        formula(f"S = Σ|xᵢ − {plain_text(symbol)}|"),
        " is not differentiable where ",
        symbol,
        " equals an observation; elsewhere the derivative of ",
        total,
        " in ",
        symbol,
        " is the number of observations below ",
        symbol,
        " minus the number above, so the log-likelihood's derivative is ",
        multiple,
        " times the number above minus the number below: positive below the sample median and negative "
        "above it. The median therefore maximises the likelihood (for even ",
        n,
        " every point between the two middle order statistics does, and their midpoint is the usual choice).",
    )
    return Step(
        "median",
        prose("Estimating ", symbol, ": the median"),
        sentence,
        (Equation((N.Hat(symbol), estimator.value)),),
        estimator.parameter.name,
        (f"median:{symbol.name}",),
    )


def score_step(likelihood: Likelihood, symbol: sp.Symbol) -> Step:
    """The derivative of the log-likelihood itself; estimates found from the support come in only
    when its equation is solved (the next step says so)."""
    return Step(
        "score",
        prose("Score for ", symbol),
        prose("Differentiating the log-likelihood with respect to ", symbol, " gives the score."),
        (Equation((N.Partial(symbol), score_of(likelihood.loglik, symbol))),),
        symbol.name,
    )


def _holds_constants(value: sp.Expr) -> bool:
    """A sum with a term that is no observation's (Σ(r + xᵢ) for nr + Σxᵢ): no form a textbook shows
    beside the familiar one (r/(r + x̄))."""
    return any(
        isinstance(s.function, sp.Add)
        and any(not t.has(s.limits[0][0]) and not t.atoms(sp.IndexedBase) for t in s.function.args)
        for s in value.atoms(sp.Sum)
    )


def solve_step(solved: Solved, estimator: Estimator, earlier: dict[sp.Symbol, sp.Expr]) -> Step:
    symbol = estimator.parameter.symbol
    hat = N.Hat(symbol)
    equation = Equation((solved.scores[symbol], sp.Integer(0)))
    sentence = prose("Setting the score to zero and solving for ", symbol, " gives the estimator")
    if isinstance(estimator.value, sp.atan2):
        sentence = _angle_sentence(symbol, estimator.value)
    used = [s for s in earlier if solved.scores[symbol].has(s)]
    if used:
        sentence += prose(", after substituting the estimate" + ("s" if len(used) > 1 else "") + " of ", listed(used))
        sentence += prose(" found above")
    if estimator.exists is not None:
        sentence += prose(", ", exists_when(estimator.exists))
    chain_ = [hat, estimator.familiar]
    nested = any(s.function.has(sp.Sum) for s in estimator.value.atoms(sp.Sum)) or _holds_constants(estimator.value)
    if estimator.familiar != estimator.value and not nested and not _is_root(estimator.familiar):
        chain_.append(estimator.value)
    title = prose("Solving for ", symbol)
    claims = (f"closed-form:{symbol.name}",) + ((f"substituted:{symbol.name}",) if used else ())
    claims += (f"exists:{symbol.name}",) if estimator.exists is not None else ()
    return Step("solve", title, sentence + ".", (equation, Equation(tuple(chain_))), symbol.name, claims)


def _angle_sentence(symbol: sp.Symbol, angle: sp.atan2) -> Prose:
    """Which of the score's two roots on the circle is the maximum (symle.stages.solve.on_the_circle)."""
    y, x = angle.args
    return prose(
        "Setting the score to zero gives ",
        chain(sp.tan(symbol), sp.Mul(y, sp.Pow(x, -1, evaluate=False), evaluate=False)),
        ", two roots half a turn apart; the log-likelihood is a constant plus a positive multiple of ",
        chain(sp.cos(symbol - N.Hat(symbol))),
        ", so the maximum is the root pointing at ",
        chain(sp.Tuple(x, y)),
        ", its angle atan2 (the quadrant from the signs of both sums)",
    )


def _is_root(expr: sp.Expr) -> bool:
    """sqrt(S/(2n)), -1 - n/S, x̄ + W₀(…): its plain-sum twin would only undo the tidy form, so it is not
    shown."""
    if expr.has(sp.LambertW):  # x̄ + W₀(−x̄e^(−x̄)): the sums inside W₀ would only be longer
        return True
    return isinstance(expr, sp.Pow) and expr.exp == sp.S.Half or isinstance(expr, sp.Add) and expr.args[0].is_Number


def second_order_step(check: SecondOrder, estimators: dict[str, Estimator] | None = None) -> Step:
    symbols = [p.symbol for p in check.parameters]
    conditions = [e.exists for e in (estimators or {}).values() if e.exists is not None]
    if check.at_estimate is None or not check.proved:
        what = (
            "The sign of the second derivative at the estimate"
            if len(symbols) == 1
            else "Whether the Hessian is negative definite at the estimate"
        )
        return Step(
            "second-order",
            "Second-order condition",
            prose(what, " is not shown here, so the stationary point is not proved to be a maximum."),
            (),
            claims=("second-order-unproved",),
        )
    if len(symbols) == 1:
        (symbol,) = symbols
        value = check.at_estimate[0, 0]
        where = prose(" (", exists_when(conditions[0], why=False), ")") if conditions else prose()
        sentence = prose(
            "The second derivative is negative at the estimate",
            where,
            prose(", since ", listed(check.facts)) if check.facts else prose(),
            ", so the stationary point is a maximum.",
        )
        only = ()
        if check.decreasing is not None:  # the score changes sign once: the local maximum is global
            sentence += prose(
                " The score has the sign of ",
                check.decreasing,
                ", which decreases strictly in ",
                symbol,
                ", so ",
                N.Hat(symbol),
                " is the only stationary point and the global maximum.",
            )
            only = (f"only-stationary:{check.parameters[0].name}",)
        return Step(
            "second-order",
            "Second-order condition",
            sentence,
            (Equation((N.AtEstimate(N.Partial(symbol, symbol), symbol), value, sp.Integer(0)), ("=", "<")),),
            claims=("second-order-at-estimate", *only, *(f"exists:{c.parameter.name}" for c in conditions[:1])),
        )
    hessian = sp.Symbol("H")
    equations = [Equation((hessian, check.at_estimate))]
    for k, minor in enumerate(check.minors, start=1):
        equations.append(Equation((sp.Symbol(f"D{k}"), minor, sp.Integer(0)), ("=", "<" if k % 2 else ">")))
    minors = listed(sp.Symbol(f"D{k}") for k in range(1, len(check.minors) + 1))
    sentence = prose(
        "At the estimate the leading principal minors ",
        minors,
        " of the Hessian ",
        hessian,
        " alternate in sign, starting negative, so ",
        hessian,
        " is negative definite and the stationary point is a maximum",
    )
    if check.facts:
        sentence += prose("; their signs follow from ", listed(check.facts))
    return Step(
        "second-order", "Second-order condition", sentence + ".", tuple(equations), claims=("second-order-at-estimate",)
    )


def build_steps(
    likelihood: Likelihood,
    solved: Solved,
    estimators: dict[str, Estimator],
    second_order: SecondOrder | None,
    starts: dict[str, str] | None = None,
    maximum: Maximum | None = None,
) -> tuple[Step, ...]:
    """All steps in the order a textbook takes them: model, likelihood, log-likelihood, support and
    median rules, scores, the closed forms, the profiles, the equations left for the numeric method,
    why the root is the maximum, how it is found, and the result naming every estimator."""
    model = likelihood.model
    steps = [model_step(model, likelihood.density_form), likelihood_step(likelihood), loglik_step(likelihood)]
    if model.censoring is not None:
        steps[:2] = [censored_model_step(model), censored_likelihood_step(likelihood)]
    if model.grouping is not None:
        steps = [class_model_step(model), class_likelihood_step(likelihood), class_loglik_step(steps[2], model)]
    if model.weighting is not None:
        plain = model_step(model.uncensored, model.weighting.display)
        steps = [weighted_model_step(plain, model), weighted_likelihood_step(likelihood)]
        steps.append(weighted_loglik_step(loglik_step(likelihood), model))
    if model.samples is not None:
        steps[:2] = [samples_model_step(model), samples_likelihood_step(likelihood)]
    earlier: dict[sp.Symbol, sp.Expr] = {}
    for solution in solved.solutions:
        estimator = estimators[solution.parameter.name]
        if solution.rule.startswith("support-"):
            steps.append(boundary_step(likelihood, estimator, solution.rule))
            earlier[solution.parameter.symbol] = estimator.value
        elif solution.rule == "median":
            steps.append(median_step(estimator, likelihood.loglik))
            earlier[solution.parameter.symbol] = estimator.value
    scored = [s for s in solved.solutions if s.rule == "score"]
    steps.extend(score_step(likelihood, s.parameter.symbol) for s in scored)
    for solution in scored:
        estimator = estimators[solution.parameter.name]
        if estimator.closed_form:
            steps.append(solve_step(solved, estimator, dict(earlier)))
            earlier[solution.parameter.symbol] = estimator.value
    for solution in scored:
        estimator = estimators[solution.parameter.name]
        if estimator.profile is not None:
            steps.append(profile_step(solved, estimator, estimators))
    equations = {
        s.parameter.name: numeric_equation(solved, estimators[s.parameter.name], estimators, model)
        for s in scored
        if not estimators[s.parameter.name].closed_form and estimators[s.parameter.name].profile is None
    }
    residuals = [name for name, found in equations.items() if found.residual is not None]
    steps.extend(equation_step(found, model, name == next(iter(residuals), None)) for name, found in equations.items())
    if maximum is not None:
        closed = all(e.closed_form for e in estimators.values())
        family = model.family
        exists = next((e.exists for e in estimators.values() if e.exists is not None), None)
        steps.append(maximum_step(maximum, model, closed, family.existence if family is not None else "", exists))
    elif second_order is not None:
        steps.append(second_order_step(second_order, estimators))
    if starts:
        profiled = any(e.profile is not None for e in estimators.values())  # Newton on a profile is no IRLS
        irls = model.family is not None and model.family.link == "canonical" and not profiled
        concave = maximum is not None and maximum.kind in ONE_ROOT  # one root: one start suffices
        steps.append(numeric_recipe_step(estimators, starts, irls, concave))
    steps.append(failures_said(result_step(model, estimators, equations), model, estimators))
    return tuple(steps)


__all__ = ["build_steps"]
