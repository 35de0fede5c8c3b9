"""Fisher information (expected and observed) and asymptotic variances, as pure functions of a derivation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp

from symle.algebra.printing import text as plain_text
from symle.algebra.sample import n
from symle.algebra.sums import canonical_sums, hide_sums, is_sample_sum, restore_sums, substitute_nested
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.followups.forms import SIMPLIFY_SECONDS, tidy
from symle.followups.given import integrals, one_observation, unfixed
from symle.followups.moments import Moments, expected, fixed, integration_budget, score_identity, score_relations
from symle.followups.outer import outer_information
from symle.model.formula import parse_expression
from symle.model.model import Model, Parameter
from symle.stages.estimators import Estimator
from symle.stages.likelihood import Likelihood, sum_over_sample
from symle.stages.score import Score
from symle.stages.solve import Solved
from symle.stages.step import formula, listed, prose

MAX_OBSERVED_OPERATIONS = 600  # the work bound; within it the longest (Rao's linkage model, 510) takes about 1 s
OBSERVED_SECONDS = 5.0  # far above that, so that a busy machine finds what an idle one does


@dataclass(frozen=True)
class Information:
    """The information about the parameters in n observations.

    `irregular` maps the parameters for which the information does not exist in the regular
    sense to the reason; `regular` are the others, in model order. `fisher` is the expected
    information of the regular parameters (the others held at their values), None when it could
    not be computed; `variance` the inverse information's diagonal (the observed information
    is computed apart, by `observed_information`, as only the JSON and fitting need it)."""

    parameters: tuple[Parameter, ...]
    regular: tuple[Parameter, ...]
    irregular: Mapping[str, str]
    hessian: sp.Matrix | None
    fisher: sp.Matrix | None
    variance: Mapping[str, sp.Expr | None]
    warnings: tuple[str, ...] = ()
    moments: Moments | None = field(default=None, compare=False)
    # "score identity", "integrals", "hazard" or "distribution function" (the density's form: followups.transform),
    # "known" (a textbook result), "given the covariates"
    how: str = ""
    why: str = ""  # when `fisher` is None: what this derivation did not do, in the reader's words
    given: Mapping[sp.Expr, sp.Expr] = field(default_factory=dict, compare=False)  # E[g(y) | x], a regression's
    observed: sp.Matrix | None = field(default=None, compare=False)  # -H at the estimate, shown for censored data
    observed_hat: sp.Matrix | None = field(default=None, compare=False)  # -H at the estimate, in θ̂ (censored pages)

    @property
    def complete(self) -> bool:
        """Whether the full matrix exists: every parameter regular and the information found."""
        return not self.irregular and self.fisher is not None

    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.regular)


def irregular_parameters(likelihood: Likelihood, solved: Solved, known: set[str] = frozenset()) -> dict[str, str]:
    """Parameters without information in the regular sense, with the reason in words. A location
    inside |x - mu| has one all the same, E[score^2] (Laplace: 1/b^2), where the result is known."""
    model = likelihood.model
    bounds = model.support.parameters_in_bounds(model.symbols)
    out: dict[str, str] = {}
    for solution in solved.solutions:
        p = solution.parameter
        name = plain_text(p.symbol)
        if p.symbol in bounds or solution.rule in ("support-lower", "support-upper"):
            out[p.name] = prose("the support depends on ", p.symbol, ", so the likelihood is not differentiable in it")
        elif p.name not in known and (
            solution.rule == "median"
            or any(a.has(p.symbol) and a.has(model.var) for a in likelihood.log_density.atoms(sp.Abs))
        ):
            out[p.name] = prose(
                "the log-likelihood is not differentiable in ",
                p.symbol,
                " (it holds ",
                formula(f"|x − {name}|"),
                ")",
            )
    return out


def inverse(matrix: sp.Matrix) -> sp.Matrix:
    """The inverse through a generic matrix of symbols (SymPy's own inverse spends long proving
    that a determinant of special functions is not zero)."""
    size = matrix.shape[0]
    generic = sp.Matrix(size, size, lambda r, c: sp.Dummy(f"g{min(r, c)}{max(r, c)}"))
    values = {generic[r, c]: matrix[r, c] for r in range(size) for c in range(size)}
    adjugate = generic.adjugate(method="berkowitz")
    determinant = generic.det(method="berkowitz")
    return (adjugate / determinant).applyfunc(lambda e: e.xreplace(values))


def expected_information(
    likelihood: Likelihood, h: sp.Matrix, regular: tuple[Parameter, ...], moments: Moments, budget: Budget
) -> sp.Matrix | None:
    """-E[H], entry by entry; None when an expectation cannot be had."""
    size = len(regular)
    entries: dict[tuple[int, int], sp.Expr] = {}
    for r in range(size):
        for c in range(r, size):
            value = expected(-h[r, c], likelihood, moments, budget)
            if value is None:
                return None
            entries[(r, c)] = entries[(c, r)] = tidy(value, regular, budget)
    return sp.Matrix(size, size, lambda r, c: entries[(r, c)])


def observed_information(
    likelihood: Likelihood,
    hessian: sp.Matrix | None,
    estimators: Mapping[str, Estimator],
    budget: Budget,
) -> sp.Matrix | None:
    """-H at the estimate, in the data: closed-form estimators substituted, the statistics written
    as sums; a parameter found numerically stays as its symbol (its estimate goes there).

    The estimators are written over the statistics first, so that the simplification works on a
    rational function of a few symbols rather than of nested sums."""
    if hessian is None:
        return None
    statistics = likelihood.statistic_sums
    over_statistics = {total: symbol for symbol, total in statistics.items()}
    values = {
        e.parameter.symbol: canonical_sums(e.value).xreplace(over_statistics)
        for e in estimators.values()
        if e.value is not None
    }
    try:
        with budget.guard("forming the observed information", cap=OBSERVED_SECONDS):
            hidden = [hide_sums(substitute_nested(entry, values)) for entry in -hessian]
            if any(sp.count_ops(e) > MAX_OBSERVED_OPERATIONS for e, _ in hidden):
                return None  # (the linear regression's sigma2) too long to simplify, or to read
            entries = [restore_sums(sp.factor(sp.cancel(e)), {**m, **statistics}) for e, m in hidden]
    except (BudgetExceeded, NotImplementedError, ValueError, TypeError):
        return None
    return sp.Matrix(hessian.rows, hessian.cols, entries)


def asymptotic_variances(
    fisher: sp.Matrix, regular: tuple[Parameter, ...], budget: Budget
) -> dict[str, sp.Expr | None]:
    """The diagonal of the inverse information: the Cramér–Rao bound for unbiased estimators."""
    try:
        with budget.guard("inverting the information", cap=2 * SIMPLIFY_SECONDS):
            inv = inverse(fisher)
    except (BudgetExceeded, ValueError, ZeroDivisionError):
        return {p.name: None for p in regular}
    return {p.name: tidy(inv[k, k], regular, budget) for k, p in enumerate(regular)}


def needs_integration(likelihood: Likelihood, regular: tuple[Parameter, ...]) -> bool:
    """Whether a sum over the data holds a regular parameter inseparably (Cauchy, Weibull's x^k):
    then the information needs integrals, not only the score identity."""
    symbols = {p.symbol for p in regular}
    return any(is_sample_sum(s) and s.free_symbols & symbols for s in likelihood.reduced.atoms(sp.Sum))


def _conditional_information(
    likelihood: Likelihood,
    h: sp.Matrix | None,
    regular: tuple[Parameter, ...],
    irregular: dict[str, str],
    variance: dict[str, sp.Expr | None],
    warnings: list[str],
    budget: Budget,
) -> Information:
    """A regression's information given the covariates: minus the Hessian when it does not involve
    the response (as for a canonical link, and for the coefficients of a normal linear model), else
    the sum over the observations of each one's, its expectations from its own score identity."""
    model = likelihood.model
    response = model.data.label.name
    if h is None:
        why = prose("differentiating the log-likelihood twice ran out of its time budget")
        warnings.append(prose("the Fisher information was not computed: ", why))
        return Information(model.parameters, regular, irregular, h, None, variance, tuple(warnings), why=why)
    h = h.applyfunc(likelihood.expand_statistics)

    def compact(node: sp.Sum) -> sp.Expr:
        return sp.Sum(sp.factor(sp.together(sp.powsimp(node.function))), *node.limits)

    if any(a.base.label.name == response for a in h.atoms(sp.Indexed)):
        one, given, why = one_observation(model, likelihood.log_density, regular, budget)
        how = "given the covariates"
        fisher = None
        if one is not None:
            fisher = known_information(model, regular, {k: tidy(v, regular, budget) for k, v in one.items()})
        if fisher is None:
            warnings.append(prose("the expected Fisher information was not derived: ", why))
            return Information(model.parameters, regular, irregular, h, None, variance, tuple(warnings), None, how, why)
    else:
        fisher, given, how = -h, {}, "no responses"
    try:
        with budget.guard("simplifying the information", cap=2 * SIMPLIFY_SECONDS):
            fisher = fisher.applyfunc(lambda e: sp.factor_terms(e.replace(is_sample_sum, compact)))
    except BudgetExceeded:
        fisher = fisher.applyfunc(sp.factor_terms)
    variance.update(asymptotic_variances(fisher, regular, budget))
    return Information(
        model.parameters, regular, irregular, h, fisher, variance, tuple(warnings), None, how, given=given
    )


def information(
    likelihood: Likelihood, score: Score, solved: Solved, budget: Budget, integrate: bool = False
) -> Information:
    """The expected information of the regular parameters, from the Hessian's linearity in the
    sums: E[sum g(x_i)] = n E[g(X)], with E[g(X)] from the score identity E[score] = 0 or, when
    `integrate`, by integration over the support (slow, so only on request)."""
    model = likelihood.model
    table = known_entries(model)
    irregular = irregular_parameters(likelihood, solved, {name for pair in table for name in pair})
    regular = tuple(p for p in model.parameters if p.name not in irregular)
    warnings = [
        prose(
            "the Fisher information for ", model.parameter(name).symbol, " does not exist in the regular sense: ", why
        )
        for name, why in irregular.items()
    ]
    variance: dict[str, sp.Expr | None] = {p.name: None for p in model.parameters}
    kinked = [name for name, why in irregular.items() if "|x" in why]
    if kinked and len(kinked) == len(irregular) and not table:
        # a kink only: the information is the expected square of the score, which exists
        outer = outer_information(likelihood, model.parameters, budget)
        if outer is not None:
            variance.update(asymptotic_variances(outer, model.parameters, budget))
            return Information(
                model.parameters, model.parameters, {}, None, outer, variance, (), None, "score outer product"
            )
    if not regular:
        return Information(model.parameters, regular, irregular, None, None, variance, tuple(warnings))
    names = listed(p.symbol for p in regular)
    h = score.block(regular)
    symbols = [p.symbol for p in regular]
    if model.censoring is not None:  # the observed information stands in (symle.followups.censored)
        why = prose("with censoring it depends on how the censoring times arise, which the model leaves unspecified")
        return Information(
            model.parameters, regular, irregular, h, None, variance, tuple(warnings), how="censored", why=why
        )
    if table:  # a textbook result: no integral, whatever the machine's load
        determined = score_identity(likelihood, symbols, budget) if not model.conditional else {}
        fisher = known_information(model, regular, table)
        variance.update(asymptotic_variances(fisher, regular, budget))
        moments = Moments(model, determined, None)
        how = "known given the covariates" if model.conditional else "known"
        return Information(model.parameters, regular, irregular, h, fisher, variance, tuple(warnings), moments, how)
    if model.conditional:
        return _conditional_information(likelihood, h, regular, irregular, variance, warnings, budget)
    inseparable = needs_integration(likelihood, regular)
    by_form = _by_form(likelihood, h, regular, irregular, variance, warnings, budget) if inseparable else None
    if by_form is not None:
        return by_form
    if inseparable and not integrate:
        why = prose(
            "the expectations of the log-likelihood's second derivatives need ",
            integrals(model),
            ", which symle evaluates only on request (derive(..., integrate=True); the command line does)",
        )
        warnings.append(prose("the expected Fisher information for ", names, " was not derived: ", why))
        return Information(model.parameters, regular, irregular, None, None, variance, tuple(warnings), why=why)
    if h is None:
        why = prose("differentiating the log-likelihood twice ran out of its time budget")
        warnings.append(prose("the Fisher information for ", names, " was not computed: ", why))
        return Information(model.parameters, regular, irregular, None, None, variance, tuple(warnings), why=why)
    related, free = score_relations(likelihood, symbols, budget)
    moments = Moments(model, fixed(related, free), integration_budget(budget) if integrate else None, related, free)
    fisher = expected_information(likelihood, h, regular, moments, budget)
    why = prose()
    if fisher is None:
        why = unfixed("the log-likelihood's second derivatives hold sums over the data", model, integrate)
        warnings.append(prose("the expected Fisher information for ", names, " was not derived: ", why))
    how = "integrals" if moments.integration is not None and inseparable else "score identity"
    if fisher is not None and how == "integrals" and not _agrees_with_quadrature(likelihood, fisher, regular):
        why = prose(
            "its symbolic ",
            integrals(model),
            " disagreed with numerical ones at trial values of the parameters, so it is left out",
        )
        warnings.append(prose("the expected Fisher information for ", names, " was not derived: ", why))
        fisher = None
    if fisher is not None:
        variance.update(asymptotic_variances(fisher, regular, budget))
    return Information(model.parameters, regular, irregular, h, fisher, variance, tuple(warnings), moments, how, why)


def _by_form(
    likelihood: Likelihood,
    h: sp.Matrix | None,
    regular: tuple[Parameter, ...],
    irregular: dict[str, str],
    variance: dict[str, sp.Expr | None],
    warnings: list[str],
    budget: Budget,
) -> Information | None:
    """The information of a density whose form gives its expectations exactly (symle.followups.transform:
    the Weibull, Gumbel, log-logistic, logistic), with no integral: the same on a busy machine as on an idle
    one; None where the form is another, or a term is not a power and logarithm of the reference variable."""
    from symle.followups.transform import reference

    model = likelihood.model
    form = reference(model, budget) if h is not None else None
    if form is None:
        return None
    related, free = score_relations(likelihood, [p.symbol for p in regular], budget)
    moments = Moments(model, fixed(related, free), None, related, free, by_form=True)
    fisher = expected_information(likelihood, h, regular, moments, budget)
    if fisher is None or not _agrees_with_quadrature(likelihood, fisher, regular):
        return None
    variance.update(asymptotic_variances(fisher, regular, budget))
    how = "hazard" if form[0] == "exponential" else "distribution function"
    return Information(model.parameters, regular, irregular, h, fisher, variance, tuple(warnings), moments, how)


def known_entries(model: Model) -> dict[tuple[str, str], sp.Expr]:
    """A catalogue family's Fisher information of one observation, entry by entry, with the known
    parameters' values in place (symle.model.catalogue); empty for a typed density."""
    family = model.family
    if model.typed or family is None or not family.information or len(model.covariates) > 1:
        return {}
    symbols: dict[str, sp.Basic] = {p.name: p.symbol for p in (*model.parameters, *model.known_parameters)}
    if model.covariates:
        symbols["x"] = model.covariates[0]
    values = {p.symbol: model.known[p.name] for p in model.known_parameters if model.known.get(p.name) is not None}
    free = {p.name for p in model.parameters}
    return {
        (a, b): parse_expression(text, symbols).xreplace(values)
        for a, b, text in family.information
        if a in free and b in free
    }


def known_information(
    model: Model, regular: tuple[Parameter, ...], table: Mapping[tuple[str, str], sp.Expr]
) -> sp.Matrix:
    """The information in the sample: n times one observation's, or for a regression the sum over
    the observations of theirs, which holds the covariates (X^T X / sigma^2)."""

    def entry(a: Parameter, b: Parameter) -> sp.Expr:
        one = table.get((a.name, b.name), table.get((b.name, a.name), sp.Integer(0)))
        return sum_over_sample(model, one) if one.has(*model.covariates) else n * one

    size = len(regular)
    return sp.Matrix(size, size, lambda r, c: entry(regular[r], regular[c]))


def _agrees_with_quadrature(likelihood: Likelihood, fisher: sp.Matrix, regular: tuple[Parameter, ...]) -> bool:
    """Whether n times one observation's information by quadrature, at the trial values of the
    parameters, matches the symbolic information (relative 1e-5); undecidable counts as agreeing."""
    import numpy as np  # (with quadrature: only where symbolic integrals gave the information)

    from symle.followups.quadrature import information_of_one

    model = likelihood.model
    trial = {p.symbol: p.space.trial for p in (*model.parameters, *model.known_parameters)}
    one = information_of_one(model, likelihood.log_density, regular, trial)
    if one is None:
        return True
    try:
        symbolic = np.array((fisher / n).xreplace(trial).evalf(), dtype=float)
    except (TypeError, ValueError):
        return True
    return bool(np.allclose(symbolic, one, rtol=1e-5, atol=1e-9))
