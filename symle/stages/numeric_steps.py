"""The steps of estimators without a closed form: each profile, the equation left, how it is solved, and
the Result that names every estimator.

Every heading and sentence here is made from the derivation's values: "The profile of β given α" is
said of a parameter that has a profile, "No closed form for α" only of one that has neither a
closed form nor a profile, and "The equation left for α" only where profiles went into it."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.sample import i, n
from symle.algebra.sums import substitute_nested
from symle.model.model import Model
from symle.stages.estimating import estimating_equation, residual_form
from symle.stages.estimators import Estimator
from symle.stages.existence import exists_when
from symle.stages.familiar import familiar, profile_equation
from symle.stages.reasons import unsolved
from symle.stages.solve import Solved
from symle.stages.step import Equation, Prose, Step, listed, prose


@dataclass(frozen=True)
class NumericEquation:
    """What a parameter without a closed form solves: its score equation as derived, the profiles
    that went into it, the textbook form (lhs, rhs), and for a regression the residual form
    Σ wᵢ(yᵢ − mᵢ) = 0 with the mean mᵢ the parameters give."""

    estimator: Estimator
    score: sp.Expr
    substituted: tuple[sp.Symbol, ...]
    textbook: tuple[sp.Expr, sp.Expr]
    reason: str = ""
    residual: tuple[sp.Expr, sp.Expr] | None = None
    given: dict[sp.Symbol, tuple[sp.Symbol, ...]] | None = None  # each substituted profile's arguments


def _given(profile: sp.Expr, estimators: dict[str, Estimator]) -> list[sp.Symbol]:
    """The parameters a profile is a function of (those without a closed form)."""
    return [
        e.parameter.symbol
        for e in estimators.values()
        if not e.closed_form and e.profile is None and profile.has(e.parameter.symbol)
    ]


def profile_step(solved: Solved, estimator: Estimator, estimators: dict[str, Estimator]) -> Step:
    """β̂(α) = α/x̄: a parameter whose score equation solves given the parameters left to the
    numeric method."""
    assert estimator.profile is not None
    symbol = estimator.parameter.symbol
    given = _given(estimator.profile, estimators)
    sentence = prose(
        "Setting the score for ",
        symbol,
        " to zero and solving for ",
        symbol,
        " with ",
        listed(given),
        " held fixed gives ",
        symbol,
        " as a function of ",
        listed(given),
        ": its profile, the estimate of ",
        symbol,
        " for each value of ",
        listed(given),
        ".",
    )
    equations = (
        Equation((solved.scores[symbol], sp.Integer(0))),
        Equation((N.Profile(symbol, *given), familiar(estimator.profile))),
    )
    title = prose("The profile of ", symbol, " given ", listed(given))
    return Step("profile", title, sentence, equations, symbol.name, (f"profile:{symbol.name}",))


def numeric_equation(
    solved: Solved, estimator: Estimator, estimators: dict[str, Estimator], model: Model
) -> NumericEquation:
    """The equation a parameter without a closed form solves, after the profiles went in."""
    symbol = estimator.parameter.symbol
    score = solved.scores[symbol]
    profiles = {e.parameter.symbol: e.profile for e in estimators.values() if e.profile is not None}
    used = tuple(s for s in profiles if score.has(s))
    reduced = profile_equation(substitute_nested(score, {s: profiles[s] for s in used})) if used else score
    unknowns = {e.parameter.symbol for e in estimators.values() if not e.closed_form and e.profile is None}
    positive = bool(model.support.lower.is_nonnegative) and not model.conditional
    textbook = estimating_equation(reduced, unknowns, positive, own=symbol)
    residual = residual_form(score, model.data) if model.conditional else None
    given = {s: tuple(_given(profiles[s], estimators)) for s in used}
    return NumericEquation(
        estimator, score, used, textbook, solved.of(estimator.parameter.name).reason, residual, given
    )


def mean_name(model: Model) -> sp.IndexedBase:
    """The name of a regression's fitted mean: pᵢ for a 0/1 response, μᵢ otherwise (one that no
    parameter or covariate already uses)."""
    values = model.support.values
    binary = values is not None and set(values) == {0, 1}
    taken = {s.name for s in (*model.symbols, *model.covariates, model.var)}
    for name in ("p", "pi", "mu", "m") if binary else ("mu", "lambda", "m", "eta"):
        if name not in taken:
            return sp.IndexedBase(sp.Symbol(name))
    return sp.IndexedBase(sp.Symbol("m_fit"))


def residual_equation(found: NumericEquation, model: Model, hats: dict[sp.Symbol, sp.Expr] | None = None) -> Equation:
    """Σ wᵢ (yᵢ − μᵢ) = 0 (with hats on μ in the Result)."""
    assert found.residual is not None
    weight, _ = found.residual
    mean = mean_name(model)[i]
    fitted = N.Hat(mean) if hats else mean
    return Equation((sp.Sum((model.data[i] - fitted) * weight, (i, 1, n)), sp.Integer(0)))


def equation_step(found: NumericEquation, model: Model, first_residual: bool = True) -> Step:
    """The equation left for a parameter (or its score equation, where no profile went in), as a
    textbook writes it, and why it has no closed-form root. A regression's is written with the
    fitted means (defined in the first step that uses them)."""
    estimator = found.estimator
    symbol = estimator.parameter.symbol
    # a reason of substance is said; the solver's finding no root is not a proof that there is none
    reason = prose(found.reason) if found.reason and found.reason != unsolved(symbol) else None
    # on a restricted space (−1 ≤ θ ≤ 1) the equation may have no root there: the maximum is then an end
    restricted = estimator.parameter.interval is not None
    its_root = " is its root where it has one in the parameter space" if restricted else " is its root"
    its_root += ", found numerically"
    if found.substituted:
        profiles = listed(N.Profile(s, *(found.given or {}).get(s, ())) for s in found.substituted)
        sentence = prose("Substituting ", profiles, " into the score for ", symbol, " leaves one equation in ", symbol)
        if reason is not None:
            sentence += prose(", which has no closed-form solution (", reason, "); ")
        else:
            sentence += prose(", which is not solved in closed form here; ")
        sentence += prose(N.Hat(symbol), its_root)
        title = prose("The equation left for ", symbol)
    elif reason is not None:
        sentence = prose(
            "The score equation for ",
            symbol,
            " has no closed-form solution (",
            reason,
            "), so ",
            N.Hat(symbol),
            its_root,
        )
        title = prose("No closed form for ", symbol)
    else:
        sentence = prose(
            "The score equation for ",
            symbol,
            " is not solved in closed form here, so ",
            N.Hat(symbol),
            its_root,
        )
        title = prose("Solving for ", symbol, " numerically")
    at_profiles = {p: N.Profile(p, *(found.given or {}).get(p, ())) for p in found.substituted}
    equations = [Equation((found.score.xreplace(at_profiles), sp.Integer(0)))]
    if found.residual is not None:
        weight, fitted = found.residual
        mean = mean_name(model)[i]
        weighted = "" if weight == 1 else prose(" weighted by ", weight)
        sentence += prose(
            "; with the fitted means ",
            mean,
            " it reads as a sum of the residuals ",
            model.data[i] - mean,
            weighted,
        )
        equations.append(residual_equation(found, model))
        if first_residual:
            equations.append(Equation((mean, fitted.xreplace(at_profiles))))
    else:
        lhs, rhs = found.textbook
        first = equations[0].parts[0]
        if rhs != 0 or not _proportional(lhs, first):  # a form that is more than the score over a number
            sentence += prose(". Rearranged, it reads as on the second line")
            equations.append(Equation((lhs, rhs)))
    if estimator.exists is not None:
        sentence += prose(". The root ", exists_when(estimator.exists, "itself"))
    claims = (f"equation-left:{symbol.name}" if found.substituted else f"no-closed-form:{symbol.name}",)
    claims += (f"exists:{symbol.name}",) if estimator.exists is not None else ()
    claims += (f"residual-form:{symbol.name}",) if found.residual is not None else (f"textbook-form:{symbol.name}",)
    return Step("numeric", title, sentence + ".", tuple(equations), symbol.name, claims)


def _proportional(a: sp.Expr, b: sp.Expr) -> bool:
    """Whether a is b times a number: c₁Σf = c₂Σg over the same range with f/g a number too."""
    if (a / b).is_Number:
        return True
    (ca, sa), (cb, sb) = (x.as_independent(sp.Sum, as_Add=False) for x in (a, b))
    if not (isinstance(sa, sp.Sum) and isinstance(sb, sp.Sum) and sa.limits == sb.limits):
        return False
    return bool(sp.simplify(ca * sa.function / (cb * sb.function)).is_Number)


def result_step(model: Model, estimators: dict[str, Estimator], equations: dict[str, NumericEquation]) -> Step:
    """Every estimator, with a hat: closed forms, profiles at the numeric estimates, and the
    equations the numeric estimates solve."""
    hats = {e.parameter.symbol: N.Hat(e.parameter.symbol) for e in estimators.values()}
    closed = [e for e in estimators.values() if e.closed_form]
    numeric = [e for e in estimators.values() if not e.closed_form and e.profile is None]
    profiled = [e for e in estimators.values() if e.profile is not None]
    shown: list[Equation] = [Equation((N.Hat(e.parameter.symbol), e.familiar)) for e in closed]
    fitted: Equation | None = None
    for e in numeric:
        found = equations[e.parameter.name]
        if found.residual is not None:
            shown.append(residual_equation(found, model, hats))
            fitted = Equation((N.Hat(mean_name(model)[i]), found.residual[1].xreplace(hats)))
            continue
        lhs, rhs = found.textbook
        shown.append(Equation((lhs.xreplace(hats), rhs.xreplace(hats))))
    shown.extend(Equation((N.Hat(e.parameter.symbol), familiar(e.profile).xreplace(hats))) for e in profiled)
    if fitted is not None:
        shown.append(fitted)
    sentence = _result_sentence(closed, numeric, profiled)
    conditions = [e.exists for e in estimators.values() if e.exists is not None]
    if conditions:
        clauses = [
            exists_when(c, "It" if len(estimators) == 1 else prose(N.Hat(c.parameter.symbol)), why=False)
            for c in conditions
        ]
        sentence = prose(sentence, " ", listed(clauses), ".")
    claims = ("result", *(f"exists:{c.parameter.name}" for c in conditions))
    return Step("estimators", "Result", sentence, tuple(shown), claims=claims)


def _result_sentence(closed: list[Estimator], numeric: list[Estimator], profiled: list[Estimator]) -> Prose:
    def hats(group: list[Estimator]) -> Prose:
        return listed(N.Hat(e.parameter.symbol) for e in group)

    if not numeric and not profiled:
        return prose("The maximum-likelihood estimator" + (" is" if len(closed) == 1 else "s are") + " below.")
    one = len(numeric) == 1
    alone = one and not profiled and not closed
    sentence = prose(
        "The maximum-likelihood estimate is below: " if alone else "The maximum-likelihood estimates are below: ",
        hats(numeric),
        " solves the equation" if one else " solve the equations",
        " found above (numerically)",
    )
    if profiled:
        sentence += prose(", and ", hats(profiled), " follow" + ("s" if len(profiled) == 1 else ""), " from ")
        sentence += prose("it" if one else "them")
    if closed:
        sentence += prose("; ", hats(closed), " " + ("has a" if len(closed) == 1 else "have"), " closed form")
        sentence += prose("" if len(closed) == 1 else "s")
    return sentence + "."


START_WORDS = {
    "median": "the sample median, as it locates the distribution",
    "spread": "half the interquartile range, as it scales the distribution",
    "inverse-spread": "one over half the interquartile range, as it is a rate",
    "mean": "the sample mean, as it scales the distribution",
    "inverse-mean": "one over the sample mean, as it is a rate",
    "one": prose(sp.Integer(1), ", refined by a coarse search over a logarithmic grid"),
    "half": prose(sp.Rational(1, 2)),
    "zero": prose(sp.Integer(0)),
}


def _coordinate(estimator: Estimator) -> sp.Expr:
    """What Newton's method steps in: log α for a positive parameter, logit p for a probability."""
    symbol, transform = estimator.parameter.symbol, estimator.parameter.space.transform
    if transform == "log":
        return sp.log(symbol)
    if transform == "logit":
        return sp.log(symbol / (1 - symbol))
    return symbol


