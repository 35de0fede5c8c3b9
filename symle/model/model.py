"""The Model: a density, its observed variable, parameters with domains, support and known values."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import sympy as sp

from symle.algebra.sample import i, sample
from symle.echo import shown
from symle.errors import ModelError, ParseError, about, named
from symle.model.catalogue import Family
from symle.model.display import substitute_written, textbook_density, typed_density, with_known
from symle.model.formula import RESERVED, parse_formula
from symle.model.indicators import Group, indicator_groups
from symle.model.parameter import Parameter
from symle.model.support import Support, parse_support


@dataclass(frozen=True)
class Censoring:
    """Right or left censoring (symle.model.censoring): `indicator` δ is 1 for an observed failure at tᵢ and 0 for a
    lifetime censored at tᵢ (known only to exceed it); `density` is f and `survival` S = P(T > t), whose
    ratio `hazard` h = f/S makes the censored model's density h^δ S = f^δ S^(1 − δ); `display` is f as a
    textbook prints it, `source` where S comes from ("catalogue" or "integral")."""

    indicator: sp.Symbol
    density: sp.Expr
    survival: sp.Expr
    hazard: sp.Expr
    display: sp.Expr
    source: str
    kind: str = "right"  # "left": δ = 0 marks a lifetime known only to be below tᵢ, contributing F = 1 − S

    @property
    def censored_part(self) -> sp.Expr:
        """What a censored observation contributes: S(t) (right), F(t) = 1 − S(t) (left); `hazard` is f over it."""
        return self.survival if self.kind == "right" else 1 - self.survival


@dataclass(frozen=True)
class Weighting:
    """Frequency weights (symle.model.weighting): observation i stands for `weight`ᵢ identical
    observations, so the weighted model's density is f^w; `density` and `display` are f's."""

    weight: sp.Symbol
    density: sp.Expr
    display: sp.Expr


@dataclass(frozen=True)
class Grouping:
    """Data in classes (symle.model.classes): class i is (`lower`ᵢ, `upper`ᵢ] and holds `count`ᵢ
    observations, whose values are not known; `density` f and `display` are one observation's, `cdf`
    F = 1 − S, whose difference F(b) − F(a) is the class's probability; `source` where S comes from."""

    lower: sp.Symbol
    upper: sp.Symbol
    count: sp.Symbol
    density: sp.Expr
    display: sp.Expr
    cdf: sp.Expr
    source: str
    variable: sp.Symbol  # one observation's variable, in which `density` and `cdf` are written


@dataclass(frozen=True)
class Samples:
    """Several samples (symle.model.samples): `k` groups j = 1..k of sizes n_j, each from the same family,
    with the parameters named in `own` estimated per group (μ → μ₁, …, μ_k, named `names[base][j - 1]`) and
    those in `shared` common to all. The data are one column of observations and the 0/1 `indicators`
    of groups 2..k (group 1 is where they are all 0); `single` is the one-sample model they come from."""

    k: int
    own: tuple[str, ...]
    shared: tuple[str, ...]
    names: Mapping[str, tuple[str, ...]]
    indicators: tuple[sp.Symbol, ...]
    single: Model


