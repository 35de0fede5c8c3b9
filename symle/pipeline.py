"""The pipeline: spec -> model -> likelihood -> score -> solution -> estimators -> second order ->
follow-ups -> derivation, each stage a pure function of the ones before, stoppable after any stage."""

from __future__ import annotations

from enum import IntEnum
from typing import Any, Literal, overload

from symle.budget import Budget
from symle.derivation import Derivation
from symle.errors import BudgetExceeded, ModelError, OutOfTime
from symle.followups.removable import with_limits
from symle.followups.results import Followups, follow_up
from symle.followups.steps import followup_steps, with_functions
from symle.followups.weighted import weighted_information
from symle.model.censoring import censor
from symle.model.classes import group
from symle.model.model import Model, Parameter
from symle.model.resolve import resolve
from symle.model.samples import split_samples
from symle.model.spec import ModelSpec
from symle.model.weighting import weigh
from symle.options import Options
from symle.recent import Recent
from symle.stages.definitions import with_definitions
from symle.stages.estimators import Estimator, build_estimators
from symle.stages.familiar import totals_kept
from symle.stages.likelihood import Likelihood, build_likelihood, signs_of
from symle.stages.matrix import is_matrix_case, matrix_solution
from symle.stages.maximum import establish_maximum
from symle.stages.numeric_steps import result_step
from symle.stages.restricted import restrict, restricted_steps
from symle.stages.samples_notation import step_in_groups
from symle.stages.score import Score, differentiate, unidentified
from symle.stages.secondorder import SecondOrder, check_second_order
from symle.stages.solve import Solved, solve
from symle.stages.step import Step, prose
from symle.stages.steps import build_steps
from symle.worker import run_bounded

REMEMBERED = 256  # derivations kept (a class's homework, a worksheet, the test suite derive the same models)
_REMEMBERED: Recent[tuple[Any, ...], Any] = Recent(REMEMBERED)


class Stage(IntEnum):
    """The stages in order; `derive(spec, stop=Stage.X)` returns the value of stage X."""

    MODEL = 1
    LIKELIHOOD = 2
    SCORE = 3
    SOLUTION = 4
    ESTIMATORS = 5
    SECOND_ORDER = 6
    FOLLOWUPS = 7
    DERIVATION = 8


@overload
def derive(spec: ModelSpec | Model, options: Options = ..., *, stop: Literal[Stage.MODEL]) -> Model: ...
@overload
def derive(spec: ModelSpec | Model, options: Options = ..., *, stop: Literal[Stage.LIKELIHOOD]) -> Likelihood: ...
@overload
def derive(spec: ModelSpec | Model, options: Options = ..., *, stop: Literal[Stage.SCORE]) -> Score: ...
@overload
def derive(spec: ModelSpec | Model, options: Options = ..., *, stop: Literal[Stage.SOLUTION]) -> Solved: ...
@overload
def derive(
    spec: ModelSpec | Model, options: Options = ..., *, stop: Literal[Stage.ESTIMATORS]
) -> dict[str, Estimator]: ...
@overload
def derive(
    spec: ModelSpec | Model, options: Options = ..., *, stop: Literal[Stage.SECOND_ORDER]
) -> SecondOrder | None: ...
@overload
def derive(spec: ModelSpec | Model, options: Options = ..., *, stop: Literal[Stage.FOLLOWUPS]) -> Followups | None: ...
@overload
def derive(spec: ModelSpec | Model, options: Options = ..., *, stop: Literal[Stage.DERIVATION] = ...) -> Derivation: ...


def derive(spec: ModelSpec | Model, options: Options = Options(), *, stop: Stage = Stage.DERIVATION) -> Any:
    """Run the pipeline on a spec (or an already resolved Model) under one time budget, up to `stop`.

    The work runs in a worker process that is killed if it overruns the budget (symle.worker), so
    no SymPy call can hang the caller. Results are remembered per (spec, options, stop): the
    pipeline is a pure function of them, unless the budget ran out (then the result depends on
    the machine's speed, and is not kept)."""
    key = (spec, options, stop) if isinstance(spec, ModelSpec) else None
    if key is not None and key in _REMEMBERED:
        return _REMEMBERED[key]
    what = "the derivation"
    try:
        value, exhausted = run_bounded(options.timeout, what, _run, spec, options, stop)
    except OutOfTime:  # the deadline passed inside a step: as if the worker had been stopped there
        raise BudgetExceeded(f"{what} did not finish within {options.timeout:g} s", field="timeout") from None
    except BudgetExceeded as exc:  # out of time: the command line names its --timeout, a page its budget
        exc.field = exc.field or "timeout"
        raise
    if key is not None and not exhausted:
        _REMEMBERED[key] = value
    return value