def numeric_recipe_step(
    estimators: dict[str, Estimator], starts: dict[str, str], irls: bool = False, concave: bool = True
) -> Step:
    """What is solved numerically, in which coordinates and from which start, and from several where
    the log-likelihood is not shown to be concave (the generated fitter does exactly this; how it
    safeguards its steps belongs to the generated code, not the page)."""
    free = [e for e in estimators.values() if not e.closed_form and e.profile is None]
    profiled = [e for e in estimators.values() if e.profile is not None]
    symbols = listed(e.parameter.symbol for e in free)
    sentence = prose("In practice the log-likelihood is maximised numerically in ", symbols)
    if profiled:
        given = [e.parameter.symbol for e in free]
        shown = listed(N.Profile(e.parameter.symbol, *given) for e in profiled)
        its = "its profile " if len(profiled) == 1 else "their profiles "
        sentence += prose(", with ", listed(e.parameter.symbol for e in profiled), " replaced by ", its, shown)
    coordinates = [_coordinate(e) for e in free]
    sentence += prose(", for example by Newton's method")
    if any(c != e.parameter.symbol for c, e in zip(coordinates, free, strict=True)):
        sentence += prose(" in ", listed(coordinates))
    # parameters started alike are named together: "for a and b at 1, ..."
    groups: dict[str, list[sp.Symbol]] = {}
    for e in free:
        groups.setdefault(starts[e.parameter.name], []).append(e.parameter.symbol)
    if len(groups) == 1:
        sentence += prose(" from ", START_WORDS[next(iter(groups))])
    else:
        clauses = [prose("for ", listed(symbols), " at ", START_WORDS[start]) for start, symbols in groups.items()]
        sentence += prose(", starting ", *(p for k, c in enumerate(clauses) for p in (("; " if k else ""), c)))
    if not concave:
        sentence += prose(
            ", and, as the log-likelihood is not shown to be concave, from several other points spread over "
            "the data, comparing the local maxima found"
        )
    if irls:
        sentence += prose(
            "; for this model (a canonical link) Newton's method is iteratively reweighted least "
            "squares, each step solving a weighted least-squares problem"
        )
    claims = tuple(f"start-{starts[e.parameter.name]}:{e.parameter.name}" for e in free) + (("irls",) if irls else ())
    return Step("numeric-recipe", "Numeric solution", sentence + ".", (), claims=claims)
