"""The steps of a derivation, in textbook order, each with one sentence saying why it is taken."""

from __future__ import annotations

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.printing import text as plain_text
from symle.algebra.sample import SampleMax, SampleMin
from symle.algebra.sums import substitute_nested
from symle.model.model import Model
from symle.stages.estimators import Estimator
from symle.stages.familiar import familiar
from symle.stages.likelihood import Likelihood
from symle.stages.secondorder import SecondOrder
from symle.stages.solve import Solved, score_of
from symle.stages.step import Equation, Step


def _names(model: Model) -> str:
    symbols = [plain_text(p.symbol) for p in model.parameters]
    return symbols[0] if len(symbols) == 1 else ", ".join(symbols[:-1]) + " and " + symbols[-1]


def model_step(model: Model, density: sp.Expr) -> Step:
    x = model.var
    kind = "probability mass function" if model.discrete else "density"
    known = [k for k, v in model.known.items()]
    sentence = f"Each observation has the {kind} below, with unknown {_names(model)}"
    if known:
        sentence += "; " + ", ".join(plain_text(sp.Symbol(k)) for k in known) + " known"
    equations = [Equation((N.Density(x, *model.symbols), density))]
    sup = model.support
    if not (sup.lower == sp.S.NegativeInfinity and sup.upper == sp.S.Infinity and not sup.discrete):
        values = sp.Tuple(*sup.values) if sup.values is not None else sp.Tuple()
        flags = (
            sp.true if sup.lower_closed else sp.false,
            sp.true if sup.upper_closed else sp.false,
            sp.true if sup.discrete else sp.false,
        )
        equations.append(Equation((N.InSupport(x, sup.lower, sup.upper, *flags, values),), ()))
    return Step("model", "The model", sentence + ".", tuple(equations))


def likelihood_step(likelihood: Likelihood) -> Step:
    model = likelihood.model
    lhs = N.Likelihood(*model.symbols)
    bounds = model.support.parameters_in_bounds(model.symbols)
    form = likelihood.product_form
    densities = "probabilities" if model.discrete else "densities"
    sentence = f"The observations are independent, so the likelihood is the product of their {densities}."
    if bounds:
        data = sp.IndexedBase(model.data.label)
        indicators = []
        if model.support.lower.free_symbols & set(bounds):
            indicators.append(N.Indicator(sp.Le(model.support.lower, SampleMin(data))))
        if model.support.upper.free_symbols & set(bounds):
            indicators.append(N.Indicator(sp.Le(SampleMax(data), model.support.upper)))
        form = form * sp.Mul(*indicators)
        sentence = (
            f"The observations are independent, so the likelihood is the product of their {densities}; "
            "the support depends on a parameter, so each density carries the indicator of its support."
        )
    return Step("likelihood", "Likelihood", sentence, (Equation((lhs, likelihood.product, form)),))


def loglik_step(likelihood: Likelihood) -> Step:
    model = likelihood.model
    return Step(
        "loglik",
        "Log-likelihood",
        "The logarithm turns the product into a sum and has the same maximiser, so we maximise the log-likelihood.",
        (Equation((N.LogLikelihood(*model.symbols), likelihood.loglik_form or likelihood.loglik)),),
    )


