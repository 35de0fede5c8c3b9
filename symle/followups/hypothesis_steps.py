"""The steps of a test of H₀: θ = θ₀: the hypothesis, the other parameters' estimates under it, the
likelihood-ratio, Wald and score statistics, and their χ² reference distribution."""

from __future__ import annotations

import sympy as sp

from symle.algebra.notation import (
    FisherInformation,
    Hat,
    InverseInformationEntry,
    LogLikelihood,
    Profile,
    ScoreAt,
    TestStatistic,
)
from symle.algebra.printing import text
from symle.followups.hypothesis import HypothesisTest
from symle.model.model import Model
from symle.stages.step import Equation, Step, formula, listed, prose

LR, WALD, SCORE = (TestStatistic(sp.Symbol(letter)) for letter in ("LR", "W", "S"))


def _twice_drop(high: sp.Expr, low: sp.Expr) -> sp.Expr:
    """2(ℓ(θ̂) − ℓ(θ₀)), as written."""
    return sp.Mul(2, sp.Add(high, sp.Mul(-1, low, evaluate=False), evaluate=False), evaluate=False)


def hypothesis_steps(test: HypothesisTest, model: Model) -> tuple[Step, ...]:
    """The test's steps, each with one sentence of reason, in the order a textbook gives them."""
    symbols = [p.symbol for p in model.parameters]
    theta = next(p.symbol for p in model.parameters if p.name == test.parameter)
    null = test.null
    others = list(test.others)
    under = [null if s == theta else Profile(s, null) for s in symbols]
    hats = [Hat(s) for s in symbols]
    several = bool(others)
    steps = [
        Step(
            "test-hypothesis",
            "The hypothesis",
            prose(
                "The null hypothesis fixes ",
                theta,
                " at ",
                null,
                ", against the alternative ",
                formula(f"{text(theta)} ≠ {text(null)}"),
                "; the likelihood-ratio, Wald and score tests below measure, in three ways, how far the data are "
                "from it.",
            ),
            (Equation((theta, null)),),
            parameter=test.parameter,
        )
    ]
    if several:
        equations = tuple(
            Equation((Profile(s, null), value)) if value is not None else Equation((Profile(s, null),))
            for s, value in ((s, test.restricted.get(s)) for s in others)
        )
        shown = tuple(e for e in equations if len(e.parts) > 1)
        how = (
            "solving " + ("its score equation" if len(others) == 1 else "their score equations") + " with "
            if shown
            else "maximising the log-likelihood numerically with "
        )
        steps.append(
            Step(
                "test-profile",
                "Estimates under the hypothesis",
                prose(
                    "Under the hypothesis ",
                    listed(others),
                    " "
                    + ("is" if len(others) == 1 else "are")
                    + " still unknown and profiled out: estimated by "
                    + how,
                    theta,
                    " fixed at ",
                    null,
                    ".",
                ),
                shown,
                parameter=test.parameter,
            )
        )
    lr_chain: tuple[sp.Basic, ...] = (LR, _twice_drop(LogLikelihood(*hats), LogLikelihood(*under)))
    if test.lr is not None:
        lr_why = (
            "; with the estimators substituted, the terms free of the parameters cancel and it simplifies to "
            "the form below."
        )
    else:
        lr_why = prose(
            "; as ",
            test.why,
            ", it has no closed form and is evaluated numerically, the log-likelihood maximised on the data "
            "with and without the hypothesis.",
        )
    steps.append(
        Step(
            "test-lr",
            "Likelihood-ratio statistic",
            prose(
                "The likelihood-ratio statistic is twice the drop of the log-likelihood from its maximum to its "
                "largest value under the hypothesis",
                lr_why,
            ),
            (Equation(lr_chain + ((test.lr,) if test.lr is not None else ())),),
            parameter=test.parameter,
        )
    )
    k = sp.Integer(symbols.index(theta) + 1)
    distance = (Hat(theta) - null) ** 2
    if several:
        wald_form = distance / InverseInformationEntry(k)
        score_form = ScoreAt(*under) ** 2 * InverseInformationEntry(k)
        wald_where = prose(", the inverse information's entry for ", theta, " taken at the estimates")
        score_where = prose(", its entry for ", theta, " taken there")
    else:
        wald_form = distance * FisherInformation(Hat(theta))
        score_form = ScoreAt(null) ** 2 / FisherInformation(null)
        wald_where = prose(", the information taken at the estimate")
        score_where = prose(", taken there")
    steps.append(
        Step(
            "test-wald",
            "Wald statistic",
            prose(
                "The Wald statistic is the squared distance of the estimate from ",
                null,
                " in units of its asymptotic variance",
                wald_where,
                "." if test.wald is not None else "; it is evaluated numerically.",
            ),
            (Equation((WALD, wald_form) + ((test.wald,) if test.wald is not None else ())),),
            parameter=test.parameter,
        )
    )
    steps.append(
        Step(
            "test-score",
            "Score statistic",
            prose(
                "The score statistic needs only the fit under the hypothesis: the score for ",
                theta,
                " there (zero at the estimate), squared and scaled by the inverse information",
                score_where,
                "." if test.score is not None else "; it is evaluated numerically.",
            ),
            (Equation((SCORE, score_form) + ((test.score,) if test.score is not None else ())),),
            parameter=test.parameter,
        )
    )
    steps.append(
        Step(
            "test-reference",
            "Reference distribution",
            prose(
                "Under the hypothesis each of the three statistics has asymptotically the ",
                formula("χ²₁"),
                " distribution, one degree of freedom for the one parameter it fixes (Wilks's theorem for the "
                "likelihood ratio, the estimator's and the score's asymptotic normality for the others): the "
                "hypothesis is rejected at the 5% level when a statistic exceeds 3.84, the 0.95 quantile of ",
                formula("χ²₁"),
                ".",
            ),
            (),
            parameter=test.parameter,
        )
    )
    return tuple(steps)
