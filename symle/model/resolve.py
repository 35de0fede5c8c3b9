"""Model resolution: a ModelSpec (catalogue name or typed density) becomes a Model."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import sympy as sp

from symle.algebra.domains import DOMAINS
from symle.echo import shown
from symle.errors import ModelError, ParseError, about, named
from symle.model.catalogue import coefficients
from symle.model.formula import parse_formula, split_names
from symle.model.interval import INTERVAL_STARTS, Interval, parse_interval
from symle.model.model import Model, Parameter, build_model
from symle.model.names import canonical, family
from symle.model.spec import ModelSpec

LIFETIME = "t"  # the variable of a censored catalogue family


def typed_parameters(items: Sequence[str], density: str, var: str, covariates: Sequence[str] = ()) -> list[Parameter]:
    """Parameters of a typed density; `name:domain` sets a domain, else it is inferred: a parameter
    whose logarithm appears in log f must be positive, one with log(1 - p) as well is a probability,
    a parameter that is the argument of a gamma or beta function, or a positive multiple of it, is positive,
    as is the s of ζ(s) (the zeta distribution's, s > 1) and the κ of a Bessel function I_ν(κ) (a concentration);
    a real parameter the density divides by (where it is 0, the density is not defined) is not 0.
    `name:[a,b]` (or `>a`, `>=a`, ...) restricts the parameter to an interval inside the domain
    inferred so; the interval is refused when it reaches beyond that domain."""
    declared: list[tuple[str, str | None]] = []
    intervals: dict[str, Interval] = {}
    for item in items:
        name, _, domain = item.partition(":")
        name, domain = name.strip(), domain.strip()
        split_names(name, named("params"))
        if domain and domain[0] in INTERVAL_STARTS:
            intervals[name] = parse_interval(domain, item)
            domain = ""
        elif domain and domain not in DOMAINS:
            raise ParseError(
                f"{named('params')} {shown(item)}: unknown domain {domain!r} "
                f"(domains: {', '.join(DOMAINS)}, or an interval such as [0,1/2] or >1)"
            )
        declared.append((name, domain or None))
    if len({name for name, _ in declared}) != len(declared):
        raise ParseError(f"{named('params')}: a name is given twice")
    symbols = {name: sp.Symbol(name, real=True) for name, _ in declared}
    symbols[var] = sp.Symbol(var, real=True)
    symbols.update({c: sp.Symbol(c, real=True) for c in covariates})
    try:
        expression = parse_formula(density, symbols, "density")
    except ParseError:
        return [Parameter(name, domain or "real", interval=intervals.get(name)) for name, domain in declared]
    logs = sp.expand_log(sp.log(expression), force=True).atoms(sp.log)
    # a shape inside gamma(.) or beta(.) is positive too, as in every density that has one, and so is
    # one whose positive multiple is (Γ(θ/2), the χ² with θ degrees of freedom: Γ has a pole at 0)
    arguments = [a for f in expression.atoms(sp.gamma, sp.loggamma, sp.beta, sp.zeta) for a in f.args]
    arguments += [f.args[1] for f in expression.atoms(sp.besseli)]
    shapes = {s for a in arguments for s in a.free_symbols if (a / s).is_number and (a / s).is_positive}
    parameters = []
    for name, domain in declared:
        if domain is None:
            s = symbols[name]
            domain = "real"
            if sp.log(s) in logs:
                domain = "probability" if sp.log(1 - s) in logs else "positive"
            elif s in shapes:
                domain = "positive"
        interval = intervals.get(name)
        if interval is not None:
            _within(name, interval, domain)
        parameters.append(
            Parameter(name, domain, domain == "real" and _divides(expression, symbols[name]), interval=interval)
        )
    return parameters


def _within(name: str, interval: Interval, domain: str) -> None:
    """An interval must lie inside the closure of the parameter's domain: θ ∈ [0, 1/2] for a
    probability, never [-1, 1/2], where the density is not defined."""
    space = DOMAINS[domain]
    low, high = interval.bounds
    if low < space.lower or high > space.upper:
        raise ParseError(
            f"{named('params')} {name}:{interval.text()}: the interval reaches outside the values where the density is "
            f"defined ({name} is {domain}: between {space.lower:g} and {space.upper:g})"
        )


def _divides(expression: sp.Expr, symbol: sp.Symbol) -> bool:
    """Whether the expression divides by something that vanishes where the symbol does (1/(2μ²x),
    1/sqrt(2πμ²)), whatever the other symbols."""
    return any(
        p.exp.is_negative and p.base.has(symbol) and p.base.xreplace({symbol: 0}) == 0 for p in expression.atoms(sp.Pow)
    )


def resolve(spec: ModelSpec) -> Model:
    """The Model a spec names: a catalogue entry (a regression's predictor built for its covariates)
    or a typed density, `response` taking the place of `var` in a conditional model."""
    known = dict(spec.known)
    if spec.response is not None and spec.var is not None:
        raise ModelError(f"give {named('response')} or {named('var')}, not both")
    if spec.params is None and canonical(spec.model) is not None and (spec.var is not None or spec.support is not None):
        raise ModelError(
            f"{spec.model} is a catalogue family: {named('var')} and {named('support')} apply only to a typed density"
        )
    if not spec.typed:
        entry = family(spec.model) if _looks_like_name(spec.model) else None
        if entry is None:
            raise ModelError(
                f"a typed density needs {named('params')} (and {named('var')} unless the variable is x)", field="model"
            )
        if (spec.response is not None or spec.covariates) and not entry.covariates:
            raise ModelError(
                f"{entry.name} is not a regression model: {named('response')} and {named('covariates')} do not apply"
            )
        density, parameters, names = entry.density, (*entry.constants, *entry.parameters), ()
        display = entry.display
        support = entry.support
        variable = spec.response or entry.var
        if (
            spec.censored is not None
            and not entry.covariates
            and LIFETIME not in {spec.censored, *(p.name for p in (*entry.parameters, *entry.constants))}
        ):
            variable = LIFETIME  # a lifetime t, as textbooks of survival write it
            density, display, support = (renamed(text, {entry.var: LIFETIME}) for text in (density, display, support))
        if entry.covariates:
            names = spec.covariates or entry.covariates
            slopes, predictor = coefficients(entry, names)
            words = {"eta": predictor, entry.var: spec.response or entry.var}
            density, display, support = (renamed(text, words) for text in (density, display, support))
            parameters = (*slopes, *parameters)
        return build_model(
            entry.name,
            density,
            variable,
            parameters,
            support,
            known,
            typed=False,
            required_known=[c.name for c in entry.constants],
            covariates=names,
            indicators=spec.indicators,
            display_text=display,
            family=entry,
        )
    if spec.params is None:
        raise ModelError(f"a typed density needs {named('params')}, e.g. {named('params')} lambda", field="params")
    variable = spec.response if spec.response is not None else "x" if spec.var is None else spec.var
    with about("response" if spec.response is not None else "var"):
        split_names(variable, named("var"))
    items = (*spec.params, *known_constants(spec.model, spec.params, known, (variable, *spec.covariates)))
    with about("params"):
        parameters = typed_parameters(items, spec.model, variable, spec.covariates)
    return build_model(
        " ".join(spec.model.split()),  # its name, echoed in reports: the formula on one line
        spec.model,
        variable,
        parameters,
        spec.support,
        known,
        typed=True,
        covariates=spec.covariates,
        indicators=spec.indicators,
    )


def known_constants(
    density: str, params: Sequence[str], known: Mapping[str, object], taken: Sequence[str]
) -> list[str]:
    """The known names of a typed density that `params` does not list (`params: alpha`, `known: c` for
    the Pareto's αc^α/x^(α+1)): a name the density writes is a known constant of it, treated as a known
    parameter. A known name the density does not write is left out, and refused later by name."""
    declared = {item.partition(":")[0].strip() for item in params} | set(taken)
    return [k for k in known if k not in declared and _written(k, density)]


def _written(name: str, text: str) -> bool:
    return re.search(r"(?<![A-Za-z0-9_])" + re.escape(name) + r"(?![A-Za-z0-9_])", text) is not None


def renamed(text: str, words: dict[str, str]) -> str:
    """A catalogue formula with whole names replaced at once (the predictor for eta, the response's
    name for y): one pass, so that a response called eta or a covariate called y is not replaced again."""
    if not text:
        return text
    pattern = re.compile(r"(?<![A-Za-z0-9_])(" + "|".join(map(re.escape, words)) + r")(?![A-Za-z0-9_])")
    return pattern.sub(lambda match: words[match.group(1)], text)


def _looks_like_name(text: str) -> bool:
    return all(c.isalnum() or c in "-_ " for c in text.strip())
