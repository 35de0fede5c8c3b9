"""The standard errors and Wald intervals of a fit: from the information at the estimate (expected
where it has a closed form, observed otherwise), null where the information does not exist, at
the level asked for, in the command line's JSON."""

from __future__ import annotations

import contextlib
import io
import json
import math

import numpy as np
import pytest

import symle
from symle.cli import main


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_fit_standard_errors_from_the_information_at_the_estimate():
    data = np.random.default_rng(3).exponential(0.5, 400)
    result = symle.derive("exponential").fit(data)
    estimate = result["estimates"]["lambda"]
    se = result["standard_errors"]["lambda"]
    assert se == pytest.approx(estimate / math.sqrt(len(data)))
    low, high = result["confidence_intervals"]["lambda"]
    assert result["interval_scales"]["lambda"] == "log"  # a positive parameter: symmetric on the log scale
    assert math.sqrt(low * high) == pytest.approx(estimate)
    assert math.log(high / estimate) == pytest.approx(1.959963984540054 * se / estimate)


def test_fit_level_changes_the_interval():
    data = np.random.default_rng(4).normal(1, 2, 200)
    d = symle.derive("normal")
    wide = d.fit(data)["confidence_intervals"]["mu"]
    narrow = d.fit(data, level=0.5)["confidence_intervals"]["mu"]
    assert narrow[1] - narrow[0] < wide[1] - wide[0]


def test_fit_nulls_where_the_information_does_not_exist():
    data = 1 + np.random.default_rng(5).pareto(3, 300)
    result = symle.derive("pareto").fit(data)
    assert result["standard_errors"]["xm"] is None
    # no Wald interval for xm: its interval is the exact one below x₍₁₎ (tests/numeric/test_exact.py)
    assert result["exact_intervals"] == ["xm"] and result["confidence_intervals"]["xm"][1] == data.min()
    assert result["standard_errors"]["alpha"] > 0


def test_fit_cli_json_has_the_fields_and_level(tmp_path):
    path = tmp_path / "data.txt"
    path.write_text("\n".join(str(v) for v in [0.5, 1.5, 0.25, 2.0, 0.75, 1.1]))
    status, out, err = cli("fit", "exponential", str(path), "--format", "json", "--level", "0.9")
    assert status == 0, err
    result = json.loads(out)
    assert set(result["standard_errors"]) == {"lambda"}
    assert len(result["confidence_intervals"]["lambda"]) == 2
    status, out, err = cli("fit", "exponential", str(path), "--level", "1.5")
    assert status == 2 and "level" in err and err.count("\n") == 1


def test_fit_uses_the_observed_information_without_a_closed_form():
    data = np.random.default_rng(6).standard_cauchy(300)
    result = symle.derive("cauchy").fit(data)
    gamma = result["estimates"]["gamma"]
    # the Cauchy information is n / (2 gamma^2) for each parameter
    assert result["standard_errors"]["x0"] == pytest.approx(math.sqrt(2 * gamma**2 / 300), rel=0.25)


@pytest.mark.parametrize("level", [0.9999999999999999, 1 - 2**-53, 0.999999999999, 0.5, 1e-300, 5e-324])
def test_every_level_strictly_between_0_and_1_has_its_interval(level: float) -> None:
    """z from the lower tail, (1 - level)/2: 0.5 + level/2 is 1 in double precision for a level within
    1e-16 of 1, where the lower tail is still a positive number. Checked against SciPy's quantile."""
    stats = pytest.importorskip("scipy.stats")
    data = np.random.default_rng(11).normal(3.0, 2.0, 50)
    result = symle.derive("normal").fit(data, level=level)
    z = -stats.norm.ppf((1 - level) / 2)
    mu, se = result["estimates"]["mu"], result["standard_errors"]["mu"]
    assert result["confidence_intervals"]["mu"] == pytest.approx([mu - z * se, mu + z * se], rel=1e-12, abs=1e-300)
    low, high = result["confidence_intervals"]["sigma2"]
    assert 0 < low <= result["estimates"]["sigma2"] <= high < math.inf


@pytest.mark.parametrize("level", [0, 1, 1.5, -0.5, math.nan, math.inf, True, "0.9", None, 10**400])
def test_a_level_outside_0_and_1_is_refused_in_one_line(level: object) -> None:
    with pytest.raises(symle.SymleError) as caught:
        symle.derive("exponential").fit([1.0, 2.0], level=level)  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith("level ") and "must lie strictly between 0 and 1" in message
    assert "\n" not in message and len(message) < 120


def test_an_interval_beyond_double_precision_is_left_out_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    """A log-scale bound e^(z se/θ̂) that overflows is inf (no OverflowError), and the interval is left
    out with a warning rather than printed with an infinite bound (z made huge to get there)."""
    from symle.numeric import wald

    assert wald.interval(1.0, 1e3, 8.0, "log")[1] == math.inf
    monkeypatch.setattr(wald, "normal_quantile", lambda level: 1e6)
    result = symle.derive("normal").fit([1.0, 2.0, 4.0, 8.0])
    assert result["confidence_intervals"]["sigma2"] is None
    assert result["standard_errors"]["sigma2"] > 0
    assert any(w.startswith("no 0.95 interval for σ²: it is not finite") for w in result["warnings"])
