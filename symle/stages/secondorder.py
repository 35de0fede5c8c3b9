"""The second-order check: the Hessian at the estimate is negative definite, proved or said unproved."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from symle.algebra.inequalities import decided, exponential_bound
from symle.algebra.logs import sign_of
from symle.algebra.notation import Hat
from symle.algebra.printing import text
from symle.algebra.sample import SampleMean, i, n
from symle.algebra.sums import canonical_sums, hide_sums, restore_sums
from symle.budget import Budget
from symle.errors import BudgetExceeded
from symle.model.model import Model, Parameter
from symle.stages.familiar import familiar
from symle.stages.likelihood import Likelihood, region
from symle.stages.score import Score
from symle.stages.solve import Solved
from symle.stages.step import chain, formula, listed, prose

CHECK_SECONDS = 3.0


@dataclass(frozen=True)
class SecondOrder:
    """The Hessian of the log-likelihood in the checked parameters, at the estimate.

    `at_estimate` is written with hats; `minors` are the leading principal minors there;
    `proved` says whether each minor's sign was shown to be the one a maximum needs."""

    parameters: tuple[Parameter, ...]
    at_estimate: sp.Matrix | None
    minors: tuple[sp.Expr, ...]
    proved: bool
    reason: str = ""
    facts: tuple[str, ...] = ()  # what of the data the proof used: n Σ x_i² − (Σ x_i)² = n Σ (x_i − x̄)² > 0
    # one parameter: the score has the sign of this expression, strictly decreasing in the parameter
    # on its whole domain (so the stationary point is the only one, and the global maximum); else None
    decreasing: sp.Expr | None = None


def _hat_values(parameters: tuple[Parameter, ...]) -> tuple[dict[sp.Symbol, sp.Expr], dict[sp.Expr, sp.Expr]]:
    """Symbols standing for the estimates, with the domains' assumptions; one bounded on both
    sides (a probability p-hat) is written u/(1+u) with u > 0 so that both p-hat > 0 and
    1 - p-hat > 0 are known to SymPy."""
    values: dict[sp.Symbol, sp.Expr] = {}
    back: dict[sp.Expr, sp.Expr] = {}
    for p in parameters:
        if p.space.bounded:
            u = sp.Dummy(f"u_{p.name}", positive=True)
            low, high = sp.nsimplify(p.space.lower), sp.nsimplify(p.space.upper)
            values[p.symbol] = low + (high - low) * u / (1 + u)
            back[u] = (Hat(p.symbol) - low) / (high - Hat(p.symbol))
        else:
            hat = p.space.estimate_symbol(f"hat_{p.name}")
            values[p.symbol] = hat
            back[hat] = Hat(p.symbol)
    return values, back


def _decide(expr: sp.Expr, sign: int) -> bool:
    for candidate in (expr, sp.factor_terms(sp.together(expr)), sp.factor(expr)):
        if candidate.is_positive if sign > 0 else candidate.is_negative:
            return True
    return False


def _unproved(parameters: tuple[Parameter, ...], reason: str) -> SecondOrder:
    return SecondOrder(parameters, None, (), False, reason)


