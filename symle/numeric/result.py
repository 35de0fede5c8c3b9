"""FitResult: the estimates on one data set, how each was found, and the log-likelihood there."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from symle.model.names import PARAMETRISATIONS
from symle.numeric.summary import fit_line, html_table, hypothesis_lines, information_criteria, text_table

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class FitResult:
    """Estimates on one data set, with how each was found and the full log-likelihood there."""

    model: str
    n: int
    estimates: dict[str, float]
    method: dict[str, str]
    loglik: float
    warnings: tuple[str, ...] = ()
    extras: dict[str, Any] | None = None
    # what the plots show, from the fit's to_dict(): kept by symle.numeric.fit with the data it read
    drawing: Callable[[dict[str, Any]], Any] | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "model": self.model,
            "n": self.n,
            "estimates": self.estimates,
            "method": self.method,
            "loglik": self.loglik,
            **information_criteria(self.loglik, len(self.estimates), self.n),
            "warnings": list(self.warnings),
        }
        if self.model in PARAMETRISATIONS:  # a catalogue family: say what its parameters mean
            out["parametrisation"] = PARAMETRISATIONS[self.model]
        out.update(self.extras or {})
        return out

    def summary(self) -> str:
        """The table: parameter, estimate, standard error, interval, method; then n, ℓ, AIC, BIC."""
        result = self.to_dict()
        lines = [f"{result['model']}: maximum-likelihood fit", *text_table(result), "  " + fit_line(result)]
        return "\n".join([*lines, *hypothesis_lines(result)])

    def to_text(self) -> str:
        """The report `symle fit` prints: the summary, what the parameters mean, the iterations and warnings."""
        result = self.to_dict()
        lines = [f"{result['model']}: maximum-likelihood fit"]
        if "parametrisation" in result:
            lines.append(f"  parameters: {result['parametrisation']}")
        lines += ["", *text_table(result), "", "  " + fit_line(result)]
        if result.get("iterations"):
            lines.append(f"  {result.get('solver', 'Newton')} iterations: {result['iterations']} (converged)")
        if result.get("tests"):
            lines += ["", *hypothesis_lines(result)]
        lines.extend(f"  warning: {w}" for w in result["warnings"])
        return "\n".join(lines)

    def plot(self, path: str | Path | None = None) -> Figure:
        """The fit's figure (matplotlib, an extra: pip install 'symle[plot]'): the fitted density or
        probabilities over the data, a QQ plot, and the log-likelihood (one parameter) or profile
        log-likelihoods (several), the estimates and intervals marked; also saved to `path` when given
        (.png, .svg or .pdf)."""
        from symle.errors import NotSupported
        from symle.numeric.plots import figure, figure_bytes, plot_format, require_matplotlib

        form = plot_format(path) if path is not None else None
        require_matplotlib()
        if self.drawing is None:
            raise NotSupported("this fit keeps no data to draw: plot the FitResult that fit() returns")
        fig = figure(self.drawing(self.to_dict()))
        if path is not None and form is not None:
            from symle.outputs import write_files

            write_files({path: figure_bytes(fig, form)})
        return fig

    def to_html(self) -> str:
        """The summary as an HTML table (every text escaped): a notebook's display and `symle serve`'s."""
        return html_table(self.to_dict())

    _repr_html_ = to_html

    def __str__(self) -> str:
        return self.to_text()
