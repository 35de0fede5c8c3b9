"""What follows the estimator: information, variance, bias, invariance, as steps and JSON fields."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import sympy as sp

from symle.algebra.notation import Hat
from symle.algebra.printing import latex, sympy_syntax
from symle.algebra.printing import text as plain_text
from symle.budget import Budget
from symle.followups.bias import biases
from symle.followups.information import Information, information, observed_information
from symle.followups.invariance import FunctionEstimate, estimate_function, parse_functions
from symle.inference_notation import AsymptoticVariance, Bias, FisherInformation, InverseInformationEntry, named
from symle.stages.derivation import Derivation, Equation, Step


class Results(Mapping[str, Any]):
    """The JSON fields of the results that follow the estimator (Derivation.extras).

    The information and the functions are computed with the derivation; the observed
    information and the bias only when the fields are first read (the JSON, a fit, a
    worksheet), so that deriving stays fast. Read-only once made."""

    def __init__(
        self,
        derivation: Derivation,
        info: Information,
        functions: tuple[FunctionEstimate, ...],
        timeout: float,
    ) -> None:
        self.derivation = derivation
        self.information = info
        self.functions = functions
        self._timeout = timeout
        self._fields: dict[str, Any] | None = None
        self._bias: dict[str, sp.Expr | None] | None = None

    def bias(self) -> dict[str, sp.Expr | None]:
        if self._bias is None:
            d = self.derivation
            self._bias = biases(d.estimators, d.model, self.information.moments, Budget(self._timeout))
        return self._bias

    def _compute(self) -> dict[str, Any]:
        if self._fields is None:
            self._fields = json_fields(
                self.derivation, self.information, self.functions, self.bias(), Budget(self._timeout)
            )
        return self._fields

    def __getitem__(self, key: str) -> Any:
        return self._compute()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._compute())

    def __len__(self) -> int:
        return len(self._compute())


def _matrix_strings(matrix: sp.Matrix | None) -> list[list[str]] | None:
    if matrix is None:
        return None
    return [[sympy_syntax(matrix[r, c]) for c in range(matrix.cols)] for r in range(matrix.rows)]


def json_fields(
    derivation: Derivation,
    info: Information,
    functions: tuple[FunctionEstimate, ...],
    bias: Mapping[str, sp.Expr | None],
    budget: Budget,
) -> dict[str, Any]:
    """fisher_information, observed_information, asymptotic_variance, bias and (with functions)
    functions, as the JSON contract names them; null where the quantity does not exist or could
    not be computed."""
    complete = info.complete
    # the observed information needs no expectation: it exists whenever every parameter is regular
    # (parameters found numerically stay as symbols, standing for their estimates)
    observed = (
        observed_information(derivation.likelihood, info.regular, derivation.estimators, budget)
        if not info.irregular
        else None
    )
    fields: dict[str, Any] = {
        "fisher_information": _matrix_strings(info.fisher) if complete else None,
        "observed_information": _matrix_strings(observed),
        "asymptotic_variance": {k: None if v is None else sympy_syntax(v) for k, v in info.variance.items()},
        "bias": {k: None if v is None else sympy_syntax(v) for k, v in bias.items()},
    }
    if functions:
        fields["functions"] = {
            f.name: {
                "expression": sympy_syntax(f.estimate if f.estimate is not None else f.expression),
                "latex": latex(f.familiar if f.familiar is not None else f.with_hats),
                "asymptotic_variance": None if f.variance is None else sympy_syntax(f.variance),
            }
            for f in functions
        }
    return fields


def _names(info: Information, which: Sequence[str]) -> str:
    symbols = [plain_text(info_parameter(info, name).symbol) for name in which]
    return symbols[0] if len(symbols) == 1 else ", ".join(symbols[:-1]) + " and " + symbols[-1]


def info_parameter(info: Information, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in info.parameters if p.name == name)


def fisher_step(info: Information) -> Step:
    """The expected information of the regular parameters, or why there is none."""
    regular = [p.symbol for p in info.regular]
    irregular = list(info.irregular)
    if not regular:
        return Step(
            "fisher",
            "Fisher information",
            f"The support depends on {_names(info, irregular)}, so the likelihood is not differentiable there "
            "and the Fisher information does not exist in the regular sense; the estimators are not "
            "asymptotically normal (they converge at rate n, faster than the usual square root of n).",
            (),
        )
    prefix = ""
    if irregular:
        prefix = (
            f"The information does not exist in the regular sense for {_names(info, irregular)} "
            f"({next(iter(info.irregular.values()))}); for the other parameters, with "
            f"{_names(info, irregular)} held at its value, "
        )
    if info.fisher is None:
        sentence = (
            prefix + "the expected information has no closed form symle could find: the Hessian holds "
            "sums over the data whose expectations need integrals over the density."
        )
        return Step("fisher", "Fisher information", sentence[0].upper() + sentence[1:], ())
    lead = (
        "the Fisher information is minus the expected Hessian of the log-likelihood. The Hessian is linear in "
        "the sums over the data, and a sum over n independent observations has n times the expectation of one "
        "term, which gives the information"
    )
    sentence = (prefix + lead) if prefix else lead[0].upper() + lead[1:]
    lhs = FisherInformation(*regular)
    if len(regular) == 1:
        equation = Equation((lhs, info.fisher[0, 0]))
    else:
        equation = Equation((lhs, info.fisher))
    return Step("fisher", "Fisher information", sentence + ".", (equation,))


def variance_step(info: Information) -> Step | None:
    """The inverse information's diagonal: the asymptotic variances and the Cramér–Rao bound."""
    shown = [(p, info.variance[p.name]) for p in info.regular if info.variance.get(p.name) is not None]
    if not shown:
        return None
    sentence = (
        "The estimator is asymptotically normal with variance the inverse of the information"
        + (" (the diagonal of the inverse matrix)" if len(info.regular) > 1 else "")
        + "; this is also the Cramér–Rao lower bound for the variance of an unbiased estimator."
    )
    if len(info.regular) > 1 and any(value.has(sp.Sum) for _, value in shown):
        # sums over the covariates: the explicit inverse is too long to print; the JSON keeps it
        index = {p.name: k for k, p in enumerate(info.regular, start=1)}
        equations = tuple(
            Equation((AsymptoticVariance(Hat(p.symbol)), InverseInformationEntry(sp.Integer(index[p.name]))))
            for p, _ in shown
        )
        sentence += " Here the inverse is best left as a matrix: its entries are ratios of sums over the covariates."
    else:
        equations = tuple(Equation((AsymptoticVariance(Hat(p.symbol)), value)) for p, value in shown)
    return Step("variance", "Asymptotic variance", sentence, equations)