def check_second_order(
    likelihood: Likelihood, score: Score, solved: Solved, parameters: tuple[Parameter, ...], budget: Budget
) -> SecondOrder:
    """Hessian negative definite at the root of the score equations: (-1)^k D_k > 0 for the
    leading minors D_k, with the data eliminated through the score equations (they are linear in
    the statistics), so the signs follow from the parameters' domains."""
    hessian, gradient = score.block(parameters), score.gradient_of(parameters)
    if hessian is None or gradient is None:
        return _unproved(parameters, "differentiating the log-likelihood ran out of its time budget")
    # parameters estimated from the support or by the median are fixed at their estimators
    fixed = {s.parameter.symbol: s.value for s in solved.solutions if s.rule != "score" and s.value is not None}
    statistics = likelihood.statistic_sums
    symbols = {p.symbol for p in parameters}
    try:
        with budget.guard("checking the second-order condition", cap=CHECK_SECONDS):
            entries = sp.Tuple(*hessian.xreplace(fixed), *(g.xreplace(fixed) for g in gradient))
            if any(s.has(*symbols) for s in entries.atoms(sp.Sum)):
                return _unproved(parameters, "a sum over the data does not separate")
            hidden, mapping = hide_sums(entries)
            values, back = _hat_values(parameters)
            size = len(parameters)
            h = sp.Matrix(size, size, list(hidden[: size * size])).xreplace(values)
            scores = [g.xreplace(values) for g in hidden[size * size :]]
            data = set(mapping) | set(statistics) - _design_only(likelihood)
            # the statistics in the Hessian, eliminated through the score equations (with others
            # of the scores as unknowns too, so that the system is square); a regression's sums of
            # covariates alone stay: they are the design, fixed
            h, circle = _on_the_circle(h, likelihood, solved, values)
            unknowns = sorted(h.free_symbols & data, key=str)
            spare = sorted(set().union(*(g.free_symbols for g in scores)) & data - set(unknowns), key=str)
            if unknowns:  # (a Hessian free of the data, the design aside, needs no elimination)
                unknowns += spare[: max(0, len(scores) - len(unknowns))]
            if unknowns and not circle:
                solution = sp.solve(scores, unknowns, dict=True)
                if len(solution) != 1:
                    return _unproved(parameters, "the data could not be eliminated")
                h = h.xreplace(solution[0])
            h = h.applyfunc(lambda e: sp.simplify(e).xreplace(circle))
            minors = tuple(sp.simplify(h[:k, :k].det()) for k in range(1, size + 1))
            proved, facts = False, ()
            present = set().union(*(m.free_symbols for m in minors))
            for used, signs in _sign_facts(likelihood, solved, parameters, values):
                if all(_decide(m.xreplace(signs), (-1) ** k) for k, m in enumerate(minors, start=1)):
                    proved, facts = True, tuple(dict.fromkeys(said for symbol, said in used if symbol in present))
                    facts += tuple(_resultant(root, r, likelihood) for root, r in circle.items() if r in present)
                    break
                bounded = [exponential_bound(m.xreplace(signs)) for m in minors]
                if any(u for _, u in bounded) and all(
                    _decide(m, (-1) ** k) for k, (m, _) in enumerate(bounded, start=1)
                ):
                    exponents = dict.fromkeys(u for _, found in bounded for u in found)
                    facts = tuple(said for symbol, said in used if symbol in present)
                    facts += tuple(_exponential_fact(u.xreplace(back)) for u in exponents)
                    proved = True
                    break
            every = {**mapping, **statistics}
            shown = h.applyfunc(lambda e: restore_sums(_tidy(e.xreplace(back)), every))
            minors_shown = tuple(restore_sums(_tidy(m.xreplace(back)), every) for m in minors)
            decreasing = None
            if proved and size == 1:
                tries = _sign_facts(likelihood, solved, parameters, values)[:2]  # data's signs, no estimates
                symbol = parameters[0].symbol
                signs = _decreasing(hidden[1], symbol, values, [signs for _, signs in tries])
                if signs is not None:
                    own = solved.scores[symbol].xreplace(fixed)
                    decreasing = _shown_decreasing(own, symbol, values, signs)
    except BudgetExceeded:
        return _unproved(parameters, "the check ran out of its time budget")
    except (NotImplementedError, ValueError, TypeError) as exc:
        return _unproved(parameters, f"it could not be decided symbolically ({type(exc).__name__})")
    reason = "" if proved else "the signs of the leading minors could not be decided symbolically"
    return SecondOrder(parameters, shown, minors_shown, proved, reason, facts, decreasing)


def _core(expr: sp.Expr, symbol: sp.Symbol, values: dict[sp.Symbol, sp.Expr], signs: dict) -> tuple[int, sp.Expr]:
    """expr as a sign times what is left once the factors of one sign over the whole domain are
    dropped (λ, 2λ^{7/2}, 3): the left factor has expr's roots and, with the sign, its sign."""
    sign, kept = 1, []
    expr = sp.factor_terms(expr)
    for term in [f for f in sp.Mul.make_args(expr) if isinstance(f, sp.Add)]:
        # the lowest power of the parameter out of a sum (λS − nλ^{5/2} = λ(S − nλ^{3/2})), which
        # factoring leaves where the powers are fractions
        lowest = min(t.as_coeff_exponent(symbol)[1] for t in term.args)
        if lowest != 0 and lowest.is_number:
            expr = expr.xreplace({term: sp.Mul(symbol**lowest, sp.expand(term / symbol**lowest), evaluate=False)})
    for factor in _flat(expr) if isinstance(expr, sp.Mul) else [expr]:
        written = factor.xreplace(values).xreplace(signs)
        if decided(written, 1):
            continue
        if decided(written, -1):
            sign = -sign
            continue
        kept.append(factor)
    return sign, sp.Mul(*kept)


def _flat(product: sp.Mul) -> list[sp.Expr]:
    """The factors of a product, products within it opened."""
    return [g for f in product.args for g in (_flat(f) if isinstance(f, sp.Mul) else [f])]


