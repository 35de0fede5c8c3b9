"""The information step of a censored model: the observed information in place of the expected one.

With right-censored lifetimes the expectation that makes the Fisher information runs over the
censoring times too, whose distribution the model leaves unspecified; textbooks (and lifelines, and
scipy's CensoredData fits) use the observed information, minus the Hessian of the log-likelihood at
the estimate, whose inverse estimates the estimators' covariance."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sympy as sp

from symle.algebra.notation import Hat, ObservedInformation, Partial
from symle.algebra.printing import text
from symle.algebra.sums import canonical_sums
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.followups.information import Information
from symle.followups.statistic_forms import solved_for
from symle.model.parameter import Parameter
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood
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
    at, in_hats = info.observed, info.observed_hat
    hats = {s: Hat(s) for s in regular}
    sides = []
    if in_hats is not None:  # J(λ̂) = k²Σδᵢ/λ̂², the data's statistic replaced through the estimator
        sides.append((in_hats[0, 0] if one else in_hats).xreplace(hats))
    if at is not None:
        value = sp.powsimp((at[0, 0] if one else at).xreplace(hats))  # (Σδᵢ)(Σδᵢ)^(2/k) = (Σδᵢ)^(1 + 2/k)
        if len(text(value)) <= LONGEST_AT_ESTIMATE and not value.has(*regular):
            sides.append(value)
    if sides:
        equations.append(Equation((ObservedInformation(*(Hat(s) for s in regular)), *sides)))
        sentence += prose("; the second line is its value there")
        if in_hats is not None:
            sentence += prose(", written in the estimate", "" if one else "s")
            sentence += prose(" and in the data" if len(sides) > 1 else "")
    return Step("observed", "Observed information", sentence + ".", tuple(equations), claims=("information-observed",))


def in_estimates(
    likelihood: Likelihood,
    hessian: sp.Matrix,
    regular_parameters: Sequence[Parameter],
    estimators: Mapping[str, Estimator],
    budget: Budget,
) -> sp.Matrix | None:
    """-H at the estimate written in the estimate itself, J(λ̂) = k²Σδᵢ/λ̂² rather than in the data's sums:
    a statistic the closed-form estimator holds is replaced by its value in the estimate (Σtᵢᵏ = λ̂ᵏΣδᵢ),
    the form holding the fewest statistics kept (J(θ) at θ̂ as it stands when that already holds one); None
    unless every regular parameter has a closed form. Equal to -H at the estimate by construction (the
    estimator's own equation, solved for one statistic)."""
    regular = [p.symbol for p in regular_parameters]
    closed = {
        e.parameter.symbol: e.value
        for e in estimators.values()
        if e.value is not None and e.parameter.symbol in regular
    }
    if not closed or len(closed) != hessian.rows:
        return None

    def tidy(entry: sp.Expr) -> sp.Expr:
        return sp.factor(sp.cancel(sp.powsimp(sp.expand(entry))))

    try:
        with budget.guard("the observed information in the estimate", cap=1.0):
            hats = {p: sp.Dummy(p.name, positive=True) for p in closed}
            # the statistics are positive wherever the estimate exists (a sum of powers, a count it divides by)
            positive = {t: sp.Dummy(t.name, positive=True) for t in likelihood.statistic_sums}
            statistics = set(positive.values())
            over_statistics = {total: positive[t] for t, total in likelihood.statistic_sums.items()}
            entries = (-hessian.xreplace({**hats, **positive})).applyfunc(tidy)
            candidates = [(0, entries)]  # J(θ) at θ̂ as it stands, then with one statistic eliminated
            for p, value in closed.items():
                stated = canonical_sums(value).xreplace(over_statistics)
                for statistic in stated.free_symbols & statistics:
                    root = solved_for(statistic, hats[p], stated)
                    if root is not None:
                        candidates.append((1, entries.xreplace({statistic: root}).applyfunc(tidy)))
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    # fewest statistics of the data, then no replacement over one, then the shortest: Σδᵢ/λ̂², k²Σδᵢ/λ̂²
    back = {d: p for p, d in hats.items()}
    sums = {positive[t]: total for t, total in likelihood.statistic_sums.items()}
    written = [(len(m.free_symbols & statistics), k, m.xreplace(back).xreplace(sums)) for k, m in candidates]
    return min(written, key=lambda c: (c[0], c[1], sum(sp.count_ops(e) for e in c[2])))[2]
