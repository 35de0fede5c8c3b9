"""The sample's representation: x[i] summed over i = 1..n, order statistics and the median."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy as sp

if TYPE_CHECKING:
    import numpy as np

n = sp.Symbol("n", integer=True, positive=True)
i = sp.Symbol("i", integer=True, positive=True)


def sample(name: str, **assumptions: bool) -> sp.IndexedBase:
    """The observations of a variable, x -> IndexedBase x (x[i] is the i-th observation)."""
    return sp.IndexedBase(name, **assumptions)


def total(term: sp.Expr) -> sp.Sum:
    """The sum of `term` over the sample, Sum(term, (i, 1, n))."""
    return sp.Sum(term, (i, 1, n))


class SampleStatistic(sp.Function):
    """A function of the whole sample (its argument is the IndexedBase); `str_name` is how SymPy
    syntax writes it (Max(x)), the name the formula reader reads back."""

    nargs = 1
    str_name = ""
    kind = ""  # the reduction's name in the generated runtime (runtime_data.order)

    @classmethod
    def eval(cls, arg: sp.Basic) -> None:
        return None

    @staticmethod
    def reduce(values: np.ndarray) -> float:
        """The statistic of an array of observations (what `kind` names)."""
        raise NotImplementedError

    def _sympystr(self, printer: object) -> str:
        # SymPy's own str(): the syntax symle.parse_expression reads back, as the JSON prints it
        return f"{self.str_name}({self.args[0]})"


class SampleMin(SampleStatistic):
    """The smallest observation x_(1)."""

    str_name = "Min"
    kind = "min"
    is_real = True

    @staticmethod
    def reduce(values: np.ndarray) -> float:
        import numpy as np

        return float(np.min(values))


class SampleMax(SampleStatistic):
    """The largest observation x_(n)."""

    str_name = "Max"
    kind = "max"
    is_real = True

    @staticmethod
    def reduce(values: np.ndarray) -> float:
        import numpy as np

        return float(np.max(values))


class SampleMedian(SampleStatistic):
    """The sample median (for even n, the midpoint of the two middle order statistics)."""

    str_name = "Median"
    kind = "median"
    is_real = True

    @staticmethod
    def reduce(values: np.ndarray) -> float:
        import numpy as np

        return float(np.median(values))


class SampleMaxAbs(SampleStatistic):
    """The largest absolute value max |x_i| (the estimator of U(-theta, theta))."""

    str_name = "MaxAbs"
    kind = "maxabs"
    is_real = True
    is_nonnegative = True

    @staticmethod
    def reduce(values: np.ndarray) -> float:
        import numpy as np

        return float(np.max(np.abs(values)))


class SampleMean(SampleStatistic):
    """The sample mean x-bar (used in the familiar forms of estimators)."""

    str_name = "Mean"
    kind = "mean"
    is_real = True

    @staticmethod
    def reduce(values: np.ndarray) -> float:
        import numpy as np

        return float(np.mean(values))


SAMPLE_FUNCTIONS = {c.str_name: c for c in (SampleMin, SampleMax, SampleMedian, SampleMaxAbs)}


def plain(expr: sp.Basic) -> sp.Basic:
    """The same expression with every symbol stripped of assumptions (how it prints and parses back)."""
    # atoms, not free symbols: bound indices and the labels of IndexedBase are stripped too
    return expr.xreplace({s: sp.Symbol(s.name) for s in expr.atoms(sp.Symbol)})