def _decreasing(
    score: sp.Expr, symbol: sp.Symbol, values: dict[sp.Symbol, sp.Expr], tries: list[dict[sp.Basic, sp.Expr]]
) -> dict[sp.Basic, sp.Expr] | None:
    """What of the data shows (the signs tried) that the score is a function of one sign times one
    strictly decreasing in the parameter over its whole domain (by the assumptions): the score then
    changes sign once, from positive to negative, at its only root. None when that is not shown."""
    numerator, denominator = sp.fraction(sp.together(score))
    for signs in tries:
        below, left = _core(denominator, symbol, values, signs)
        above, core = _core(numerator, symbol, values, signs)
        if not core.has(symbol) or left != 1:  # the denominator of one sign, the numerator not
            continue
        if decided((below * above * sp.diff(core, symbol)).xreplace(values).xreplace(signs), -1):
            return signs
    return None


def _shown_decreasing(score: sp.Expr, symbol: sp.Symbol, values: dict[sp.Symbol, sp.Expr], signs: dict) -> sp.Expr:
    """The decreasing function whose sign the score has, with the score's own sums: Σ(xᵢ − μ)² − nσ²."""
    numerator, denominator = sp.fraction(sp.together(score))
    below, _ = _core(denominator, symbol, values, signs)
    above, core = _core(numerator, symbol, values, signs)
    expanded = sp.expand(below * above * core).replace(
        lambda e: isinstance(e, sp.Sum) and not e.function.has(e.limits[0][0]), lambda e: e.doit()
    )  # Σ 1 = n
    forms = (sp.factor_terms(below * above * core), sp.factor_terms(expanded))
    return min(forms, key=sp.count_ops)  # Σxᵢ − np rather than (1 − p)Σxᵢ − p(n − Σxᵢ)


def _on_the_circle(
    h: sp.Matrix, likelihood: Likelihood, solved: Solved, values: dict[sp.Symbol, sp.Expr]
) -> tuple[sp.Matrix, dict[sp.Expr, sp.Symbol]]:
    """The Hessian at an angle estimated as atan2(P, Q) (symle.stages.solve.on_the_circle) with the
    estimator put in: cos(atan2(P, Q)) = Q/R, sin = P/R, and R = √(P² + Q²) > 0 named, the resultant
    length, 0 only for data where the score vanishes at every angle. Elimination through the score
    would lose the branch atan2 chose; the map from P² + Q² to R² is returned too."""
    over_statistics = {total: symbol for symbol, total in likelihood.statistic_sums.items()}
    angles: dict[sp.Expr, sp.Expr] = {}
    lengths: dict[sp.Expr, sp.Symbol] = {}
    for solution in solved.solutions:
        if isinstance(solution.value, sp.atan2) and solution.parameter.symbol in values:
            angle = canonical_sums(solution.value).xreplace(over_statistics)
            if angle.has(sp.Sum):
                continue
            angles[values[solution.parameter.symbol]] = angle
            lengths[sp.expand(angle.args[0] ** 2 + angle.args[1] ** 2)] = sp.Symbol("R", positive=True)
    return h.xreplace(angles), {sp.sqrt(k): v for k, v in lengths.items()}


def _resultant(root: sp.Expr, length: sp.Symbol, likelihood: Likelihood) -> str:
    """R = √(P² + Q²) > 0, said with the sums it is made of."""
    written = likelihood.expand_statistics(root)
    return prose(chain(length, written, sp.Integer(0), relations=("=", ">")), " (the resultant length)")


def _tidy(expr: sp.Expr) -> sp.Expr:
    """The simplified form, or its factored form when that has fewer operations: (e^λ̂ − 1)², not
    1 + e^{2λ̂} − 2e^λ̂."""
    simplified = sp.simplify(expr)
    factored = sp.factor(simplified)
    return factored if sp.count_ops(factored) < sp.count_ops(simplified) else simplified


def _exponential_fact(u: sp.Expr) -> str:
    """e^u > 1 + u for u > 0, as said."""
    return prose(chain(sp.exp(u), 1 + u, relations=(">",)), " for ", chain(u, sp.Integer(0), relations=(">",)))


def _design_only(likelihood: Likelihood) -> set[sp.Symbol]:
    """A regression's statistics of the covariates alone (sums of x_i, x_i^2): the fixed design."""
    model = likelihood.model
    if not model.conditional:
        return set()
    return {s.symbol for s in likelihood.statistics if not s.term.has(model.var)}


