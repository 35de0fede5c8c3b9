"""FitResult: the estimates on one data set, how each was found, and the log-likelihood there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from symle.model.names import PARAMETRISATIONS
from symle.numeric.summary import fit_line, html_table, hypothesis_lines, information_criteria, text_table


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

    def _repr_html_(self) -> str:
        """A notebook's display: the summary as an HTML table."""
        return html_table(self.to_dict())

    def __str__(self) -> str:
        return self.to_text()
