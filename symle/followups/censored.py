"""The information step of a censored model: the observed information in place of the expected one.

With right-censored lifetimes the expectation that makes the Fisher information runs over the
censoring times too, whose distribution the model leaves unspecified; textbooks (and lifelines, and
scipy's CensoredData fits) use the observed information, minus the Hessian of the log-likelihood at
the estimate, whose inverse estimates the estimators' covariance."""

from __future__ import annotations

from symle.algebra.notation import Hat, ObservedInformation, Partial
from symle.algebra.printing import text
from symle.followups.information import Information
from symle.stages.step import Equation, Step, prose

LONGEST_AT_ESTIMATE = 100  # characters of plain text: a longer J(θ̂) is left to the fit, which evaluates it


def observed_step(info: Information) -> Step:
    """J(θ) = −∂²ℓ/∂θ² (the Hessian's negative for several parameters), and J(θ̂) where it is short."""
    regular = [p.symbol for p in info.regular]
    one = len(regular) == 1
    sentence = prose(
        "With censored observations the expected information depends on how the censoring times arise, "
        "which the model leaves unspecified, so the observed information takes its place: minus the ",
        "second derivative" if one else "Hessian",
        " of the log-likelihood. Its inverse at the estimate estimates the ",
        "estimator's variance" if one else "estimators' covariance matrix",
        " (symle fit reports the standard errors)",
    )
    if info.hessian is None or not regular:
        why = info.why or prose("it was not computed")
        return Step("observed", "Observed information", prose("The information is not derived here: ", why, "."), ())
    observed = -info.hessian
    lhs = ObservedInformation(*regular)
    equations = [Equation((lhs, observed[0, 0] if one else observed))]
    if not one and len(text(observed)) > LONGEST_AT_ESTIMATE:  # too wide for a page: entry by entry
        pairs = [(a, b) for k, a in enumerate(regular) for b in regular[k:]]
        equations = [Equation((-Partial(a, b), observed[regular.index(a), regular.index(b)])) for a, b in pairs]
        sentence += prose("; its entries are below")
    at = info.observed
    if at is not None:
        hats = {s: Hat(s) for s in regular}
        value = (at[0, 0] if one else at).xreplace(hats)
        if len(text(value)) <= LONGEST_AT_ESTIMATE and not value.has(*regular):
            equations.append(Equation((ObservedInformation(*(Hat(s) for s in regular)), value)))
            sentence += prose("; the second line is its value there")
    return Step("observed", "Observed information", sentence + ".", tuple(equations), claims=("information-observed",))
