"""The fit's figure with matplotlib (the Agg backend, no display; a fixed style): the fitted density
over a density-scaled histogram of the data (or the fitted probabilities as stems over the observed
frequencies), a QQ plot, and the log-likelihood of the one parameter or the profile log-likelihood of
each, with the estimate and the interval marked. The numbers come from symle.numeric.plot_data."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from symle.algebra.names import latex_base, latex_name
from symle.errors import NotSupported, ParseError, named
from symle.numeric.summary import INTERVAL_WORDS, percent

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
MISSING = f"{named('plot')} needs matplotlib: pip install 'symle[plot]'"
STYLE = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "svg.hashsalt": "symle",  # (the same SVG for the same fit)
    "svg.fonttype": "path",
    "mathtext.fontset": "dejavusans",
}
METADATA = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}
DATA, FIT, MARK = "#9ab3cf", "#c0392b", "#2c3e50"
MAX_BINS = 80
# (the data drawn are symle.numeric.plot_data's PlotData and Curve, not imported: it imports the fit's
# modules, which import FitResult, whose plot() imports this module)
PlotData = Curve = Any


def plot_format(name: str | Path) -> str:
    """The format a plot's file name asks for (png, svg, pdf); anything else is one clear error."""
    suffix = Path(str(name)).suffix.lower()
    if suffix not in FORMATS:
        shown = str(name)[-40:]
        raise ParseError(
            f"{named('plot')} {shown!r}: name a .png, .svg or .pdf file (the extension chooses the format)"
        )
    return FORMATS[suffix]


def require_matplotlib() -> Any:
    """matplotlib with the Agg backend, or a clear error when it is not installed."""
    try:
        import matplotlib
    except ImportError:
        raise NotSupported(MISSING) from None
    matplotlib.use("Agg")
    return matplotlib


def figure(data: PlotData) -> Figure:
    """The figure: density (or probabilities) with the data, QQ plot, one log-likelihood panel a parameter."""
    matplotlib = require_matplotlib()
    from matplotlib.figure import Figure

    panels = 2 + len(data.curves)
    columns = 2 if panels <= 4 else 3
    rows = math.ceil(panels / columns)
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(4.6 * columns, 3.4 * rows + 0.4), layout="constrained")
        axes = fig.subplots(rows, columns, squeeze=False).ravel()
        _density_panel(axes[0], data)
        _qq_panel(axes[1], data)
        for ax, curve in zip(axes[2:], data.curves, strict=False):
            _loglik_panel(ax, curve, data)
        for ax in axes[panels:]:
            ax.set_visible(False)
        fig.suptitle(f"{data.model}: maximum-likelihood fit, n = {len(data.data)}")
    return fig


def figure_bytes(fig: Figure, form: str) -> bytes:
    """The figure as the bytes of a PNG, SVG or PDF file (no date in it: the same fit, the same file)."""
    matplotlib = require_matplotlib()
    out = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        fig.savefig(out, format=form, dpi=100, metadata=METADATA[form])
    return out.getvalue()


def _density_panel(ax: Any, data: PlotData) -> None:
    x = data.data
    if data.discrete and data.grid.size <= 200:
        edges = np.arange(data.grid[0] - 0.5, data.grid[-1] + 1.0)
        ax.hist(x, bins=edges, density=True, color=DATA, edgecolor="white", label="data (relative frequency)")
        lines = ax.vlines(data.grid, 0, data.fitted, color=FIT, linewidth=1.5)
        lines.set_label("fitted probabilities")
        ax.plot(data.grid, data.fitted, "o", color=FIT, markersize=3.5)
        ax.set_ylabel("probability")
    else:
        window = data.window
        edges = np.histogram_bin_edges(x, bins="auto", range=window)
        if len(edges) > MAX_BINS + 1:
            edges = np.linspace(*window, MAX_BINS + 1)
        # density-scaled over all the data: bars outside a heavy tail's window are left out, not rescaled
        counts, _ = np.histogram(x, bins=edges)
        label = "data (density-scaled histogram)" + ("" if window == (x[0], x[-1]) else ", the central part")
        heights = counts / (len(x) * np.diff(edges))
        ax.bar(edges[:-1], heights, width=np.diff(edges), align="edge", color=DATA, edgecolor="white", label=label)
        margin = 0.06 * (window[1] - window[0])  # (the grid reaches 5% beyond the data drawn: kept)
        shown = (data.grid >= window[0] - margin) & (data.grid <= window[1] + margin)
        ax.plot(data.grid[shown], data.fitted[shown], color=FIT, linewidth=1.8, label="fitted density")
        ax.set_ylabel("density")
    ax.set_xlabel("$x$")
    ax.set_title("fitted " + ("probabilities" if data.discrete else "density") + " over the data")
    ax.legend(loc="best")


def _qq_panel(ax: Any, data: PlotData) -> None:
    ax.plot(data.theoretical, data.observed, "o", color=MARK, markersize=3, alpha=0.7, label="data")
    finite = np.isfinite(data.theoretical)
    both = np.concatenate([data.theoretical[finite], data.observed])
    ends = [float(both.min()), float(both.max())]
    ax.plot(ends, ends, color=FIT, linewidth=1.2, label="y = x")
    ax.set_xlabel("quantiles of the fitted distribution")
    ax.set_ylabel("sorted data")
    ax.set_title("QQ plot")
    if data.window != (float(data.data[0]), float(data.data[-1])):  # (a heavy tail: its central part)
        margin = 0.05 * (data.window[1] - data.window[0])
        ax.set_xlim(data.window[0] - margin, data.window[1] + margin)
        ax.set_ylim(data.window[0] - margin, data.window[1] + margin)
        ax.set_title("QQ plot (the central part)")
    ax.legend(loc="upper left")


def _loglik_panel(ax: Any, curve: Curve, data: PlotData) -> None:
    name = latex_name(curve.name)
    base, power = latex_base(curve.name)
    ax.plot(curve.values, curve.loglik, color=MARK, linewidth=1.6)
    ax.axvline(curve.estimate, color=FIT, linewidth=1.2, label=rf"$\hat{{{base}}}{power}$ = {curve.estimate:.4g}")
    if curve.interval is not None:
        kind = "exact" if curve.name in data.exact else INTERVAL_WORDS.get(data.interval_kind, "")
        ax.axvspan(*curve.interval, color=FIT, alpha=0.12, label=f"{percent(data.level)}% {kind} interval")
    if curve.cut is not None:
        ax.axhline(curve.cut, color="grey", linestyle="--", linewidth=1, label=r"$\hat\ell - \chi^2_{1}/2$")
    ax.set_xlabel(f"${name}$")
    ax.set_ylabel(r"$\ell_p$" if curve.profile else r"$\ell$")
    ax.set_title((f"profile log-likelihood of ${name}$") if curve.profile else "log-likelihood")
    finite = curve.loglik[np.isfinite(curve.loglik)]
    if finite.size:  # (the curve from its top to a little below the cut, not to -inf)
        top = float(finite.max())
        floor = min(float(finite.min()), top - 1) if curve.cut is None else curve.cut - 0.6 * (top - curve.cut)
        ax.set_ylim(max(float(finite.min()), floor) - 0.05 * (top - floor), top + 0.08 * (top - floor))
    ax.legend(loc="best")