@dataclass(frozen=True)
class Model:
    """Everything the engine needs about one density.

    `density` is an expression in the scalar symbol `var`; `parameters` are the ones to estimate;
    `known` maps known parameters to a value, or to None when they stay symbolic.
    """

    name: str
    density: sp.Expr
    var: sp.Symbol
    parameters: tuple[Parameter, ...]
    support: Support
    known: Mapping[str, sp.Expr | None] = field(default_factory=dict)
    known_parameters: tuple[Parameter, ...] = ()
    typed: bool = False
    source: str = ""
    covariates: tuple[sp.Symbol, ...] = ()
    display: sp.Expr | None = None  # the density as a textbook prints it (unevaluated), equal to `density`
    groups: tuple[Group, ...] = ()  # covariates that are 0/1 group indicators, by group (symle.model.indicators)
    censoring: Censoring | None = None  # right or left censoring: its indicator is the one covariate
    weighting: Weighting | None = None  # frequency weights: the weight is the one covariate
    grouping: Grouping | None = None  # classes with counts: the variable is the lower bound
    samples: Samples | None = None  # several samples: its group indicators are the covariates
    # the catalogue entry the model was built from (None for a typed density): its title, declared information,
    # biases, existence condition and link, read where the model is, never looked up again by name
    family: Family | None = field(default=None, compare=False, repr=False)

    @property
    def uncensored(self) -> Model:
        """The model of one observation itself, without its censoring indicator, its weight or its class (the
        same model when there is none of them)."""
        c = self.censoring or self.weighting or self.grouping
        if c is None:
            return self
        plain = dict(covariates=(), groups=(), censoring=None, weighting=None, grouping=None)
        var = self.var if self.grouping is None else self.grouping.variable
        return dataclasses.replace(self, density=c.density, display=c.display, var=var, **plain)

    @property
    def indicators(self) -> tuple[sp.Symbol, ...]:
        """The covariates that are 0 or 1: each marks one group (mu1*(1 - g) + mu2*g)."""
        return tuple(c for group in self.groups for c in group)

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(p.symbol for p in self.parameters)

    @property
    def conditional(self) -> bool:
        """A model of a response given covariates (regression)."""
        return bool(self.covariates)

    @property
    def data_symbols(self) -> tuple[sp.Symbol, ...]:
        """The scalar symbols that stand for data: the variable (response) and the covariates."""
        return (self.var, *self.covariates)

    @property
    def data_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.data_symbols)

    @property
    def discrete(self) -> bool:
        return self.support.discrete

    @property
    def data(self) -> sp.IndexedBase:
        """The observations x[i], with the variable's assumptions."""
        return sample(self.var.name, **self.support.variable_assumptions())

    def parameter(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise ModelError(f"{name!r} is not a parameter of {self.name}")

    def covariate_data(self, covariate: sp.Symbol) -> sp.IndexedBase:
        """A covariate's observations x[i], with its assumptions (positive where the density needs it,
        nonnegative for an indicator)."""
        if covariate in self.indicators:
            return sample(covariate.name, nonnegative=True)
        return sample(covariate.name, **({"positive": True} if covariate.is_positive else {"real": True}))

    @property
    def positive_covariates(self) -> tuple[sp.Symbol, ...]:
        """The covariates the density requires positive (the exposure t of (λt)^y; see `needs_positive`)."""
        weight = self.weighting.weight if self.weighting is not None else None  # (weights: ≥ 0, numeric/weights)
        return tuple(c for c in self.covariates if c.is_positive and c != weight)

    def observation(self, expr: sp.Expr, written: bool = False) -> sp.Expr:
        """The expression with the variable (and covariates) replaced by the i-th observation; a display
        form (`written`) keeps what it holds unevaluated as written (symle.model.display)."""
        mapping = {self.var: self.data[i], **{c: self.covariate_data(c)[i] for c in self.covariates}}
        return substitute_written(expr, mapping) if written else expr.xreplace(mapping)


def build_model(
    name: str,
    density_text: str,
    var: str,
    parameters: Sequence[Parameter],
    support_text: str | None,
    known: Mapping[str, str | None],
    *,
    typed: bool,
    required_known: Sequence[str] = (),
    covariates: Sequence[str] = (),
    indicators: Sequence[str] = (),
    display_text: str = "",
    family: Family | None = None,
) -> Model:
    """Parse a density and its support safely and fix the known parameters."""
    names = [p.name for p in parameters]
    for word in [var, *covariates, *names]:
        if word in RESERVED:
            raise ModelError(f"{word!r} is reserved (n is the sample size, i the index, e Euler's number)")
    if var in names:
        raise ModelError(f"{var!r} is both the variable and a parameter")
    clash = set(covariates) & ({var} | set(names))
    if clash or len(set(covariates)) != len(covariates):
        raise ModelError(
            f"covariate {sorted(clash)[0] if clash else covariates[0]!r} is given twice or is also a parameter"
        )
    for missing in required_known:
        if missing not in known or known[missing] is None:
            raise ModelError(f"{name} needs a value for {missing}: add {named('known')} {missing}=VALUE", field="known")
    unknown = [k for k in known if k not in names]
    if unknown:
        nor = ", nor a name the density writes" if typed else ""
        raise ModelError(
            f"{named('known')} {unknown[0]}: not a parameter of {name} (parameters: {', '.join(names)}){nor}",
            field="known",
        )
    by_name = {p.name: p for p in parameters}
    free = tuple(p for p in parameters if p.name not in known)
    if not free:
        raise ModelError("every parameter is known: nothing to estimate")
    provisional = sp.Symbol(var, real=True)
    symbols: dict[str, sp.Basic] = {p.name: p.symbol for p in parameters}
    symbols[var] = provisional
    with about("support"):
        support = parse_support(support_text, var, symbols)
    x = sp.Symbol(var, **support.variable_assumptions())
    symbols[var] = x
    covariate_symbols = tuple(sp.Symbol(c, real=True) for c in covariates)
    symbols.update({c.name: c for c in covariate_symbols})
    with about("model"):
        density = parse_formula(density_text, symbols, "density")
    positive = needs_positive(density, covariate_symbols)
    if positive:  # read again with those covariates positive, as the density requires
        covariate_symbols = tuple(sp.Symbol(c.name, positive=True) if c in positive else c for c in covariate_symbols)
        symbols.update({c.name: c for c in covariate_symbols})
        density = parse_formula(density_text, symbols, "density")
    if not density.has(x) and not support.parameters_in_bounds(tuple(p.symbol for p in parameters)):
        raise ModelError(f"the density does not contain the variable {var!r}")
    for p in parameters:
        if not density.has(p.symbol) and not support.lower.has(p.symbol) and not support.upper.has(p.symbol):
            raise ModelError(f"parameter {p.name!r} does not occur in the density or its support")
    values: dict[str, sp.Expr | None] = {}
    substitution: dict[sp.Basic, sp.Basic] = {}
    for k, text in known.items():
        if text is None:
            values[k] = None
            continue
        with about("known"):
            value = parse_formula(text, {}, f"{named('known')} {k}")
        if not value.is_number or not value.is_real:
            raise ParseError(f"{named('known')} {k}={shown(text)}: the value must be a real number", field="known")
        refusal = by_name[k].space.refuses(value)
        if refusal:
            raise ModelError(f"{named('known')} {k}={shown(text)}: {k} {refusal}", field="known")
        interval = by_name[k].interval
        if interval is not None and not interval.contains(float(value)):
            raise ModelError(
                f"{named('known')} {k}={shown(text)}: {k} is restricted to {interval.text()}", field="known"
            )
        values[k] = value
        substitution[by_name[k].symbol] = value
    density = density.xreplace(substitution)
    if typed:
        display = typed_density(density_text, symbols, density, (x, *covariate_symbols))
    else:
        display = textbook_density(display_text or density_text, symbols)
    display = with_known(display, substitution)
    return Model(
        name=name,
        density=density,
        display=display,
        var=x,
        parameters=free,
        support=support.substitute(substitution),
        known=values,
        known_parameters=tuple(p for p in parameters if p.name in known),
        typed=typed,
        source=density_text,
        covariates=covariate_symbols,
        groups=indicator_groups(density, covariate_symbols, indicators),
        family=family,
    )


def needs_positive(density: sp.Expr, covariates: Sequence[sp.Symbol]) -> set[sp.Symbol]:
    """The covariates that must be positive for the density to be one: a covariate that is a factor
    of the density, of an argument of a logarithm, or of the base of a power whose exponent varies
    (the response, a parameter) or is not a whole number, whose partners there are positive (λx e^(-λxy)
    and (λt)^y with λ > 0 need x > 0 and t > 0: else the density is negative, at odd y for the latter)."""
    bases = [density, *(f.args[0] for f in density.atoms(sp.log))]
    bases += [p.base for p in density.atoms(sp.Pow) if p.exp.free_symbols or not p.exp.is_integer]
    needed: set[sp.Symbol] = set()
    for base in bases:
        factors = sp.Mul.make_args(base)
        for c in covariates:
            odd = [f for f in factors if f == c or (f.is_Pow and f.base == c and f.exp.is_odd)]
            others = [f for f in factors if f not in odd]
            if len(odd) == 1 and all(f.is_positive or isinstance(f, sp.exp) for f in others):  # e^z > 0
                needed.add(c)
    return needed