def boundary_step(likelihood: Likelihood, estimator: Estimator, rule: str) -> Step:
    """A parameter in the support: the data allow an interval of values, and the likelihood rises to
    one end of it (or is flat on it)."""
    symbol = estimator.parameter.symbol
    score = score_of(likelihood.loglik, symbol)
    name = plain_text(symbol)
    if rule == "support-interval":
        assert estimator.interval is not None
        low, high = estimator.interval
        sentence = (
            f"The likelihood is zero unless every observation lies in the support, that is unless "
            f"{plain_text(low)} ≤ {name} ≤ {plain_text(high)}; there it does not depend on {name} (the score is "
            f"zero), so every value of that interval maximises it: the maximum-likelihood estimate is not unique "
            f"(symle reports the midpoint of the interval)."
        )
        equations = (
            Equation((N.Partial(symbol), score)),
            Equation((low, N.Hat(symbol), high), ("<=", "<=")),
        )
        return Step("support", f"Estimating {name} from the support", sentence, equations, estimator.parameter.name)
    bound = plain_text(estimator.value)
    where = {SampleMin: "the smallest observation", SampleMax: "the largest observation"}.get(type(estimator.value))
    rising = rule == "support-lower"
    sentence = (
        f"The likelihood is zero unless {name} {'≤' if rising else '≥'} {bound}; there the score is "
        f"{'positive' if rising else 'negative'}, so the likelihood {'increases' if rising else 'decreases'} in "
        f"{name} {'up' if rising else 'down'} to {bound} and the maximum is " + (f"at {where}." if where else "there.")
    )
    return Step(
        "support",
        f"Estimating {name} from the support",
        sentence,
        (
            Equation((N.Partial(symbol), score, sp.Integer(0)), ("=", ">" if rising else "<")),
            Equation((N.Hat(symbol), estimator.value)),
        ),
        estimator.parameter.name,
    )


def median_step(estimator: Estimator) -> Step:
    symbol = estimator.parameter.symbol
    name = plain_text(symbol)
    sentence = (
        f"The log-likelihood depends on {name} only through minus a positive multiple of Σ|xᵢ − {name}|, "
        f"which is not differentiable; its subgradient counts the observations above {name} minus those "
        f"below, and changes sign at the sample median, which therefore maximises the likelihood (for even "
        f"n every point between the two middle order statistics does; symle reports their midpoint)."
    )
    return Step(
        "median",
        f"Estimating {name}: the median",
        sentence,
        (Equation((N.Hat(symbol), estimator.value)),),
        estimator.parameter.name,
    )


def score_step(likelihood: Likelihood, symbol: sp.Symbol) -> Step:
    """The derivative of the log-likelihood itself; estimates found from the support come in only
    when its equation is solved (the next step says so)."""
    name = plain_text(symbol)
    return Step(
        "score",
        f"Score for {name}",
        f"Differentiating the log-likelihood with respect to {name} gives the score.",
        (Equation((N.Partial(symbol), score_of(likelihood.loglik, symbol))),),
        symbol.name,
    )


def solve_step(solved: Solved, estimator: Estimator, earlier: dict[sp.Symbol, sp.Expr]) -> Step:
    symbol = estimator.parameter.symbol
    name = plain_text(symbol)
    hat = N.Hat(symbol)
    equation = Equation((solved.scores[symbol], sp.Integer(0)))
    if estimator.closed_form:
        sentence = f"Setting the score to zero and solving for {name} gives the estimator"
        if earlier:
            sentence += ", after substituting the estimates found above"
        chain = [hat, estimator.familiar]
        nested = any(s.function.has(sp.Sum) for s in estimator.value.atoms(sp.Sum))
        if estimator.familiar != estimator.value and not nested and not _is_root(estimator.familiar):
            chain.append(estimator.value)
        return Step("solve", f"Solving for {name}", sentence + ".", (equation, Equation(tuple(chain))), symbol.name)
    return numeric_step(solved, estimator, earlier)


def _is_root(expr: sp.Expr) -> bool:
    """sqrt(S/(2n)): its plain-sum twin would only undo the tidy form, so it is not shown beside it."""
    return isinstance(expr, sp.Pow) and expr.exp == sp.S.Half


