"""The maximum step of estimators without a closed form: the argument symle.stages.maximum found,
told as a textbook tells it, its equations, and what it establishes (one sentence of reason)."""

from __future__ import annotations

import dataclasses

import sympy as sp

from symle.algebra import notation as N
from symle.algebra.logs import sign_of
from symle.algebra.sample import SampleMean, i, n
from symle.model.model import Model
from symle.stages.existence import Existence, exists_when
from symle.stages.likelihood import region
from symle.stages.maximum import Fact, Maximum
from symle.stages.step import Equation, Prose, Step, chain, formula, listed, prose


def unique(count: int, subject: str = "the log-likelihood") -> Prose:
    """What strict concavity gives: at most one root of the score equation(s), the maximum."""
    equations = "the score equation has" if count == 1 else "the score equations have"
    return prose(
        f"so {subject} is strictly concave, {equations} at most one root, and a root, where there is one, is the "
        "global maximum"
    )


TITLE = "The maximum"


def _fact(fact: Fact) -> Prose:
    kind, argument = fact
    if kind == "trigamma-positive":
        assert argument is not None
        return prose(chain(sp.polygamma(1, argument), sp.Integer(0), relations=(">",)))
    if kind == "trigamma":
        assert argument is not None
        return prose(
            chain(argument * sp.polygamma(1, argument), sp.Integer(1), relations=(">",)),
            " for ",
            chain(argument, sp.Integer(0), relations=(">",)),
        )
    if kind == "not all zero":
        total, count = argument.args
        unless = (
            prose(", the ", count, " not all 0") if isinstance(count, sp.Indexed) else prose(", its terms not all 0")
        )
        return prose(chain(total, sp.Integer(0), relations=(">",)), unless)
    weight, ratio = argument.args if argument is not None else (sp.Symbol("w"), sp.Symbol("g"))
    return prose(
        "the Cauchy–Schwarz inequality ",
        formula("(Σwᵢ)(Σwᵢgᵢ²) > (Σwᵢgᵢ)²"),
        " with ",
        chain(sp.Symbol("w_i"), weight),
        " and ",
        chain(sp.Symbol("g_i"), ratio),
        ", the data not all equal",
    )


def _facts(facts: tuple[Fact, ...]) -> Prose:
    return listed(_fact(f) for f in facts)


def _minors(found: Maximum) -> Step:
    symbols = [p.symbol for p in found.parameters]
    assert found.hessian is not None
    because = prose(" (since ", _facts(found.facts), ")") if found.facts else prose()
    if len(symbols) == 1:
        (symbol,) = symbols
        sentence = prose("The second derivative is negative for every value of ", symbol, because, ", ", unique(1), ".")
        equations = (Equation((N.Partial(symbol, symbol), found.hessian[0, 0], sp.Integer(0)), ("=", "<")),)
        return Step("second-order", TITLE, sentence, equations, claims=(f"maximum-{found.kind}",))
    hessian = sp.Symbol("H")
    equations = [Equation((hessian, found.hessian))]
    for k, minor in enumerate(found.minors, start=1):
        equations.append(Equation((sp.Symbol(f"D{k}"), minor, sp.Integer(0)), ("=", "<" if k % 2 else ">")))
    minors = listed(sp.Symbol(f"D{k}") for k in range(1, len(found.minors) + 1))
    signs = [
        prose(chain(sp.Symbol(f"D{k}"), sp.Integer(0), relations=("<" if k % 2 else ">",)), " since ", _facts(facts))
        for k, facts in enumerate(found.minor_facts, start=1)
        if facts
    ]
    because = prose(" (", listed(signs), ")") if signs else prose()
    sentence = prose(
        "For every value of the parameters the leading principal minors ",
        minors,
        " of the Hessian ",
        hessian,
        " alternate in sign, starting negative",
        because,
        ": ",
        hessian,
        " is negative definite everywhere, ",
        unique(len(symbols)),
        ".",
    )
    return Step("second-order", TITLE, sentence, tuple(equations), claims=(f"maximum-{found.kind}",))


def _concave_closed(found: Maximum) -> Step:
    """ℓ″(θ) < 0 for every θ: the closed-form stationary point is the global maximum."""
    (parameter,) = found.parameters
    symbol = parameter.symbol
    assert found.hessian is not None
    because = prose(" (since ", _facts(found.facts), ")") if found.facts else prose()
    sentence = prose(
        "The second derivative is negative for every value of ",
        symbol,
        because,
        ", so the log-likelihood is strictly concave and the stationary point ",
        N.Hat(symbol),
        " is its global maximum.",
    )
    equations = (Equation((N.Partial(symbol, symbol), found.hessian[0, 0], sp.Integer(0)), ("=", "<")),)
    return Step("second-order", "Second-order condition", sentence, equations, claims=("maximum-minors",))