def _sign_facts(
    likelihood: Likelihood, solved: Solved, parameters: tuple[Parameter, ...], hats: dict[sp.Symbol, sp.Expr]
) -> list[tuple[tuple[tuple[sp.Symbol, str], ...], dict[sp.Basic, sp.Expr]]]:
    """Ways to write what is known of the data, tried in turn until the minors' signs follow: none;
    each statistic with the sign of its terms on the support (a sum of log x_i over (0, 1) is
    negative) and Cauchy-Schwarz (n sum t_i^2 >= (sum t_i)^2, written sum t_i^2 = (sum t_i)^2/n + c,
    c > 0 for data not all equal); and the same with the estimates written as their estimators."""
    model = likelihood.model
    inside = region(model)
    signed: dict[sp.Basic, sp.Expr] = {}
    for statistic in likelihood.statistics:
        sign = sign_of(statistic.term, inside)
        if sign == 0 and statistic.term.is_nonnegative:  # a sum of squares: positive unless degenerate
            sign = 1
        if sign:
            signed[statistic.symbol] = sign * sp.Dummy(f"{statistic.symbol.name}_abs", positive=True)
    by_term = {s.term: s.symbol for s in likelihood.statistics}
    facts: list[tuple[sp.Symbol, str]] = []
    for group in model.groups:  # each group holds some observations: 0 < Σ g_i < n, n - Σ g_i > 0
        shares = {c: sp.Dummy(f"share_{c.name}", positive=True) for c in group}
        for c, share in shares.items():
            if c in by_term and model.censoring is not None:  # Σδᵢ > 0 only: censoring may be absent
                signed[by_term[c]] = share
                failures = sp.Sum(model.observation(c), (i, 1, n))
                said = prose(chain(failures, sp.Integer(0), relations=(">",)), " (at least one failure observed)")
                facts.append((by_term[c], said))
            elif c in by_term:
                signed[by_term[c]] = n * share / (1 + sp.Add(*shares.values()))
                facts.append((by_term[c], _nonempty(group, model)))
    for statistic in likelihood.statistics:
        term = statistic.term
        if isinstance(term, sp.Pow) and term.exp == 2 and term.base in by_term:
            linear = by_term[term.base]
            spread = sp.Dummy(f"spread_{statistic.symbol.name}", positive=True)
            signed[statistic.symbol] = signed.get(linear, linear) ** 2 / n + spread
            one = model.observation(term.base)
            shown = text(one).replace("_i", "ᵢ")
            mean = text(SampleMean(sp.IndexedBase(one.base.label))) if isinstance(one, sp.Indexed) else "their mean"
            said = prose(
                formula(f"n Σ {shown}² − (Σ {shown})² = n Σ ({shown} − {mean})² > 0"),
                " (the ",
                formula(f"{shown}"),
                " are not all equal)",
            )
            facts.append((statistic.symbol, said))
    over_statistics = {total: symbol for symbol, total in likelihood.statistic_sums.items()}
    estimates = {
        hats[s.parameter.symbol]: canonical_sums(s.value).xreplace(over_statistics).xreplace(signed)
        for s in solved.solutions
        if s.parameter in parameters and s.value is not None and isinstance(hats[s.parameter.symbol], sp.Dummy)
    }
    tries = [((), {}), (tuple(facts), signed)]
    # an estimate whose domain gives it no sign (a real mu) takes its estimator's (mu-hat = x-bar > 0 on x > 0)
    unsigned = {hat: value for hat, value in estimates.items() if hat.is_positive is None and value.is_positive}
    if unsigned:
        positive = [(hat, _positive_estimate(hat, solved, hats)) for hat in unsigned]
        tries.append(((*facts, *positive), {**unsigned, **signed}))
    return [*tries, (tuple(facts), {**estimates, **signed})]


def _nonempty(group: tuple[sp.Symbol, ...], model: Model) -> str:
    """The fact that a group indicator's groups all hold observations: 0 < Σ g_i < n."""
    totals = [sp.Sum(model.observation(c), (i, 1, n)) for c in group]
    if len(group) == 1:
        return prose(chain(sp.Integer(0), totals[0], n, relations=("<", "<")), " (both groups hold observations)")
    each = [chain(sp.Integer(0), t, relations=("<",)) for t in totals]
    return prose(listed([*each, chain(sp.Add(*totals), n, relations=("<",))]), " (every group holds observations)")


def _positive_estimate(hat: sp.Dummy, solved: Solved, hats: dict[sp.Symbol, sp.Expr]) -> str:
    """The fact mu-hat = x-bar > 0, said of an estimate whose sign its estimator proves."""
    solution = next(s for s in solved.solutions if hats.get(s.parameter.symbol) == hat)
    value = familiar(solution.value)
    return prose(chain(Hat(solution.parameter.symbol), value, sp.Integer(0), relations=("=", ">")))
