"""What the names in a homework mean: the model's parameters, the observations, n, e and hats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import sympy as sp

from symle.algebra.names import GREEK
from symle.algebra.sample import SampleMax, SampleMean, SampleMedian, SampleMin, i, n
from symle.model.model import Model


@dataclass(frozen=True)
class Vocabulary:
    """Every name a homework may use, each mapped to the SymPy object it stands for.

    `names` holds the parameters (with the model's own symbols, so that comparisons meet the
    derivation's expressions), known symbolic parameters, n, e and pi; a parameter such as sigma2
    also gives `sigma` as its square root, since `\\sigma^2` is how people write it. `hats` says what
    `\\hat\\theta` means inside an expression: the estimator in an `mle` step, else the parameter.
    """

    names: Mapping[str, sp.Expr]
    var: str
    data: sp.IndexedBase
    hats: Mapping[str, sp.Expr] = field(default_factory=dict)
    covariates: Mapping[str, sp.IndexedBase] = field(default_factory=dict)

    def observation(self, index: sp.Symbol, name: str | None = None) -> sp.Expr:
        """The index-th observation of the response (default) or of the covariate `name`."""
        return self.column(name)[index]

    def column(self, name: str | None = None) -> sp.IndexedBase:
        return self.covariates[name] if name is not None and name in self.covariates else self.data

    @property
    def observed(self) -> tuple[str, ...]:
        """The names with observations: the response (or variable) and the covariates."""
        return (self.var, *self.covariates)

    @property
    def mean(self) -> sp.Expr:
        return self.mean_of(None)

    def mean_of(self, name: str | None) -> sp.Expr:
        return sp.Sum(self.column(name)[i], (i, 1, n)) / n

    @property
    def minimum(self) -> sp.Expr:
        return SampleMin(sp.IndexedBase(self.data.label))

    @property
    def maximum(self) -> sp.Expr:
        return SampleMax(sp.IndexedBase(self.data.label))

    @property
    def median(self) -> sp.Expr:
        return SampleMedian(sp.IndexedBase(self.data.label))

    def hat(self, name: str) -> sp.Expr | None:
        """What `\\hat{name}` means: the estimator (in an estimator step) or the parameter; `\\hat\\sigma`
        of a parameter sigma2 is the square root of sigma2's."""
        if name in self.hats:
            return self.hats[name]
        if name + "2" in self.hats and name in self.names:
            return sp.sqrt(self.hats[name + "2"])
        return self.names.get(name)

    def with_hats(self, hats: Mapping[str, sp.Expr]) -> Vocabulary:
        return Vocabulary(self.names, self.var, self.data, dict(hats), self.covariates)

    @property
    def parameters(self) -> tuple[str, ...]:
        return tuple(name for name, value in self.names.items() if isinstance(value, sp.Symbol) and name not in ("n",))


INDICES = {name: sp.Symbol(name, integer=True, positive=True) for name in ("j", "k")} | {"i": i}


def vocabulary(model: Model) -> Vocabulary:
    """The names of one model; the hats default to the parameters themselves."""
    names: dict[str, sp.Expr] = {"n": n, "e": sp.E, "pi": sp.pi}
    symbols = [p.symbol for p in model.parameters]
    symbols += [p.symbol for p in model.known_parameters if model.known.get(p.name) is None]
    for symbol in symbols:
        names[symbol.name] = symbol
    for symbol in symbols:
        base = symbol.name[:-1]
        if symbol.name.endswith("2") and base in GREEK and base not in names:
            names[base] = sp.sqrt(symbol)  # a lone sigma is the square root of the parameter sigma2
    covariates = {c.name: model.covariate_data(c) for c in model.covariates}
    return Vocabulary(names, model.var.name, model.data, {}, covariates)


__all__ = ["INDICES", "SampleMean", "Vocabulary", "vocabulary"]
