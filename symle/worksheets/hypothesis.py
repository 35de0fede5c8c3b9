"""A worksheet's part lrt: the hypothesis it tests, and its question (the steps answering it are the
derivation's test steps, symle.followups.hypothesis_steps)."""

from __future__ import annotations

from symle.algebra.printing import text as plain_text
from symle.derivation import Derivation
from symle.errors import WorksheetError
from symle.pipeline import Stage, derive
from symle.stages.step import Prose, formula, listed, prose
from symle.worksheets.spec import ProblemSpec


def tested(spec: ProblemSpec) -> tuple[str, ...]:
    """The hypothesis of the part lrt: the spec's `test`, else a one-parameter model's parameter."""
    if spec.test or spec.ask is None or "lrt" not in spec.ask:
        return spec.test
    names = [p.name for p in derive(spec.model, stop=Stage.MODEL).parameters]
    if len(names) != 1:
        listing = ", ".join(names)
        raise WorksheetError(f"the part lrt needs the parameter tested: give test = {names[0]!r} (one of {listing})")
    return (names[0],)


def hypothesis_question(derivation: Derivation) -> Prose:
    """Derive the likelihood-ratio statistic for H₀: λ = λ₀, then the Wald and score statistics."""
    test = derivation.test
    if test is None:
        return prose("Test a hypothesis about a parameter.")
    theta = derivation.model.parameter(test.parameter).symbol
    hypothesis = formula(f"H₀: {plain_text(theta)} = {plain_text(test.null)}")
    others = prose(" (", listed(test.others), " unknown)") if test.others else prose()
    return prose(
        "Derive the likelihood-ratio statistic for ",
        hypothesis,
        others,
        ", and the Wald and score statistics. What is their distribution under the hypothesis?",
    )
