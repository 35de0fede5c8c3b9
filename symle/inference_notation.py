"""Names for what follows the estimator: I(theta), AVar(theta-hat), E[theta-hat] - theta, g-hat."""

from __future__ import annotations

from typing import Any

import sympy as sp


class _Name(sp.Function):
    """A placeholder that never evaluates; it prints itself for symle's two printers."""

    @classmethod
    def eval(cls, *args: sp.Basic) -> None:
        return None


class FisherInformation(_Name):
    """I(theta1, theta2, ...): the information in n observations."""

    def _symle_latex(self, printer: Any) -> str:
        return r"\mathcal{I}(" + ", ".join(printer._print(a) for a in self.args) + ")"

    def _symle_text(self, printer: Any) -> str:
        return "I(" + ", ".join(printer._print(a) for a in self.args) + ")"


class AsymptoticVariance(_Name):
    """AVar(theta-hat): the variance of the estimator's limiting normal distribution."""

    nargs = 1

    def _symle_latex(self, printer: Any) -> str:
        return r"\operatorname{AVar}(" + printer._print(self.args[0]) + ")"

    def _symle_text(self, printer: Any) -> str:
        return "AVar(" + printer._print(self.args[0]) + ")"


class InverseInformationEntry(_Name):
    """[I^{-1}]_{kk}: a diagonal entry of the inverse information, where writing it out would not
    fit on a line (a regression's information is a matrix of sums over the covariates)."""

    nargs = 1

    def _symle_latex(self, printer: Any) -> str:
        return r"\left[\mathcal{I}^{-1}\right]_{" + printer._print(self.args[0]) + "}"

    def _symle_text(self, printer: Any) -> str:
        return "[I⁻¹]_" + printer._print(self.args[0])


class Bias(_Name):
    """E[theta-hat] - theta, written as the bias b(theta-hat)."""

    nargs = 1

    def _symle_latex(self, printer: Any) -> str:
        return r"\operatorname{E}\left[" + printer._print(self.args[0]) + r"\right]"

    def _symle_text(self, printer: Any) -> str:
        return "E[" + printer._print(self.args[0]) + "]"


class Named(_Name):
    """A function of the parameters by its user-given name; with hat=True its estimator."""

    nargs = 2

    def _symle_latex(self, printer: Any) -> str:
        name, hat = self.args
        text = r"\mathrm{" + str(name).replace("_", r"\_") + "}"
        return r"\widehat{" + text + "}" if hat else text

    def _symle_text(self, printer: Any) -> str:
        name, hat = self.args
        return f"{name}\u0302" if hat else str(name)


def named(name: str, hat: bool) -> sp.Expr:
    return Named(sp.Symbol(name), sp.true if hat else sp.false)
