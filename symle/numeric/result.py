"""FitResult: the estimates on one data set, how each was found, and the log-likelihood there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
        out.update(self.extras or {})
        return out
