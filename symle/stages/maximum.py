"""Why the root of the score equations is the maximum when it has no closed form.

A closed-form estimator is checked at the estimate (symle.stages.secondorder). A numeric one has no
formula to check, so the argument must hold for every value of the parameters, as a textbook gives
it. The arguments tried, in order, each with what it establishes:

- "minors": the Hessian is negative definite for all parameters and data, from the signs of its
  leading minors (with ψ′(α) > 1/α for the gamma's shape, and the data's Cauchy–Schwarz);
- "information": the Hessian does not depend on the observations (or, in a regression, on the
  responses), so it is minus the Fisher information, a positive definite covariance matrix;
- "profile": one parameter is left after the others' profiles, the profiled ones maximise given it,
  and the profile log-likelihood is strictly concave (a weighted Cauchy–Schwarz, the Weibull's);
- "log-concave": a location and scale family whose standard density g is log-concave is concave in
  (1/σ, μ/σ), a one-to-one change of parameters;
- "not concave": the same family with log g convex somewhere (Cauchy): several roots may exist.

Each makes the log-likelihood strictly concave (in some parameters), so the score equations have at
most one root, and a root is the maximum. "unknown" says that none applied."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import sympy as sp

from symle.algebra.logs import sign_of
from symle.algebra.sums import canonical_sums, hide_sums, substitute_nested
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Model, Parameter
from symle.stages.likelihood import Likelihood, region
from symle.stages.monotone_mean import monotone_mean
from symle.stages.roles import locations, scale_role
from symle.stages.score import Score
from symle.stages.solve import Solved

MAXIMUM_SECONDS = 3.0
# SymPy's ways of giving up; RuntimeError too: its simplify can end a generator with StopIteration
# (the log-logistic's Hessian minors), which Python reports as RuntimeError
_REFUSALS = (NotImplementedError, ValueError, TypeError, AttributeError, ZeroDivisionError, RuntimeError)


CONCAVE = frozenset({"minors", "information", "profile", "log-concave"})  # the kinds that prove one maximum
ONE_ROOT = CONCAVE | {"monotone-mean"}  # and those that prove it without concavity

# ("trigamma", a): a ψ′(a) > 1; ("cauchy-schwarz", (wᵢ, gᵢ)) for Σw, Σwg, Σwg²; ("not all zero", (Σ, yᵢ)):
# a sum of nonnegative terms over counts, positive unless every term (every yᵢ; false: not said) is 0
Fact = tuple[str, sp.Basic]


@dataclass(frozen=True)
class Maximum:
    """The argument that the root of the score equations in `parameters` is the maximum.

    `kind` is one of minors, information, profile, log-concave, not-concave, unknown. `hessian` is
    H(θ) (minors) or None; `minors` its leading minors; `facts` the inequalities used (words and
    math); `curve` the second derivative shown for profile (the profile log-likelihood's) and for
    log-concave and not-concave (of log g, with `standard` the standard density g(z))."""

    parameters: tuple[Parameter, ...]
    kind: str
    hessian: sp.Matrix | None = None
    minors: tuple[sp.Expr, ...] = ()
    facts: tuple[Fact, ...] = ()
    minor_facts: tuple[tuple[Fact, ...], ...] = ()  # minors: the facts each minor's sign needs
    curve: sp.Expr | None = None
    standard: sp.Expr | None = None
    profiled: tuple[Parameter, ...] = ()
    left: Parameter | None = None
    inner: sp.Expr | None = None  # profile: the second derivative in the profiled parameter, at its profile
    location: sp.Symbol | None = None
    scale: sp.Symbol | None = None
    variable: sp.Symbol = field(default_factory=lambda: sp.Symbol("z", real=True))
    vanishing: bool = False  # not-concave: g(z) → 0 as z → ±∞, so ℓ → −∞ far out in the location
    mean: tuple[sp.Expr, sp.Expr] | None = None  # monotone-mean: c(θ), m(θ) of the score n c(θ)(x̄ − m(θ))


def _decided(expr: sp.Expr, sign: int) -> bool:
    """Whether the sign of expr is `sign` by the assumptions on its symbols."""
    for candidate in (expr, sp.factor_terms(sp.together(expr)), sp.factor(sp.together(expr))):
        if (candidate.is_positive if sign > 0 else candidate.is_negative) is True:
            return True
    return False


def _trigamma_facts(expr: sp.Expr, strong: bool) -> tuple[dict[sp.Basic, sp.Expr], tuple[Fact, ...]]:
    """ψ′(a) > 0 for a positive argument a (the trigamma function is positive), or with `strong` the
    sharper aψ′(a) > 1, written ψ′(a) = (1 + u)/a with u > 0."""
    values: dict[sp.Basic, sp.Expr] = {}
    said: list[Fact] = []
    for node in sorted(expr.atoms(sp.polygamma), key=sp.default_sort_key):
        order, argument = node.args
        if order == 1 and argument.is_positive:
            u = sp.Dummy("u", positive=True)
            values[node] = (1 + u) / argument if strong else u
            said.append(("trigamma" if strong else "trigamma-positive", argument))
    return values, tuple(said)


def _data_signs(expr: sp.Expr, model: Model) -> tuple[sp.Expr, tuple[Fact, ...]]:
    """Sums over the data replaced by symbols with the sign of their terms on the support, and the
    weighted Cauchy–Schwarz inequality (Σw)(Σwg²) > (Σwg)² for w > 0 written as Σwg² =
    (Σwg)²/Σw + v with v > 0 (the data not all equal)."""
    hidden, mapping = hide_sums(expr)
    inside = region(model)
    signed: dict[sp.Symbol, sp.Expr] = {}
    facts: list[Fact] = []
    for symbol, total in mapping.items():
        term = _as_observation(total, model)
        sign = sign_of(term, inside)
        if sign == 0:  # factored, (1 - 2x)(2x - 1) is -(2x - 1)², of a sign the product's factors hide
            sign = _weak_sign(term.xreplace(inside)) or _weak_sign(sp.factor(term).xreplace(inside))
            if sign and model.discrete:  # counts can all be 0 (with a positive probability): say so
                count = model.data[total.limits[0][0]] if _zero_at_zero(term, model) else sp.false
                shown = sp.Sum(sp.factor(sign * total.function), *total.limits)
                facts.append(("not all zero", sp.Tuple(shown, count)))
        if sign:
            signed[symbol] = sign * sp.Dummy(f"{symbol.name}_abs", positive=True)
    bounded: set[sp.Symbol] = set()  # sums already written through Cauchy–Schwarz
    by_size = sorted(mapping.items(), key=lambda item: sp.count_ops(item[1].function))
    for a, total_a in by_size:
        if a in bounded or not signed.get(a, sp.S.NegativeOne).is_positive:
            continue
        for b, total_b in by_size:
            for c, total_c in by_size:
                if len({a, b, c}) < 3 or c in bounded or b in bounded:
                    continue
                weight = total_a.function
                ratio = sp.simplify(total_b.function / weight)
                if ratio.is_constant() or sp.simplify(total_c.function / weight - ratio**2) != 0:
                    continue
                signed[c] = signed.get(b, b) ** 2 / signed[a] + sp.Dummy("v", positive=True)
                bounded.add(c)
                facts.append(("cauchy-schwarz", sp.Tuple(weight, ratio)))
    return hidden.xreplace(signed), tuple(dict.fromkeys(facts))


def _zero_at_zero(term: sp.Expr, model: Model) -> bool:
    """Whether a term of a sum over the data vanishes exactly where the observation is 0 (yᵢ/(λ + tᵢ)²)."""
    try:
        return sp.solve(term, model.var) == [0]
    except (NotImplementedError, ValueError, TypeError):
        return False


def _weak_sign(term: sp.Expr) -> int:
    """+1 or -1 for terms that are squares or the like (x²/(1 + αx)²): a sum of them is signed unless
    every one vanishes. A denominator is nonzero wherever the log-likelihood is defined, so one that
    is nonnegative counts as positive."""
    for candidate in (term, sp.together(term)):
        if candidate.is_nonnegative:
            return 1
        if candidate.is_nonpositive:
            return -1
        numerator, denominator = sp.fraction(candidate)
        if denominator.is_nonnegative or denominator.is_positive or sp.factor(denominator).is_nonnegative:
            if numerator.is_nonnegative:
                return 1
            if numerator.is_nonpositive:
                return -1
    return 0


def _as_observation(total: sp.Sum, model: Model) -> sp.Expr:
    """A sum's term with each observation x[i] written as the model's variable x, so that the
    support's region (x inside its interval) applies to it."""
    index = total.limits[0][0]
    names = {model.var.name, *(c.name for c in model.covariates)}
    symbols = {s.name: s for s in (model.var, *model.covariates)}
    return total.function.replace(
        lambda e: isinstance(e, sp.Indexed) and e.indices == (index,) and str(e.base) in names,
        lambda e: symbols[str(e.base)],
    )


def _negative_definite(
    matrix: sp.Matrix, model: Model
) -> tuple[tuple[sp.Expr, ...], tuple[tuple[Fact, ...], ...]] | None:
    """The leading minors and, for each, the facts that prove (-1)^k D_k > 0 for every parameter and
    data: the weakest fact about ψ′ that decides it (ψ′ > 0, then aψ′(a) > 1), and the data's."""
    size = matrix.shape[0]
    minors = tuple(sp.simplify(matrix[:k, :k].det()) for k in range(1, size + 1))
    facts: list[tuple[Fact, ...]] = []
    for k, minor in enumerate(minors, start=1):
        for strong in (False, True):
            special, said = _trigamma_facts(minor, strong)
            value, data_facts = _data_signs(minor.xreplace(special), model)
            if _decided(value, (-1) ** k):
                facts.append(tuple(dict.fromkeys([*said, *data_facts])))
                break
        else:
            return None
    return minors, tuple(facts)


def _free_of_observations(matrix: sp.Matrix, likelihood: Likelihood) -> bool:
    """No observation in the Hessian, neither as itself nor in a statistic T₁ = Σ g(xᵢ): for a
    regression, no response (statistics of the covariates alone are the fixed design)."""
    model = likelihood.model
    observed = {s.symbol for s in likelihood.statistics if s.term.has(model.var)}
    return not matrix.free_symbols & observed and not any(ix.base == model.data for ix in matrix.atoms(sp.Indexed))


def _profile(likelihood: Likelihood, solved: Solved, parameters: tuple[Parameter, ...], model: Model) -> Maximum | None:
    """One parameter left after the others' profiles: the profiled ones maximise given it (their
    second derivative is negative at the profile) and the profile log-likelihood is concave."""
    profiled = tuple(p for p in parameters if solved.of(p.name).profile is not None)
    left = [p for p in parameters if p not in profiled]
    if not profiled or len(left) != 1:
        return None
    (theta,) = left
    profiles = {p.symbol: solved.of(p.name).profile for p in profiled}
    if len(profiled) != 1:
        return None
    (phi,) = profiled
    inner = _at_root(sp.diff(solved.loglik, phi.symbol, 2), solved.scores[phi.symbol], phi.symbol)
    if inner is None:
        inner = canonical_sums(substitute_nested(sp.diff(solved.loglik, phi.symbol, 2), profiles))
    inner_value, _ = _data_signs(inner, model)
    if not _decided(sp.simplify(inner_value), -1):
        return None
    profile_loglik = canonical_sums(sp.expand_log(substitute_nested(solved.loglik, profiles)))
    curve = canonical_sums(sp.diff(profile_loglik, theta.symbol, 2))
    value, facts = _data_signs(curve, model)
    if not _decided(value, -1):
        return None
    return Maximum(
        parameters, "profile", facts=facts, curve=curve, profiled=profiled, left=theta, inner=sp.simplify(inner)
    )


def _at_root(second: sp.Expr, score: sp.Expr, symbol: sp.Symbol) -> sp.Expr | None:
    """The second derivative at the root of the score in `symbol`, with the data eliminated through
    the score equation (Σ(xᵢ/λ)ᵏ = n at λ̂(k)), so that it reads in the parameters: −nk²/λ²."""
    hidden, mapping = hide_sums(sp.Tuple(second, score))
    second_h, score_h = hidden
    for dummy in sorted(second_h.free_symbols & score_h.free_symbols & set(mapping), key=str):
        roots = sp.solve(score_h, dummy)
        if len(roots) == 1:
            value = sp.simplify(second_h.xreplace({dummy: roots[0]}))
            if not value.free_symbols & set(mapping):
                return value
    return None


def _location_scale(model: Model, parameters: tuple[Parameter, ...]) -> Maximum | None:
    """A location μ (and scale σ) with density g((x − μ)/σ)/σ: concave in (1/σ, μ/σ) when log g is
    concave on the support; not concave where log g'' > 0 somewhere (Cauchy)."""
    if model.conditional or model.support.lower.is_finite or model.support.upper.is_finite:
        return None
    shifts = locations(model)
    location = next((p.symbol for p in parameters if p.symbol in shifts), None)
    scales = [p.symbol for p in model.parameters if p.symbol not in shifts and scale_role(model, p.symbol, shifts) > 0]
    if location is None or len(scales) > 1 or len(parameters) > 1 + len(scales):
        return None
    scale = scales[0] if scales else None
    z = sp.Symbol("z", real=True)
    standard = model.density.xreplace({location: 0, model.var: z, **({scale: 1} if scale is not None else {})})
    if standard.free_symbols - {z}:
        return None
    curve = _as_written(_tidy(sp.diff(sp.log(standard), z, 2)), standard, z)
    kind = None
    if _decided(curve, -1) or curve.is_nonpositive:
        kind = "log-concave"
    elif any(curve.xreplace({z: value}).is_positive for value in (0, 1, 2, 3, -2, 5)):
        kind = "not-concave"
    if kind is None:
        return None
    vanishing = kind == "not-concave" and all(sp.limit(standard, z, end) == 0 for end in (sp.oo, -sp.oo))
    return Maximum(
        parameters,
        kind,
        curve=curve,
        standard=standard,
        location=location,
        scale=scale,
        variable=z,
        vanishing=vanishing,
    )


def _as_written(expr: sp.Expr, like: sp.Expr, z: sp.Symbol) -> sp.Expr:
    """expr in the exponentials that `like` is written in: -2e^{-z}/(1 + e^{-z})^2 beside
    g(z) = e^{-z}/(1 + e^{-z})^2, never -2e^{z}/(1 + e^{z})^2."""
    down, up = sp.exp(-z), sp.exp(z)
    if not (like.has(down) and not like.has(up) and expr.has(up)):
        return expr
    w = sp.Dummy("w", positive=True)
    swapped = sp.factor(sp.cancel(expr.subs(up, 1 / w)))
    return swapped.xreplace({w: down}) if not swapped.has(z) else expr


def _tidy(expr: sp.Expr) -> sp.Expr:
    """The shortest of a few equal forms, without the hyperbolic functions simplify likes (a page
    that defines g with exponentials keeps them)."""
    forms = [sp.together(expr), sp.factor(sp.together(expr)), sp.simplify(expr)]
    plain = [f for f in forms if not f.has(sp.cosh, sp.sinh, sp.tanh)] or forms
    return min(plain, key=lambda f: len(str(f)))


def establish_maximum(
    likelihood: Likelihood,
    score: Score,
    solved: Solved,
    parameters: tuple[Parameter, ...],
    budget: Budget,
    only: tuple[str, ...] | None = None,
) -> Maximum:
    """The first argument that applies (module docstring), or kind "unknown"; each is tried under
    its own cap, so that one running long leaves time for the next. `only`: the kinds to try (a
    closed-form estimate asks only whether the log-likelihood is concave everywhere)."""
    model = likelihood.model
    hessian = score.block(parameters)
    if hessian is not None:
        fixed = {s.parameter.symbol: s.value for s in solved.solutions if s.rule != "score" and s.value is not None}
        hessian = hessian.xreplace(fixed)
    # the reduced form's statistics T_k are sums over the data too
    free = (
        hessian is not None
        and _free_of_observations(hessian, likelihood)
        and not hessian.free_symbols & set(likelihood.statistic_sums)
    )
    # a numeric estimate's minors over censored data hold sums weighed by the indicator, whose signs SymPy
    # does not settle (the Weibull's, gamma's and log-normal's each ran to the 3 s cap and found nothing):
    # not tried (a closed-form estimate's question, `only`, whether ℓ is concave everywhere, still is)
    observed = hessian is not None and not free and (model.censoring is None or only is not None)
    attempts = [
        ("minors", lambda: _minors(hessian, model, parameters) if free and not model.conditional else None),
        ("information", lambda: Maximum(parameters, "information", hessian) if free else None),
        ("log-concave", lambda: _location_scale(model, parameters)),
        ("profile", lambda: _profile(likelihood, solved, parameters, model)),
        ("minors", lambda: _minors(hessian, model, parameters) if observed else None),
        ("monotone-mean", lambda: _monotone(likelihood, parameters)),
    ]
    for kind, attempt in attempts:
        if only is not None and kind not in only:
            continue
        try:
            with budget.guard("showing that the root is the maximum", cap=MAXIMUM_SECONDS):
                found = attempt()
        except (BudgetExceeded, *_REFUSALS):
            continue
        if found is not None and found.kind == "minors" and found.hessian is not None:
            # the page shows the Hessian and its minors: in the sums the statistics Tₖ stand for (Σwᵢ)
            shown = likelihood.expand_statistics
            minors = tuple(shown(m) for m in found.minors)
            return dataclasses.replace(found, hessian=found.hessian.applyfunc(shown), minors=minors)
        if found is not None:
            return found
    return Maximum(parameters, "unknown")


def _monotone(likelihood: Likelihood, parameters: tuple[Parameter, ...]) -> Maximum | None:
    found = monotone_mean(likelihood.log_density, likelihood.model, parameters, region(likelihood.model))
    return Maximum(parameters, "monotone-mean", mean=found) if found is not None else None


def _minors(hessian: sp.Matrix | None, model: Model, parameters: tuple[Parameter, ...]) -> Maximum | None:
    proved = _negative_definite(hessian, model) if hessian is not None else None
    if proved is None:
        return None
    minors, per_minor = proved
    every = tuple(dict.fromkeys(f for facts in per_minor for f in facts))
    return Maximum(parameters, "minors", hessian, minors, every, minor_facts=per_minor)


__all__ = ["CONCAVE", "ONE_ROOT", "Fact", "Maximum", "establish_maximum"]
