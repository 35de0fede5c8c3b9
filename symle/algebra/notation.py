"""Symbols that only name things in a derivation: L(theta), f(x; theta), hats, partials, I(theta), ...

They never evaluate; how each looks is decided by the printers (symle.algebra.latex_printer,
symle.algebra.text_printer), one `_print_<Class>` method each."""

from __future__ import annotations

import sympy as sp


class _Notation(sp.Function):
    """A placeholder that never evaluates."""

    @classmethod
    def eval(cls, *args: sp.Basic) -> None:
        return None


class Likelihood(_Notation):
    """L(theta1, theta2, ...)."""


class LogLikelihood(_Notation):
    """ell(theta1, theta2, ...)."""


class Maximiser(_Notation):
    """argmax ℓ(θ): the point where the log-likelihood is largest (over a restricted space)."""

    nargs = 1


class Point(_Notation):
    """(θ̂₁, θ̂₂): several estimates found together."""


class Density(_Notation):
    """f(x; theta1, ...): the first argument is the variable."""


class Survival(_Notation):
    """S(x; theta1, ...) = P(X > x): the survival function of a censored model (first argument the variable)."""


class Distribution(_Notation):
    """F(x; theta1, ...) = P(X <= x): the distribution function of a left-censored model (first argument x)."""


class ConditionalDensity(_Notation):
    """f(y | x; theta): args (response, Tuple of covariates, *parameters)."""


class Hat(_Notation):
    """The estimator of a parameter, theta-hat."""

    nargs = 1


class Profile(_Notation):
    """theta-hat(phi): the estimate of a parameter given the others, its profile (args: the
    parameter, then those it is given)."""


class Curvature(_Notation):
    """d²F/dv²: the second derivative of an expression F (a profile log-likelihood, log g(z)) in
    the variable v (args: F, v)."""

    nargs = 2


class Standard(_Notation):
    """g(z): the standard density of a location and scale family (args: z; with log=True, log g(z))."""

    nargs = 2


def standard(z: sp.Symbol, log: bool = False) -> sp.Expr:
    return Standard(z, sp.true if log else sp.false)


class Conditions(_Notation):
    """Several conditions side by side, a ≤ x₍₁₎, x₍ₙ₎ ≤ b (args: the relations)."""


class AtEstimate(_Notation):
    """F evaluated at the estimate: ∂²ℓ/∂θ²|θ=θ̂ (args: F, the parameter)."""

    nargs = 2


class Partial(_Notation):
    """d ell / d theta (one argument) or d^2 ell / d theta d phi (two)."""


class Indicator(_Notation):
    """The indicator 1{condition}."""

    nargs = 1


class InSupport(_Notation):
    """x in its support: args (x, lower, upper, lower_closed, upper_closed, discrete, values)."""


class FisherInformation(_Notation):
    """I(theta1, theta2, ...): the information in n observations."""


class ObservedInformation(_Notation):
    """J(theta): the observed information, minus the Hessian of the log-likelihood."""


class AsymptoticVariance(_Notation):
    """AVar(theta-hat): the variance of the estimator's limiting normal distribution."""

    nargs = 1


class InverseInformationEntry(_Notation):
    """[I^{-1}]_{kk}: a diagonal entry of the inverse information, where writing it out would not
    fit on a line (a regression's information is a matrix of sums over the covariates)."""

    nargs = 1


class Bias(_Notation):
    """E[theta-hat], written before "- theta" as the bias."""

    nargs = 1


class ConditionalExpectation(_Notation):
    """E[g(y_i) | x_i]: an expectation given the covariates (args: the expression, Tuple of covariates)."""

    nargs = 2


class Named(_Notation):
    """A function of the parameters by its user-given name; with hat=True its estimator."""

    nargs = 2


def named(name: str, hat: bool) -> sp.Expr:
    return Named(sp.Symbol(name), sp.true if hat else sp.false)


class Slope(_Notation):
    """g′(θ): the derivative of a named function of one parameter (args: its name as a Symbol, the
    parameter)."""

    nargs = 2


class Gradient(_Notation):
    """∇g: the gradient of a named function in the parameters (args: its name as a Symbol)."""

    nargs = 1


class DeltaForm(_Notation):
    """∇gᵀ 𝓘(θ₁, …)⁻¹ ∇g, the delta method's variance (args: the name as a Symbol, the parameters)."""


class Coefficient(_Notation):
    """The k-th entry of (X^T X)^{-1} X^T y, the least-squares solution."""

    nargs = 1


class ResidualVariance(_Notation):
    """(1/n)(y - X beta-hat)^T (y - X beta-hat)."""

    nargs = 0


class SquaredLength(_Notation):
    """v^T v for a column vector v, as a scalar (so it can stand in a sum with scalars)."""

    nargs = 1


def numbers_last(args: tuple[sp.Basic, ...]) -> list[sp.Basic]:
    """The arguments of min or max with the numbers last: min(x̄, 1/2), max(x̄, 0)."""
    return sorted(args, key=lambda a: bool(a.is_number))


class Null(_Notation):
    """θ₀: a parameter's value under a null hypothesis, where none is given (args: the parameter)."""

    nargs = 1


class TestStatistic(_Notation):
    """A test statistic by its letter: LR prints −2 log Λ, W the Wald and S the score statistic."""

    nargs = 1


class ScoreAt(_Notation):
    """U(θ₀): the score ∂ℓ/∂θ evaluated at a point (args: the point)."""