def numeric_step(solved: Solved, estimator: Estimator, earlier: dict[sp.Symbol, sp.Expr]) -> Step:
    symbol = estimator.parameter.symbol
    name = plain_text(symbol)
    solution = solved.of(estimator.parameter.name)
    equations = [Equation((solved.scores[symbol], sp.Integer(0)))]
    if estimator.profile is not None:
        sentence = (
            f"Given the other parameters, the score equation for {name} solves in closed form (the profile below), "
            f"but {name} itself must be found numerically because its formula holds a parameter without a closed form."
        )
        equations.append(Equation((N.Hat(symbol), familiar(estimator.profile))))
    else:
        reason = solution.reason or "SymPy finds no closed-form solution"
        sentence = f"The equation for {name} has no closed-form solution ({reason}), so {name} is found numerically."
        reduced = substitute_nested(solved.scores[symbol], {s: v for s, v in earlier.items()})
        if reduced != solved.scores[symbol]:
            equations.append(Equation((familiar(sp.factor_terms(reduced)), sp.Integer(0))))
            sentence = (
                f"Substituting the profile estimates leaves one equation in {name}, which has no closed-form "
                f"solution ({reason}); {name} is found numerically."
            )
    return Step("numeric", f"No closed form for {name}", sentence, tuple(equations), symbol.name)


def second_order_step(check: SecondOrder) -> Step:
    names = ", ".join(plain_text(p.symbol) for p in check.parameters)
    symbols = [p.symbol for p in check.parameters]
    if check.at_estimate is None or not check.proved:
        return Step(
            "second-order",
            "Second-order condition",
            f"The second-order condition for {names} is unproved: {check.reason}.",
            (),
        )
    if len(symbols) == 1:
        (symbol,) = symbols
        value = check.at_estimate[0, 0]
        return Step(
            "second-order",
            "Second-order condition",
            "The second derivative is negative at the estimate, so the stationary point is a maximum.",
            (Equation((N.Partial(symbol, symbol), value, sp.Integer(0)), ("=", "<")),),
        )
    equations = [Equation((sp.Symbol("H"), check.at_estimate))]
    for k, minor in enumerate(check.minors, start=1):
        equations.append(Equation((sp.Symbol(f"D{k}"), minor, sp.Integer(0)), ("=", "<" if k % 2 else ">")))
    sentence = (
        "At the estimate the leading principal minors of the Hessian H alternate in sign, starting negative, so H is "
        "negative definite and the stationary point is a maximum"
    )
    if check.facts:
        sentence += "; their signs follow from " + " and ".join(check.facts)
    return Step("second-order", "Second-order condition", sentence + ".", tuple(equations))


START_WORDS = {
    "median": "the sample median (it locates the distribution)",
    "spread": "half the interquartile range (it scales the distribution)",
    "inverse-spread": "one over half the interquartile range (it is a rate)",
    "mean": "the sample mean (it scales the distribution)",
    "inverse-mean": "one over the sample mean (it is a rate)",
    "one": "1, refined by a coarse search over a logarithmic grid",
    "half": "1/2",
    "zero": "0",
}


def numeric_recipe_step(estimators: dict[str, Estimator], starts: dict[str, str], irls: bool = False) -> Step:
    """What is solved numerically, how, and from which start (the generated fitter does exactly this)."""
    free = [e for e in estimators.values() if not e.closed_form and e.profile is None]
    profiled = [plain_text(e.parameter.symbol) for e in estimators.values() if e.profile is not None]
    names = ", ".join(plain_text(e.parameter.symbol) for e in free)
    sentence = f"symle maximises the log-likelihood in {names}"
    if profiled:
        sentence += (
            f" with {', '.join(profiled)} replaced by {'its' if len(profiled) == 1 else 'their'} profile formula"
        )
    steps_in = "; ".join(
        f"{plain_text(e.parameter.symbol)} {e.parameter.space.scale_words}, starting from "
        f"{START_WORDS[starts[e.parameter.name]]}"
        for e in free
    )
    sentence += (
        f" by Newton's method with the exact score and Hessian, backtracking so that the log-likelihood "
        f"never decreases, and stops when the predicted gain is negligible ({steps_in})."
    )
    if irls:
        sentence += (
            " For this model (a canonical link) Newton's method is iteratively reweighted least "
            "squares: each step solves a weighted least-squares problem."
        )
    return Step("numeric-recipe", "Numeric solution", sentence, ())