def _run(spec: ModelSpec | Model, options: Options, stop: Stage) -> tuple[Any, bool]:
    """The pipeline's value at `stop`, and whether the budget ran out on the way."""
    budget = Budget(options.timeout)
    return _stages(spec, options, stop, budget), budget.exhausted


def _stages(spec: ModelSpec | Model, options: Options, stop: Stage, budget: Budget) -> Any:
    model = spec if isinstance(spec, Model) else resolve(spec)
    if model.typed:  # a density only for some values of its parameter: its parameter space is those
        from symle.model.space import with_inferred_space

        model = with_inferred_space(model, budget)
    if isinstance(spec, ModelSpec) and spec.censored is not None:
        model = censor(model, spec.censored, budget, spec.censoring)
    if isinstance(spec, ModelSpec) and spec.weights is not None:
        model = weigh(model, spec.weights)
    if isinstance(spec, ModelSpec) and spec.classes:
        model = group(model, budget)
    if isinstance(spec, ModelSpec) and spec.groups is not None:
        model = split_samples(model, spec.groups, spec.shared)
    if stop == Stage.MODEL:
        return model
    kept = (model.weighting.weight.name,) if model.weighting is not None else ()
    kept += (model.grouping.count.name,) if model.grouping is not None else ()
    # sentences printed on the way judge signs inside the model's region; Σwᵢ is the total weight, not nw̄,
    # and a censored sample's sums stay sums
    with signs_of(model), totals_kept(kept, every=model.censoring is not None):
        return _derived(model, options, stop, budget)