def _information(found: Maximum, model: Model) -> Step:
    symbols = [p.symbol for p in found.parameters]
    assert found.hessian is not None
    observations = "responses" if model.conditional else "observations"
    given = " given the covariates" if model.conditional else ""
    information = N.FisherInformation(*symbols)
    if len(symbols) == 1:  # one parameter: a second derivative, the score's variance
        (symbol,) = symbols
        why = (
            "positive unless the covariates are all zero"
            if model.conditional
            else "positive because the score is not constant (the parameter is identified)"
        )
        sentence = prose(
            f"The second derivative of the log-likelihood does not depend on the {observations}, so it equals its "
            f"expectation: minus the Fisher information{given}, the variance of the score, which is {why}; ",
            unique(1),
            ".",
        )
        curvature = N.Partial(symbol, symbol)
        shown = found.hessian[0, 0] if not found.hessian.has(sp.Sum) else None
        parts = (curvature, shown, -information) if shown is not None else (curvature, -information)
        return Step("second-order", TITLE, sentence, (Equation(parts),), claims=(f"maximum-{found.kind}",))
    hessian = sp.Symbol("H")
    family = model.family
    why = (
        "positive definite because no combination of the score's components is constant (the parameters are identified)"
        if not model.conditional
        else "positive definite unless the covariates are constant or collinear"
        if family is not None and not model.typed and family.intercept
        else "positive definite unless the covariates cannot tell the parameters apart"  # no intercept: x = c works
    )
    sentence = prose(
        "The Hessian ",
        hessian,
        f" of the log-likelihood does not depend on the {observations}, so it equals its expectation: minus the "
        f"Fisher information{given}, the covariance matrix of the score, which is {why}; ",
        unique(len(symbols)),
        ".",
    )
    shown = found.hessian if not found.hessian.has(sp.Sum) and len(symbols) <= 3 else None
    parts = (hessian, shown, -information) if shown is not None else (hessian, -information)
    return Step("second-order", TITLE, sentence, (Equation(parts),), claims=(f"maximum-{found.kind}",))


def _profile(found: Maximum) -> Step:
    assert found.left is not None and found.curve is not None and found.inner is not None
    theta = found.left.symbol
    (phi,) = [p.symbol for p in found.profiled]
    profile = N.Profile(phi, theta)
    inner = found.inner.xreplace({phi: profile})
    sentence = prose(
        "For each ",
        theta,
        ", ",
        profile,
        " is the only root of the score for ",
        phi,
        ", and the second derivative in ",
        phi,
        " is negative there, so it maximises the log-likelihood over ",
        phi,
        ". The profile log-likelihood ",
        N.LogLikelihood(theta, profile),
        " has a negative second derivative for every ",
        theta,
        prose(", by ", _facts(found.facts)) if found.facts else prose(),
        ": it is strictly concave, so the equation left for ",
        theta,
        " has at most one root, and that root with its profile is the maximum.",
    )
    equations = (
        Equation((N.Partial(phi, phi), inner, sp.Integer(0)), ("=", "<")),
        Equation((N.Curvature(N.LogLikelihood(theta, profile), theta), found.curve, sp.Integer(0)), ("=", "<")),
    )
    return Step("second-order", TITLE, sentence, equations, claims=(f"maximum-{found.kind}",))


def _location_scale(found: Maximum) -> Step:
    assert found.standard is not None and found.curve is not None and found.location is not None
    z = found.variable
    g_z, log_g = N.standard(z), N.standard(z, log=True)
    mu, sigma = found.location, found.scale
    standard = Equation((g_z, found.standard))
    relation = ("=", "<") if found.kind == "log-concave" else ("=",)
    curve_parts = (
        N.Curvature(log_g, z),
        found.curve,
        *((sp.Integer(0),) if found.kind == "log-concave" else ()),
    )
    curvature = Equation(curve_parts, relation)
    x = sp.Symbol("x")
    if sigma is not None:
        shape = prose(
            "The density is a location and scale family, ",
            chain(sp.Symbol("f"), N.standard((x - mu) / sigma) / sigma),  # one formula: "=" in math
            ", with ",
            g_z,
            " below",
        )
    else:
        shape = prose("The density is a location family, ", chain(sp.Symbol("f"), N.standard(x - mu)), ", with ", g_z)
        shape += prose(" below")
    if found.kind == "log-concave":
        data = sp.IndexedBase(sp.Symbol("x"))[i]
        if sigma is not None:
            loglik = n * sp.log(1 / sigma) + sp.Sum(N.standard(data / sigma - mu / sigma, log=True), (i, 1, n))
            where = prose(
                ". In the parameters ",
                1 / sigma,
                " and ",
                mu / sigma,
                " (a one-to-one change of parameters) the log-likelihood ",
                loglik,
                " is a sum of concave functions of linear ones",
            )
        else:
            loglik = sp.Sum(N.standard(data - mu, log=True), (i, 1, n))
            where = prose(". The log-likelihood ", loglik, " is a sum of concave functions of ", mu)
        sentence = prose(
            shape,
            "; the second derivative of ",
            log_g,
            " is negative, so ",
            log_g,
            " is concave",
            where,
            ", ",
            unique(len(found.parameters), "it"),
            ".",
        )
    else:
        one = len(found.parameters) == 1
        roots = (
            "the score equation may have several roots, local maxima and minima of the likelihood"
            if one
            else "the score equations may have several roots (local maxima, minima and saddle points)"
        )
        curvature_at = "the second derivative is negative" if one else "the Hessian is negative definite"
        sentence = prose(
            shape,
            "; the second derivative of ",
            log_g,
            " is positive for some ",
            z,
            f", so the log-likelihood is not concave and {roots}.",
        )
        if one and found.vanishing:
            data = sp.IndexedBase(sp.Symbol("x"))[i]
            sentence += prose(
                " As ",
                mu,
                " tends to ",
                formula("±∞"),
                " every term ",
                N.standard(data - mu, log=True),
                " tends to ",
                formula("−∞"),
                ", since ",
                g_z,
                " vanishes far out, so the likelihood has a global maximum, at one of these roots: the estimate is "
                "the root at which the log-likelihood is largest.",
            )
        else:
            sentence += prose(
                f" The estimate is the root at which {curvature_at} and the log-likelihood is largest; that it "
                "is the global maximum is not proved here."
            )
    return Step("second-order", TITLE, sentence, (standard, curvature), claims=(f"maximum-{found.kind}",))


