"""FitResult: the estimates on one data set, how each was found, and the log-likelihood there."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from symle.model.names import PARAMETRISATIONS


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
            "warnings": list(self.warnings),
        }
        if self.model in PARAMETRISATIONS:  # a catalogue family: say what its parameters mean
            out["parametrisation"] = PARAMETRISATIONS[self.model]
        out.update(self.extras or {})
        return out

    def to_text(self) -> str:
        """The report `symle fit` prints: each estimate, how it was found, its interval."""
        result = self.to_dict()
        lines = [f"{result['model']}: n = {result['n']}, log-likelihood = {result['loglik']:.10g}"]
        if "parametrisation" in result:
            lines.append(f"  parameters: {result['parametrisation']}")
        for name, value in result["estimates"].items():
            line = f"  {name} = {value:.10g}   ({result['method'][name]})"
            bounds = result.get("confidence_intervals", {}).get(name)
            if bounds is not None:
                scale = result["interval_scales"][name]
                on = "" if scale == "identity" else f", on the {scale} scale"
                line += f"   {percent(result['level'])}% interval [{bounds[0]:.6g}, {bounds[1]:.6g}]{on}"
            lines.append(line)
        if result.get("iterations"):
            lines.append(f"  {result.get('solver', 'Newton')} iterations: {result['iterations']} (converged)")
        lines.extend(f"  warning: {w}" for w in result["warnings"])
        return "\n".join(lines)


def percent(level: float) -> str:
    """The level as a percentage with the digits it was given: 95, 99.9, 99.99999999999999 (never
    rounded to 100 or 0, which no interval is)."""
    value = Decimal(repr(level)).scaleb(2).normalize()
    return f"{value:f}" if value >= Decimal("0.0001") else f"{value:g}"