def _derived(model: Model, options: Options, stop: Stage, budget: Budget) -> Any:
    warnings: list[str] = []
    if model.typed:
        if options.normalise_check:
            from symle.model.normalisation import check_density  # (NumPy and SciPy, for typed densities)

            warnings.extend(check_density(model.uncensored if model.samples is None else model.samples.single, budget))
        else:
            warnings.append("the check that the density integrates to 1 was skipped, as asked")
    try:
        likelihood = build_likelihood(model, budget)
    except BudgetExceeded as exc:
        raise BudgetExceeded(f"{exc.text} (the budget is {options.timeout:g} s)", field="timeout") from None
    if stop == Stage.LIKELIHOOD:
        return likelihood
    if is_matrix_case(model):
        if options.test:
            from symle.followups.hypothesis import refuse_irregular

            refuse_irregular(model, options.test[0])
        return _matrix(model, likelihood, stop, budget.exhausted)
    score = differentiate(likelihood, budget)
    if stop == Stage.SCORE:
        return score
    solved = solve(likelihood, budget)
    # a parameter in a support bound is identified through the support, whatever the Hessian says
    bounds = model.support.parameters_in_bounds(model.symbols)
    scored = tuple(s.parameter for s in solved.solutions if s.rule == "score" and s.parameter.symbol not in bounds)
    if unidentified(score.block(scored), budget):
        raise _unidentified(scored, "its Hessian is singular for all data")
    if stop == Stage.SOLUTION:
        return solved
    estimators = build_estimators(solved)
    if stop == Stage.ESTIMATORS:
        return estimators
    said = [  # the numeric steps state these, and the second-order and information steps theirs
        prose(s.parameter.symbol, " has no closed-form estimator: ", s.reason)
        if s.profile is None
        else prose(s.parameter.symbol, " has no closed-form estimator of its own: ", s.reason)
        for s in solved.solutions
        if s.method == "numeric"
    ]
    warnings.extend(said)
    scored = tuple(s.parameter for s in solved.solutions if s.rule == "score")
    numeric_found = any(s.method == "numeric" for s in solved.solutions)
    checked = () if numeric_found else scored
    second_order = check_second_order(likelihood, score, solved, checked, budget) if checked else None
    # without a closed form there is no estimate to check: the argument must hold for every value
    maximum = establish_maximum(likelihood, score, solved, scored, budget) if numeric_found else None
    if not numeric_found and len(scored) == 1:  # one closed form: concave everywhere, if it can be shown
        concave = establish_maximum(likelihood, score, solved, scored, budget, only=("minors",))
        maximum = concave if concave.kind == "minors" else None
    if stop == Stage.SECOND_ORDER:
        return second_order
    if second_order is not None and not second_order.proved:
        said.append(prose("the second-order condition is unproved: ", second_order.reason))
        warnings.append(said[-1])
    # on a restricted space (θ ∈ [0, 1/2]) the estimators are the projections, or numeric within it
    unrestricted = estimators
    estimators, restrictions = restrict(model, solved, estimators, second_order, maximum)
    followups = follow_up(
        model,
        likelihood,
        score,
        solved,
        estimators,
        budget,
        integrate=options.integrate,
        functions=options.functions,
    )
    info = followups.information
    if info.fisher is not None and len(info.regular) > 1 and unidentified(info.fisher, budget):
        raise _unidentified(info.regular, "its Fisher information is singular")
    if stop == Stage.FOLLOWUPS:
        return followups
    numeric = tuple(e.parameter for e in unrestricted.values() if not e.closed_form and e.profile is None)
    starts = None
    if numeric:
        from symle.stages.roles import starting_rules  # (NumPy, for numeric estimators)

        starts = starting_rules(model, numeric, budget)
    steps = build_steps(likelihood, solved, unrestricted, second_order, starts, maximum)
    rebuilt = restrictions and all(e.closed_form for e in estimators.values())
    closing = result_step(model, estimators, {}) if rebuilt else steps[-1]
    steps, boundary_notes = restricted_steps(steps, restrictions, estimators, closing)
    warnings.extend(boundary_notes)
    # what follows the estimators, and a test asked for, go before the closing Result step
    result = with_functions(steps[-1], followups.functions)
    samples = model.samples
    if samples is not None and samples.own and samples.shared and samples.k <= 3:  # the pooled variance's divisor
        # (its identity is checked on data, at a cost growing with k: a page of a few samples says it)
        from symle.followups.bias import catalogue_bias
        from symle.followups.samples_bias import samples_biases
        from symle.stages.samples_steps import divisor_said

        declared = catalogue_bias(samples.single)
        result = divisor_said(result, model, estimators, samples_biases(model, dict(estimators), declared, budget))
    test = None
    tested: tuple[Step, ...] = ()
    if options.test:
        from symle.followups.hypothesis import hypothesis_test
        from symle.followups.hypothesis_steps import hypothesis_steps

        test = hypothesis_test(model, likelihood, estimators, followups.information, options.test, budget)
        tested = hypothesis_steps(test, model)
    followed = with_limits(followup_steps(followups.information, followups.functions, model), followups.limits)
    followed = weighted_information(followed, model)
    steps = (*steps[:-1], *followed, *tested, result)
    steps = with_definitions(steps)
    if model.samples is not None:  # x_ji, n_j: the samples' notation (symle.stages.samples_notation)
        steps = tuple(step_in_groups(step, model) for step in steps)
    return Derivation(
        model,
        likelihood,
        score,
        solved,
        second_order,
        estimators,
        steps,
        (*warnings, *followups.information.warnings),
        followups.information,
        followups.functions,
        (*said, *followups.information.warnings),  # the information step states its own
        later=followups.later,
        exhausted=budget.exhausted,
        restrictions=restrictions,
        test=test,
    )


def _unidentified(parameters: tuple[Parameter, ...], why: str) -> ModelError:
    names = ", ".join(p.name for p in parameters)
    return ModelError(
        f"the parameters {names} are not identified: the likelihood depends on them only through fewer "
        f"combinations ({why}), so no data can tell them apart"
    )


def _matrix(model: Model, likelihood: Likelihood, stop: Stage, exhausted: bool) -> Any:
    """A linear model with several covariates, in matrix form: the least-squares estimators; no
    second-order check or follow-ups beyond what the matrix steps say."""
    solved, estimators, steps = matrix_solution(likelihood)
    values: dict[Stage, Any] = {
        Stage.SCORE: Score(model.parameters, None, None),
        Stage.SOLUTION: solved,
        Stage.ESTIMATORS: estimators,
        Stage.SECOND_ORDER: None,
        Stage.FOLLOWUPS: None,
    }
    if stop in values:
        return values[stop]
    return Derivation(model, likelihood, values[Stage.SCORE], solved, None, estimators, steps, exhausted=exhausted)