def bias_step(derivation: Derivation, bias: Mapping[str, sp.Expr | None]) -> Step:
    """E[theta-hat] - theta for the estimators that are polynomials in sums."""
    equations = []
    unknown = []
    for name, estimator in derivation.estimators.items():
        value = bias.get(name)
        symbol = estimator.parameter.symbol
        if value is None:
            unknown.append(plain_text(symbol))
            continue
        equations.append(Equation((Bias(Hat(symbol)) - symbol, value)))
    sentence = (
        "The estimators are polynomials in sums over the data. A sum over n independent observations has "
        "n times the expectation of one term; a product of two sums has n terms with one observation "
        "twice and n(n − 1) terms with two independent ones. This gives the expectation, and the bias"
    )
    if not equations:
        sentence = (
            f"The estimator{'s' if len(unknown) > 1 else ''} of {', '.join(unknown)} "
            f"{'are' if len(unknown) > 1 else 'is'} not a polynomial in sums over the data (or needs moments "
            "symle could not compute), so the exact bias is not derived here; it vanishes as n grows"
        )
    elif unknown:
        sentence += f"; for {', '.join(unknown)} the estimator is not a polynomial in sums and its bias is not derived"
    return Step("bias", "Bias", sentence + ".", tuple(equations))


def function_step(f: FunctionEstimate) -> Step:
    """g(theta-hat) by invariance, with the delta-method variance when the information exists."""
    name = f.name
    chain: list[sp.Basic] = [named(name, True), f.with_hats]
    if f.familiar is not None and f.familiar != f.with_hats:
        chain.append(f.familiar)
    equations = [Equation((named(name, False), f.expression)), Equation(tuple(chain))]
    sentence = (
        f"The maximum-likelihood estimator of a function of the parameters is that function of their "
        f"estimators (invariance), so the estimator of {name} is below"
    )
    if f.variance is not None:
        equations.append(Equation((AsymptoticVariance(named(name, True)), f.variance)))
        sentence += (
            "; by the delta method its asymptotic variance is the inverse information taken between the "
            "gradients of the function"
        )
    return Step("function", f"Estimating {name} by invariance", sentence + ".", tuple(equations))


def with_results(
    derivation: Derivation,
    budget: Budget,
    *,
    integrate: bool = False,
    functions: Sequence[str] | Mapping[str, str] | None = None,
    timeout: float = 10,
) -> Derivation:
    """The derivation with the information, the asymptotic variance and the functions' estimators
    added as steps before the closing result, and the JSON fields in `extras`."""
    info = information(derivation.likelihood, derivation.solved, budget, integrate=integrate)
    texts = parse_functions(functions)
    estimates = tuple(
        estimate_function(derivation.model, derivation.estimators, info, name, text, budget)
        for name, text in texts.items()
    )
    steps = [fisher_step(info)]
    variance = variance_step(info)
    if variance is not None:
        steps.append(variance)
    steps.extend(function_step(f) for f in estimates)
    results = Results(derivation, info, estimates, timeout)
    # before the closing Result step, so the derivation still ends with the estimators
    cut = len(derivation.steps) - 1 if derivation.steps and derivation.steps[-1].kind == "estimators" else None
    before, after = (derivation.steps[:cut], derivation.steps[cut:]) if cut is not None else (derivation.steps, ())
    return dataclasses.replace(
        derivation,
        steps=(*before, *steps, *after),
        warnings=(*derivation.warnings, *info.warnings),
        extras=_Merged(derivation.extras, results),
    )


class _Merged(Mapping[str, Any]):
    """The engine's own extras followed by the results' fields (read lazily)."""

    def __init__(self, first: Mapping[str, Any], results: Results) -> None:
        self.first = first
        self.results = results

    def __getitem__(self, key: str) -> Any:
        if key in self.first:
            return self.first[key]
        return self.results[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.first
        yield from (k for k in self.results if k not in self.first)

    def __len__(self) -> int:
        return len(set(self.first) | set(self.results))


def results_of(derivation: Derivation) -> Results | None:
    """The Results of a derivation made by derive(), if any."""
    extras = derivation.extras
    if isinstance(extras, _Merged):
        return extras.results
    if isinstance(extras, Results):
        return extras
    return None


__all__ = [
    "Results",
    "with_results",
    "results_of",
    "fisher_step",
    "variance_step",
    "bias_step",
    "function_step",
]
