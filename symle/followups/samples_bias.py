"""The exact bias of several samples' estimators, from the one-sample family's declared bias.

A per-group parameter's estimator that is the one-sample estimator on sample j alone has that estimator's
bias at n = n_j; a shared parameter's estimator that is the size-weighted mean Σⱼ n_j θ̂⁽ʲ⁾/n of the
one-sample estimators on each sample has, by the linearity of expectation, the bias Σⱼ n_j b(n_j)/n (the
pooled variance: Σⱼ n_j(−σ²/n_j)/n = −kσ²/n). Each identity is checked on random data before it is used;
an estimator of neither form has no bias here (None)."""

from __future__ import annotations

import numpy as np
import sympy as sp

from symle.algebra.sample import SampleMean, i, n
from symle.budget import Budget
from symle.errors import BudgetExceeded, SymleError
from symle.model.model import Model
from symle.stages.estimators import Estimator

TRIALS = (6,)  # sample sizes of the random data sets the identities are checked on


def _sizes(model: Model) -> list[sp.Expr]:
    """n_j in the derivation's notation: n − Σᵢ(g₂ᵢ + … + g_kᵢ) for sample 1, Σᵢ g_jᵢ for sample j ≥ 2."""
    s = model.samples
    assert s is not None
    own = [sp.Sum(model.covariate_data(g)[i], (i, 1, n)) for g in s.indicators]
    return [n - sp.Add(*own), *own]


def _weights(model: Model, index: sp.Symbol) -> list[sp.Expr]:
    s = model.samples
    assert s is not None
    data = [model.covariate_data(g)[index] for g in s.indicators]
    return [1 - sp.Add(*data), *data]


def on_sample(value: sp.Expr, model: Model, j: int, renamed: dict[sp.Symbol, sp.Symbol]) -> sp.Expr:
    """The one-sample expression `value` computed on sample j alone (its sums weighted by sample j's
    indicator, n its size), the per-group parameters named as sample j's."""
    size = _sizes(model)[j - 1]
    everyone = sp.Dummy("n")  # a sum still runs over all n observations, weighted: only the other n are n_j

    def summed(term: sp.Expr, *limits: object) -> sp.Expr:
        index, lower, upper = limits[0]  # type: ignore[misc]
        return sp.Sum(term * _weights(model, index)[j - 1], (index, lower, upper.xreplace({n: everyone})))

    value = value.replace(SampleMean, lambda arg: sp.Sum(arg[i], (i, 1, n)) / n)
    return value.replace(sp.Sum, summed).xreplace({n: size, **renamed}).xreplace({everyone: n})


def _written_out(expr: sp.Expr) -> sp.Expr:
    """Sums over a known number of terms written out term by term, innermost first: adding numbers
    is quicker than Sum.doit's search for a closed form."""

    def terms(total: sp.Sum) -> sp.Expr:
        index, lower, upper = total.limits[0]
        inner = total.function if len(total.limits) == 1 else sp.Sum(total.function, *total.limits[1:])
        return sp.Add(*(inner.xreplace({index: k}) for k in range(int(lower), int(upper) + 1)))

    return expr.replace(lambda e: isinstance(e, sp.Sum), terms)


def _equal(a: sp.Expr, b: sp.Expr, model: Model) -> bool:
    """a = b on random data sets (observations and group labels) at a random parameter point."""
    rng = np.random.default_rng(25)
    s = model.samples
    assert s is not None
    for size in TRIALS:
        labels = np.arange(size) % s.k
        x = model.data
        values: dict[sp.Basic, float] = {x[k + 1]: float(v) for k, v in enumerate(rng.gamma(2.0, 1.0, size))}
        for m, g in enumerate(s.indicators, start=2):
            values |= {model.covariate_data(g)[k + 1]: float(labels[k] == m - 1) for k in range(size)}
        point = {p.symbol: float(rng.uniform(0.5, 2.0)) for p in model.parameters}
        left, right = (_written_out(e.xreplace(point).xreplace({n: size})).xreplace(values).doit() for e in (a, b))
        try:
            if not np.isclose(complex(left), complex(right), rtol=1e-9, atol=1e-12):
                return False
        except TypeError:
            return False
    return True


def samples_bias(
    model: Model, estimators: dict[str, Estimator], single: dict[str, Estimator], declared: dict[str, sp.Expr | None]
) -> dict[str, sp.Expr | None]:
    """Each estimator's bias where its form is one of the two above (`single`: the one-sample family's
    estimators, `declared` their biases), else None."""
    s = model.samples
    assert s is not None
    sizes = _sizes(model)
    symbols = {p.name: p.symbol for p in model.parameters}
    renames = [
        {sp.Symbol(base, **s.single.parameter(base).space.assumptions): symbols[s.names[base][j]] for base in s.own}
        for j in range(s.k)
    ]
    for names in renames:  # (a parameter's symbol as the one-sample model holds it)
        names.update({s.single.parameter(base).symbol: v for base, v in zip(s.own, names.values(), strict=True)})
    out: dict[str, sp.Expr | None] = {}
    for name, estimator in estimators.items():
        base = next((b for b in s.own if name in s.names[b]), name)
        one, bias = single.get(base), declared.get(base)
        if estimator.value is None or one is None or one.value is None or bias is None:
            out[name] = None
            continue
        if base in s.own:
            j = s.names[base].index(name) + 1
            form = on_sample(one.value, model, j, renames[j - 1])
            found = bias.xreplace({n: sizes[j - 1], **renames[j - 1]})
        else:
            form = sp.Add(*(sizes[j] * on_sample(one.value, model, j + 1, renames[j]) for j in range(s.k))) / n
            found = sp.Add(*(sizes[j] * bias.xreplace({n: sizes[j], **renames[j]}) for j in range(s.k))) / n
        out[name] = sp.simplify(found) if _equal(form, estimator.value, model) else None
    return out


def samples_biases(
    model: Model, estimators: dict[str, Estimator], declared: dict[str, sp.Expr | None] | None, budget: Budget
) -> dict[str, sp.Expr | None]:
    """The biases of several samples' estimators (None for each where not found); `declared`: the one-sample
    family's catalogue biases (symle.followups.bias.catalogue_bias), None when it declares none."""
    from symle.stages.estimators import build_estimators
    from symle.stages.likelihood import build_likelihood
    from symle.stages.solve import solve

    s = model.samples
    assert s is not None
    none: dict[str, sp.Expr | None] = {name: None for name in estimators}
    if declared is None:
        return none
    try:
        with budget.guard("the bias of several samples' estimators", cap=3.0):
            single = build_estimators(solve(build_likelihood(s.single, budget), budget))
            return samples_bias(model, dict(estimators), dict(single), declared)
    except (BudgetExceeded, SymleError, NotImplementedError, ValueError, TypeError):
        return none