def _unknown(found: Maximum) -> Prose:
    """Nothing shown: what the numeric root is (a local maximum), and what is not proved."""
    if len(found.parameters) == 1:
        (parameter,) = found.parameters
        return prose(
            "Whether the score equation for ",
            parameter.symbol,
            " has a single root is not shown here: the estimate is the root at which the second derivative is "
            "negative and the log-likelihood is largest, which is not proved here to be the global maximum.",
        )
    return prose(
        "Whether the score equations have a single root is not shown here: the estimate is the root at which the "
        "Hessian is negative definite and the log-likelihood is largest, which is not proved here to be the "
        "global maximum."
    )


def maximum_step(
    found: Maximum, model: Model, closed: bool = False, existence: str = "", exists: Existence | None = None
) -> Step:
    """The step for the argument found: what it shows, and its equations (`closed`: the estimate
    has a closed form, the second-order condition a textbook checks, shown for every value);
    `existence`: when the maximum exists at all, a sentence of its own at the end; `exists`: the
    data's condition for a root in the domain, derived (symle.stages.existence)."""
    step = _argued(found, model, closed)
    if exists is not None:
        text = step.text if isinstance(step.text, Prose) else prose(step.text)
        step = dataclasses.replace(
            step,
            text=prose(text, " The estimate ", exists_when(exists, "itself", why=False), "."),
            claims=(*step.claims, f"exists:{exists.parameter.name}"),
        )
    if not existence:
        return step
    text = step.text if isinstance(step.text, Prose) else prose(step.text)
    return dataclasses.replace(step, text=prose(text, " ", _named(existence, model), "."))


def _monotone_mean(found: Maximum, model: Model) -> Step:
    """x̄ = m(θ) with m = E_θX strictly monotone (m′ = c Var_θX): one root, where the score changes sign."""
    (parameter,) = found.parameters
    assert found.mean is not None
    slope, mean = found.mean
    theta = parameter.symbol
    direction = "increasing" if sign_of(slope, region(model)) > 0 else "decreasing"
    data = SampleMean(sp.IndexedBase(model.data.label))
    sentence = prose(
        "The score equation reads ",
        chain(data, mean),
        ": the score is ",
        n * slope,
        " times the left side minus the right, and the right side is the mean of one observation. Its derivative in ",
        theta,
        " is ",
        slope,
        f" times the variance of one observation, which is positive, so it is strictly {direction} in ",
        theta,
        ": the score equation has at most one "
        "root, the score changes sign there from positive to negative, and a root, where there is one, is the "
        "global maximum.",
    )
    return Step("second-order", TITLE, sentence, (), claims=(f"maximum-{found.kind}",))


def _named(sentence: str, model: Model) -> Prose:
    """A catalogue sentence with its `backticked` names set as the model's symbols."""
    symbols = {s.name: s for s in (*model.symbols, model.var, *model.covariates)}
    pieces = sentence[0].upper() + sentence[1:]
    return prose(*(symbols.get(p, p) if k % 2 else p for k, p in enumerate(pieces.split("`"))))


def _argued(found: Maximum, model: Model, closed: bool) -> Step:
    if found.kind == "minors" and closed:
        return _concave_closed(found)
    if found.kind == "minors":
        return _minors(found)
    if found.kind == "information":
        return _information(found, model)
    if found.kind == "profile":
        return _profile(found)
    if found.kind in ("log-concave", "not-concave"):
        return _location_scale(found)
    if found.kind == "monotone-mean":
        return _monotone_mean(found, model)
    return Step("second-order", TITLE, _unknown(found), (), claims=("maximum-unknown",))


__all__ = ["maximum_step"]
