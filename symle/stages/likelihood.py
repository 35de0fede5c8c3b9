"""The likelihood stage: product form, log form, and the reduced log form over sufficient statistics."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import sympy as sp

from symle.algebra.logs import domain_inside, expand_log, inside_interval
from symle.algebra.sample import i, n, total
from symle.algebra.signs import signs_within
from symle.algebra.sums import angles_apart
from symle.algebra.textbook import WrittenSum, sign_then_exponentials
from symle.budget import Budget
from symle.model.indicators import by_group
from symle.model.model import Model


@dataclass(frozen=True)
class Statistic:
    """A sufficient statistic T = sum of t(x_i); `term` is t in the scalar variable."""

    symbol: sp.Symbol
    term: sp.Expr


@dataclass(frozen=True)
class Likelihood:
    """The likelihood of a model in the forms the later stages need.

    `loglik` is the textbook form (sums such as sum (x_i - mu)^2 kept whole); `reduced` is the
    same function written as n*c(theta) + sum_k g_k(theta) T_k plus any sums that do not separate,
    with each data-only sum replaced by its statistic symbol.
    """

    model: Model
    log_density: sp.Expr
    density_form: sp.Expr
    product: sp.Expr
    product_form: sp.Expr
    loglik: sp.Expr
    reduced: sp.Expr
    statistics: tuple[Statistic, ...]
    loglik_form: sp.Expr | None = None  # loglik as printed: its terms in textbook order (unevaluated)

    @property
    def statistic_sums(self) -> dict[sp.Symbol, sp.Expr]:
        """Each statistic symbol mapped to its sum over the data."""
        return {s.symbol: total(self.model.observation(s.term)) for s in self.statistics}

    def expand_statistics(self, expr: sp.Expr) -> sp.Expr:
        """Replace the statistic symbols by the sums they stand for."""
        return expr.xreplace(self.statistic_sums)


def _special_to_gamma(expr: sp.Expr, params: set[sp.Symbol]) -> sp.Expr:
    """Rewrite binomial and beta functions whose arguments hold parameters with gamma functions,
    so that logs split and derivatives give digamma; data-only ones stay as printed."""

    def rewrite(node: sp.Expr) -> sp.Expr:
        if node.free_symbols & params:
            return node.rewrite(sp.gamma)
        return node

    return expr.replace(lambda e: isinstance(e, (sp.binomial, sp.beta)), rewrite)


def log_density(model: Model) -> sp.Expr:
    """log f(x; theta), with logs of products split where the signs are proven (f > 0 on the
    support, so a negative factor has a negative partner: -p^x/(x log(1 - p)) gives
    x log p - log x - log(-log(1 - p)), not i pi + ...); linear in each group indicator
    (symle.model.indicators), so that g² = g and g(1 - g) = 0 without saying."""
    params = set(model.symbols)
    density = _special_to_gamma(model.density, params)
    return by_group(expand_log(density, region(model)), model.groups)


def region(model: Model) -> dict[sp.Symbol, sp.Expr]:
    """The parameters and the observation written over positive dummies (symle.algebra.logs): a
    probability inside (0, 1), a support's upper parameter above its lower bound (b = a + w), the
    observation inside its support."""
    spaces = {p.symbol: p.space for p in (*model.parameters, *model.known_parameters)}
    inside = domain_inside(spaces)
    support = model.support
    if support.discrete:
        if support.lower.is_finite:  # x >= lower: as far as signs go, lower plus something nonnegative
            inside[model.var] = support.lower + sp.Dummy("w_x", nonnegative=True)
        return inside
    width = support.upper - support.lower
    if support.upper.is_Symbol and support.upper in spaces and support.lower.is_finite and not width.is_positive:
        inside[support.upper] = support.lower + sp.Dummy("w_width", positive=True)
    where = inside_interval(model.var, support.lower, support.upper)
    if where is not None:
        inside[model.var] = where.xreplace(inside)
    return inside


def sign_region(model: Model) -> dict[sp.Symbol, sp.Expr]:
    """The region printers judge signs in: the likelihood's (b > a, 0 < p < 1, each observation inside
    the support), with a finite discrete variable between its ends (x in {0, 1}: n - sum x_i >= 0), and
    so a group indicator (1 - g_i, never g_i - 1)."""
    where = region(model)
    support = model.support
    if support.discrete and support.lower.is_finite and support.upper.is_finite:
        where[model.var] = inside_interval(model.var, support.lower, support.upper)
    for p in model.parameters:  # a restricted space: -1 < θ < 1, so (1 - θ)/2, never -(θ - 1)/2
        if p.interval is not None:
            within = inside_interval(p.symbol, *p.interval.sympy_bounds())
            if within is not None:
                where[p.symbol] = within
    for group in model.groups:  # g_k = u_k/(1 + Σ u_j): each in (0, 1), and so is 1 - Σ g_k
        shares = [sp.Dummy(f"u_{c.name}", positive=True) for c in group]
        where.update({c: u / (1 + sp.Add(*shares)) for c, u in zip(group, shares, strict=True)})
    return where


def signs_of(model: Model) -> contextlib.AbstractContextManager[None]:
    """While it lasts, printers judge the signs of factors inside the model's region, so that b - a is
    never printed as -(a - b) (symle.algebra.signs)."""
    return signs_within(sign_region(model))


def _split(term: sp.Expr, x: tuple[sp.Symbol, ...]) -> tuple[sp.Expr, sp.Expr]:
    """term = coefficient (free of the data symbols x) * data part."""
    coefficient, data = term.as_independent(*x, as_Add=False)
    return coefficient, data


def _has_parametric_function(expr: sp.Expr, x: tuple[sp.Symbol, ...], params: set[sp.Symbol]) -> bool:
    """Whether a function (log, exp, Abs, ...) takes an argument that mixes data and parameters:
    such a term does not separate and is kept whole."""
    return any(f.free_symbols & set(x) and f.free_symbols & params for f in expr.atoms(sp.Function, sp.Abs))


def sum_over_sample(model: Model, term: sp.Expr) -> sp.Expr:
    """The sum over the sample of t(x_i), distributing over + and pulling out constants:
    sum (1 - x_i) becomes n - sum x_i, sum 2 x_i becomes 2 sum x_i."""
    x = model.data_symbols
    pieces = []
    for piece in sp.Add.make_args(sp.expand_mul(term) if isinstance(term, sp.Mul) else term):
        coefficient, data = _split(piece, x)
        if data == 1:
            pieces.append(n * coefficient)
        else:
            pieces.append(coefficient * total(model.observation(data)))
    return sp.Add(*pieces)


def _display_pieces(logf: sp.Expr, x: tuple[sp.Symbol, ...], params: set[sp.Symbol]) -> list[sp.Expr]:
    """The additive terms of log f as a textbook groups them: (k - 1)(log x - log lambda) splits
    into a data term and a parameter term, because -(k - 1) log lambda joins the Weibull's other
    log lambda; (mu - x)/beta stays whole, as -(x - mu)/beta, since its parts join nothing (the
    Gumbel's -sum (x_i - mu)/beta, not n mu/beta - sum x_i/beta); (1 - x) log(1 - p) stays whole."""
    terms = sp.Add.make_args(logf)
    pieces: list[sp.Expr] = []
    for k, term in enumerate(terms):
        coefficient, data = _split(term, x)
        if isinstance(data, sp.Add) and data.free_symbols & params and not _has_parametric_function(data, x, params):
            parts = [coefficient * part for part in data.args]
            if _joins(parts, terms[:k] + terms[k + 1 :], x):
                pieces.extend(parts)
                continue
            if any(t.has(*x) and t.could_extract_minus_sign() for t in data.args):  # -(x - mu)/s, not (mu - x)/s
                term = sp.Mul(-coefficient, -data)
        pieces.append(term)
    return _combine_constant_logs(pieces, params)


def _joins(parts: list[sp.Expr], others: tuple[sp.Expr, ...], x: tuple[sp.Symbol, ...]) -> bool:
    """Whether a part in the parameters alone shares a logarithm with another term of log f, so that
    splitting the term lets the log-likelihood collect it (-(k - 1) log lambda - log lambda)."""
    logs = {f for part in parts if not part.has(*x) for f in part.atoms(sp.log)}
    return any(other.has(log) for other in others for log in logs)


def _combine_constant_logs(pieces: list[sp.Expr], params: set[sp.Symbol]) -> list[sp.Expr]:
    """-(1/2) log 2 - (1/2) log pi - (1/2) log sigma2 becomes -(1/2) log(2 pi sigma2) when the
    coefficients agree, as textbooks write the normal's constant."""
    groups: dict[sp.Expr, list[sp.Expr]] = {}
    rest: list[sp.Expr] = []
    for piece in pieces:
        coefficient, body = piece.as_coeff_Mul()
        # logs of numbers and parameters, not of functions: n log Gamma(a) stays apart from n log Gamma(b)
        if (
            isinstance(body, sp.log)
            and not body.args[0].atoms(sp.Function)
            and (not body.args[0].has(sp.Symbol) or body.args[0].free_symbols <= params)
        ):
            groups.setdefault(coefficient, []).append(body.args[0])
        else:
            rest.append(piece)
    # a constant under the opposite coefficient divides: (n/2) log 2 - (n/2) log pi is (n/2) log(2/pi)
    for coefficient in list(groups):
        if -coefficient in groups and coefficient.could_extract_minus_sign() is False:
            below = [a for a in groups[-coefficient] if not a.has(sp.Symbol)]
            above = [a for a in groups[coefficient] if not a.has(sp.Symbol)]
            if below and above:
                groups[coefficient] = [a for a in groups[coefficient] if a not in above]
                groups[coefficient].append(sp.Mul(*above) / sp.Mul(*below))
                groups[-coefficient] = [a for a in groups[-coefficient] if a not in below]
    combined = [
        c * sp.log(sp.Mul(*args)) if len(args) > 1 else c * sp.log(args[0]) for c, args in groups.items() if args
    ]
    return combined + rest


def build_likelihood(model: Model, budget: Budget) -> Likelihood:
    """Form the product, the log-likelihood and its reduction over sufficient statistics."""
    x = model.data_symbols
    params = set(model.symbols)
    with budget.guard("forming the log-likelihood"):
        logf = log_density(model)
        display_terms: list[sp.Expr] = []
        statistics: dict[sp.Expr, sp.Symbol] = {}
        stat_list: list[Statistic] = []
        reduced_terms: list[sp.Expr] = []

        def statistic(data: sp.Expr) -> sp.Symbol:
            if data not in statistics:
                name = f"T{len(statistics) + 1}"
                assumptions = {}
                if data.is_positive:
                    assumptions["positive"] = True
                elif data.is_nonnegative:
                    assumptions["nonnegative"] = True
                elif data.is_real:
                    assumptions["real"] = True
                symbol = sp.Symbol(name, **assumptions)
                statistics[data] = symbol
                stat_list.append(Statistic(symbol, data))
            return statistics[data]

        for term in _display_pieces(logf, x, params):
            coefficient, data = _split(term, x)
            if data == 1:
                display_terms.append(n * coefficient)
                reduced_terms.append(n * coefficient)
                continue
            if data.free_symbols & params:
                display_terms.append(coefficient * total(model.observation(data)))
            else:
                display_terms.append(coefficient * sum_over_sample(model, data))
            term = angles_apart(term, *x)  # κ cos(μ - x) is κ cos μ cos x + κ sin μ sin x: it separates
            if _has_parametric_function(term, x, params):
                reduced_terms.append(coefficient * total(model.observation(data)))
                continue
            for piece in sp.Add.make_args(sp.expand(term)):
                c, d = _split(piece, x)
                if d == 1:
                    reduced_terms.append(n * c)
                elif d.free_symbols & params:
                    reduced_terms.append(c * total(model.observation(d)))
                else:
                    reduced_terms.append(c * statistic(d))
        display_terms = _collect_logs(display_terms)
        loglik = sp.Add(*display_terms)
        loglik_form = _textbook_sum(display_terms, params)
        reduced = sp.Add(*reduced_terms)
        if model.display is not None:  # the density as the textbook prints it
            density_form = model.display
            one = model.observation(model.display, written=True)
        else:
            density_form = _product_form(_display_pieces(logf, x, params), params, evaluate=False)
            # built again at x_i rather than substituted: substitution would re-evaluate the display form
            one = _product_form(
                _display_pieces(model.observation(logf), tuple(model.observation(s) for s in x), params),
                params,
                evaluate=False,
            )
        product = sp.Product(one, (i, 1, n))
        product_form = _product_form(display_terms, params)
    return Likelihood(model, logf, density_form, product, product_form, loglik, reduced, tuple(stat_list), loglik_form)


def _collect_logs(terms: list[sp.Expr]) -> list[sp.Expr]:
    """Terms in the logarithm of one parameter expression collected: -n(k - 1) log lambda - n log lambda
    is -nk log lambda, as a textbook writes the Weibull's log-likelihood."""
    coefficients: dict[sp.Expr, sp.Expr] = {}
    out: list[sp.Expr | sp.log] = []
    for term in terms:
        logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
        if len(logs) == 1 and not term.has(sp.Indexed, sp.Sum):
            (log,) = logs
            if log not in coefficients:
                out.append(log)
                coefficients[log] = sp.Integer(0)
            coefficients[log] += term / log
        else:
            out.append(term)
    return [sp.factor(coefficients[t]) * t if t in coefficients else t for t in out]


def _textbook_sum(terms: list[sp.Expr], params: set[sp.Symbol]) -> sp.Expr:
    """The log-likelihood's terms in the order of a textbook: those in the parameters alone first
    (n log k - nk log lambda), then those with the data, and last those with the data alone (the
    constant - sum log x_i!), each group with its plus terms first and its exponentials last."""
    nonzero = [t for t in terms if t != 0]
    if len(nonzero) < 2:
        return sp.Add(*nonzero)

    def key(term: sp.Expr) -> tuple[bool, bool, bool, bool]:
        data = bool(term.has(sp.Indexed, sp.Sum))
        return data, data and not term.free_symbols & params, *sign_then_exponentials(term)

    return WrittenSum(*sorted(nonzero, key=key))


def _power(base: sp.Expr, exponent: sp.Expr) -> sp.Expr:
    """base^exponent left unevaluated, as written: (2 pi sigma^2)^(-1/2) would otherwise split
    into sqrt(2) sqrt(pi) ...; a first power is just the base."""
    return base if exponent == 1 else sp.Pow(base, exponent, evaluate=False)


def _product_form(display_terms: list[sp.Expr], params: set[sp.Symbol], evaluate: bool = True) -> sp.Expr:
    """The likelihood as a textbook writes it after collecting factors: lambda^n e^(-lambda sum x_i)."""
    factors: list[sp.Expr] = []
    exponent: list[sp.Expr] = []
    for term in display_terms:
        coefficient, rest = term.as_independent(sp.Sum, as_Add=False)
        sums = [f for f in sp.Mul.make_args(rest) if isinstance(f, sp.Sum)]
        if len(sums) == 1 and rest == sums[0]:
            summand = sums[0].function
            if isinstance(summand, sp.log):  # c sum log g(x_i) is (prod g(x_i))^c: prod Gamma(r + x_i)
                factors.append(_power(sp.Product(summand.args[0], *sums[0].limits), coefficient))
                continue
            inner = [f for f in sp.Mul.make_args(summand) if isinstance(f, sp.log)]
            if coefficient == 1 and len(inner) == 1 and not (summand / inner[0]).free_symbols & params:
                # sum y_i log t_i is log prod t_i^(y_i); sum y_i log(λ + t_i) is log prod (λ + t_i)^(y_i)
                power = sp.Pow(inner[0].args[0], summand / inner[0], evaluate=False)
                factors.append(sp.Product(power, *sums[0].limits))
                continue
            logs = [f for f in sp.Mul.make_args(coefficient) if isinstance(f, sp.log)]
            if len(logs) == 1:
                factors.append(_power(logs[0].args[0], coefficient / logs[0] * rest))
                continue
        else:
            logs = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.log)]
            if len(logs) == 1 and not (term / logs[0]).has(sp.log):
                factors.append(_power(logs[0].args[0], term / logs[0]))
                continue
        exponent.append(term)
    if not evaluate:  # for display only: (2 pi sigma^2)^(-1/2) stays as written
        return (
            sp.Mul(*factors, sp.exp(sp.Add(*exponent)), evaluate=False)
            if exponent
            else sp.Mul(*factors, evaluate=False)
        )
    return sp.Mul(*factors) * sp.exp(sp.Add(*exponent))