def estimators_step(model: Model, estimators: dict[str, Estimator]) -> Step:
    """The estimators: closed forms, profiles in the numeric estimates (β̂ = α̂/x̄), and what is left
    to the numeric method."""
    hats = {e.parameter.symbol: N.Hat(e.parameter.symbol) for e in estimators.values()}
    equations = []
    for estimator in estimators.values():
        symbol = estimator.parameter.symbol
        if estimator.closed_form:
            equations.append(Equation((N.Hat(symbol), estimator.familiar)))
        elif estimator.profile is not None:
            equations.append(Equation((N.Hat(symbol), familiar(estimator.profile).xreplace(hats))))
    numeric = [plain_text(e.parameter.symbol) for e in estimators.values() if not e.closed_form and e.profile is None]
    profiled = [e for e in estimators.values() if e.profile is not None]
    closed = sum(e.closed_form for e in estimators.values())
    if not equations:
        sentence = "No parameter has a closed-form estimator; all are found numerically"
    elif not numeric:
        sentence = "The maximum-likelihood estimator" + (" is" if closed == 1 else "s are") + " below"
    else:
        solved_for = _and_list(numeric)
        sentence = f"The estimators are below, where {_hatted(numeric)} " + (
            "solves its score equation numerically (the method above)"
            if len(numeric) == 1
            else "solve their score equations numerically (the method above)"
        )
        if not profiled and closed:
            sentence = f"The closed-form estimators are below; {solved_for} must be found numerically"
    return Step("estimators", "Result", sentence + ".", tuple(equations))


def _and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _hatted(names: list[str]) -> str:
    return _and_list([name[0] + "\u0302" + name[1:] for name in names])


def build_steps(
    likelihood: Likelihood,
    solved: Solved,
    estimators: dict[str, Estimator],
    second_order: SecondOrder | None,
    starts: dict[str, str] | None = None,
) -> tuple[Step, ...]:
    """All steps in order: model, likelihood, log-likelihood, support and median rules, scores,
    their solution, the second-order check and the result."""
    model = likelihood.model
    steps = [model_step(model, likelihood.density_form), likelihood_step(likelihood), loglik_step(likelihood)]
    earlier: dict[sp.Symbol, sp.Expr] = {}
    for solution in solved.solutions:
        estimator = estimators[solution.parameter.name]
        if solution.rule.startswith("support-"):
            steps.append(boundary_step(likelihood, estimator, solution.rule))
            earlier[solution.parameter.symbol] = estimator.value
        elif solution.rule == "median":
            steps.append(median_step(estimator))
            earlier[solution.parameter.symbol] = estimator.value
    for solution in solved.solutions:
        if solution.rule != "score":
            continue
        estimator = estimators[solution.parameter.name]
        steps.append(score_step(likelihood, solution.parameter.symbol))
    # profiles first, so that a parameter without a closed form is shown its one remaining equation
    profiles = {e.parameter.symbol: e.profile for e in estimators.values() if e.profile is not None}
    for solution in solved.solutions:
        if solution.rule != "score":
            continue
        estimator = estimators[solution.parameter.name]
        context = dict(earlier) if estimator.closed_form or estimator.profile is not None else {**earlier, **profiles}
        steps.append(solve_step(solved, estimator, context))
        if estimator.closed_form:
            earlier[solution.parameter.symbol] = estimator.value
        elif estimator.profile is not None:
            earlier[solution.parameter.symbol] = estimator.profile
    if second_order is not None:
        steps.append(second_order_step(second_order))
    if starts:
        from symle.model.catalogue import FAMILIES

        irls = not model.typed and model.name in FAMILIES and FAMILIES[model.name].link == "canonical"
        steps.append(numeric_recipe_step(estimators, starts, irls))
    steps.append(estimators_step(model, estimators))
    return tuple(steps)


__all__ = ["build_steps"]
