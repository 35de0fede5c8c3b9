"""Right and left censoring: a lifetime model whose observations are failures (δᵢ = 1) or censoring times (δᵢ = 0).

An observed failure at tᵢ contributes its density f(tᵢ; θ), a lifetime censored at tᵢ (known only to
exceed tᵢ) the probability of that, the survival function S(tᵢ; θ) = P(T > tᵢ); left-censored (known only to be below
tᵢ), the distribution function F(tᵢ; θ) = 1 − S(tᵢ; θ). The right-censored model's
density is f^δ S^(1 − δ) = h^δ S, h = f/S the hazard: a model of (t, δ) in which δ is a 0/1 indicator
(symle.model.indicators), so that the likelihood, score and solving stages take it as it is. S comes
from the catalogue where textbooks give it (in the catalogue's own parametrisation: tests/model/
test_censoring_model.py checks each against 1 − ∫f by quadrature), else from SymPy's integral of f from
t to the support's upper end under the derivation's budget, else the model is refused."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping

import sympy as sp

from symle.algebra.incomplete_gamma import GammaQ
from symle.budget import Budget
from symle.errors import BudgetExceeded, ModelError, named
from symle.model.formula import split_names
from symle.model.indicators import indicator_groups
from symle.model.model import Censoring, Model
from symle.options import DERIVE_SECONDS

SURVIVAL_SECONDS = 2.0  # processor seconds for SymPy's integral of a density without a catalogue survival
HAZARD_SECONDS = 1.0  # processor seconds for simplifying the hazard f/S (or f/F)

Symbols = Mapping[str, sp.Expr]

# S(x) = P(X > x) of each catalogue family, in the catalogue's parametrisation (x is its variable)
SURVIVAL: Mapping[str, Callable[[sp.Expr, Symbols], sp.Expr]] = {
    "exponential": lambda x, p: sp.exp(-p["lambda"] * x),
    "weibull": lambda x, p: sp.exp(-((x / p["lambda"]) ** p["k"])),
    "gamma": lambda x, p: GammaQ(p["alpha"], p["beta"] * x),
    "pareto": lambda x, p: (p["xm"] / x) ** p["alpha"],
    "rayleigh": lambda x, p: sp.exp(-(x**2) / (2 * p["sigma"] ** 2)),
    "half-normal": lambda x, p: sp.erfc(x / (p["sigma"] * sp.sqrt(2))),
    "lognormal": lambda x, p: sp.erfc((sp.log(x) - p["mu"]) / sp.sqrt(2 * p["sigma2"])) / 2,
    "normal": lambda x, p: sp.erfc((x - p["mu"]) / sp.sqrt(2 * p["sigma2"])) / 2,
    "logistic": lambda x, p: 1 / (1 + sp.exp((x - p["mu"]) / p["s"])),
    "gumbel": lambda x, p: 1 - sp.exp(-sp.exp(-(x - p["mu"]) / p["beta"])),
    "shifted-exponential": lambda x, p: sp.exp(-p["lambda"] * (x - p["theta"])),
    "cauchy": lambda x, p: sp.Rational(1, 2) - sp.atan((x - p["x0"]) / p["gamma"]) / sp.pi,
}


CENSORING = ("right", "left")  # what δᵢ = 0 says of the lifetime: above tᵢ (S(tᵢ)), below it (F(tᵢ))


def censor(model: Model, indicator: str, budget: Budget, kind: str = "right") -> Model:
    """The model with censored observations marked by `indicator` (1: failure, 0: censored), right-censored
    (known only to exceed tᵢ) or left-censored (known only to be below tᵢ)."""
    split_names(indicator, named("censored"))
    if kind not in CENSORING:
        raise ModelError(
            f"{named('censoring')} {kind}: give right or left (interval-censored data: symle fit "
            f"{named('interval_censored')} LO,HI)"
        )
    if model.conditional:
        raise ModelError(
            f"{named('censored')} applies to a lifetime model, not to a regression "
            f"({named('response')}, {named('covariates')})"
        )
    if model.discrete:
        raise ModelError(
            f"{named('censored')}: {model.name} is discrete; right censoring is derived for continuous lifetimes only"
        )
    names = {p.name for p in (*model.parameters, *model.known_parameters)}
    if indicator == model.var.name or indicator in names:
        raise ModelError(
            f"{named('censored')} {indicator}: the indicator's name is also the variable's or a parameter's"
        )
    survival, source = survival_of(model, budget, named("censored"))
    delta = sp.Symbol(indicator, real=True)
    part = survival if kind == "right" else 1 - survival  # what a censored lifetime contributes
    hazard = _hazard(model.density, part, budget)
    density = hazard**delta * part
    censoring = Censoring(delta, model.density, survival, hazard, model.display or model.density, source, kind)
    return dataclasses.replace(
        model,
        density=density,
        display=sp.Mul(sp.Pow(hazard, delta, evaluate=False), part, evaluate=False),
        covariates=(delta,),
        groups=indicator_groups(density, (delta,), (indicator,)),
        censoring=censoring,
    )


def survival_function(model: Model, seconds: float = DERIVE_SECONDS) -> sp.Expr:
    """S(x) = P(X > x) of an uncensored lifetime model, which interval-censored fits evaluate."""
    return survival_of(model, Budget(seconds), named("interval_censored"))[0]


def survival_of(model: Model, budget: Budget, option: str) -> tuple[sp.Expr, str]:
    """S(x) and where it comes from: the catalogue's, or SymPy's integral of the density (`option` names
    the input that needs it, by `errors.named`, when there is neither)."""
    if not model.typed and model.name in SURVIVAL:
        symbols = {p.name: p.symbol for p in (*model.parameters, *model.known_parameters)}
        known = {symbols[k]: v for k, v in model.known.items() if v is not None}
        return SURVIVAL[model.name](model.var, symbols).xreplace(known), "catalogue"
    x = model.var
    u = sp.Dummy("u", **model.support.variable_assumptions())
    upper = model.support.upper
    why = "SymPy finds no closed form of its integral"
    try:
        with budget.guard("the survival function's integral", cap=SURVIVAL_SECONDS):
            total = sp.integrate(model.density.xreplace({x: u}), (u, x, upper))
            if not total.has(sp.Integral, sp.Piecewise):
                total = sp.simplify(total)
    except BudgetExceeded:
        why = f"SymPy's integral of the density did not finish within {SURVIVAL_SECONDS:g} s"
        total = None
    except (NotImplementedError, ValueError, TypeError):
        total = None
    if total is None or total.has(sp.Integral, sp.Piecewise, sp.nan, sp.zoo) or not total.has(x):
        raise ModelError(
            f"{option}: no survival function S({x}) = P(X > {x}) for {model.name}: {why} "
            "(the catalogue's exponential, Weibull, gamma, Pareto and others have theirs)"
        )
    return total, "integral"


def _hazard(density: sp.Expr, survival: sp.Expr, budget: Budget) -> sp.Expr:
    """f/S, with powers and exponentials combined where that is shorter (λe^(−λt)/e^(−λt) = λ, α/t)."""
    ratio = density / survival
    forms = [ratio]
    try:
        with budget.guard("the hazard function", cap=0.5):
            forms.append(sp.powsimp(ratio, combine="exp"))
            forms.append(sp.powsimp(sp.expand_power_base(ratio)))  # the Pareto's αxₘ^α/(t^(α+1)(xₘ/t)^α) = α/t
    except BudgetExceeded:
        pass
    try:  # the logistic's 1/(s(1 + e^((μ − t)/s))), which only simplify finds
        with budget.guard("the hazard function's simplest form", cap=HAZARD_SECONDS):
            forms.append(sp.simplify(ratio))
    except BudgetExceeded:
        pass
    return min(forms, key=sp.count_ops)
