"""The fit's figure (issue 24), read back from the matplotlib Figure: a density-scaled histogram of area
1 under the fitted density (its top at the mode) or the pmf's stems, the QQ plot's quantiles against
scipy.stats', and the log-likelihood with the estimate and the interval marked where the fit put them;
the file written as a valid PNG, SVG or PDF; without matplotlib, one clear error line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from adversary import assert_user_error, run
from scipy import stats

import symle
from symle.errors import NotSupported, ParseError

pytest.importorskip("matplotlib")

RNG = np.random.default_rng(11)
GAMMA = RNG.gamma(3.0, 1 / 1.5, 300)
NORMAL = RNG.normal(2.0, 1.5, 200)
COUNTS = RNG.poisson(2.7, 150).astype(float)


def _axes(fig):  # type: ignore[no-untyped-def]
    return [ax for ax in fig.axes if ax.get_visible()]


def _hist_area(ax) -> float:  # type: ignore[no-untyped-def]
    return sum(p.get_height() * p.get_width() for p in ax.patches)


def _span(patch) -> list[float]:  # type: ignore[no-untyped-def]
    """The x extent of axvspan's patch (a Rectangle since matplotlib 3.9, a Polygon before)."""
    if hasattr(patch, "get_width"):
        return [patch.get_x(), patch.get_x() + patch.get_width()]
    xy = np.asarray(patch.get_xy())
    return [xy[:, 0].min(), xy[:, 0].max()]


def _mle_line(ax):  # type: ignore[no-untyped-def]
    return next(line for line in ax.get_lines() if str(line.get_label()).startswith(r"$\hat"))


@pytest.fixture(scope="module")
def gamma_figure():  # type: ignore[no-untyped-def]
    result = symle.derive("gamma").fit_result(GAMMA)
    return result, result.plot()


def test_the_gamma_figure_has_its_panels(gamma_figure) -> None:  # type: ignore[no-untyped-def]
    result, fig = gamma_figure
    axes = _axes(fig)
    assert [ax.get_title() for ax in axes] == [
        "fitted density over the data",
        "QQ plot",
        r"profile log-likelihood of $\alpha$",
        r"profile log-likelihood of $\beta$",
    ]
    density, qq = axes[0], axes[1]
    assert _hist_area(density) == pytest.approx(1.0, rel=1e-12)
    x, y = density.get_lines()[0].get_data()
    alpha, beta = result.estimates["alpha"], result.estimates["beta"]
    step = x[1] - x[0]
    assert abs(x[np.argmax(y)] - (alpha - 1) / beta) <= step  # the fitted curve's top at the mode
    assert y == pytest.approx(stats.gamma.pdf(x, alpha, scale=1 / beta), rel=1e-9, abs=1e-300)
    theoretical, observed = qq.get_lines()[0].get_data()
    n = len(GAMMA)
    expected = stats.gamma.ppf((np.arange(n) + 0.5) / n, alpha, scale=1 / beta)
    assert theoretical == pytest.approx(expected, rel=1e-12) and list(observed) == sorted(GAMMA)


def test_each_profile_peaks_at_the_estimate_with_the_interval_marked(gamma_figure) -> None:  # type: ignore[no-untyped-def]
    result, fig = gamma_figure
    intervals = result.to_dict()["confidence_intervals"]
    for ax, name in zip(_axes(fig)[2:], ("alpha", "beta"), strict=True):
        assert list(_mle_line(ax).get_xdata()) == [result.estimates[name]] * 2
        curve = ax.get_lines()[0]
        values, loglik = curve.get_data()
        assert np.nanmax(loglik) == pytest.approx(result.loglik, abs=1e-7)  # ℓₚ(θ̂) = ℓ(θ̂), its top
        assert values[np.nanargmax(loglik)] == pytest.approx(result.estimates[name], rel=1e-9)
        assert _span(ax.patches[0]) == pytest.approx(intervals[name], rel=1e-12)


def test_one_parameter_draws_its_log_likelihood() -> None:
    """The exponential's curve is n log λ − λ Σx (every constant included), its top at λ̂ = 1/x̄."""
    x = RNG.exponential(0.5, 120)
    result = symle.derive("exponential").fit_result(x)
    ax = _axes(result.plot())[2]
    assert ax.get_title() == "log-likelihood" and ax.get_xlabel() == r"$\lambda$"
    values, loglik = ax.get_lines()[0].get_data()
    assert loglik == pytest.approx(len(x) * np.log(values) - values * x.sum(), rel=1e-10)
    assert list(_mle_line(ax).get_xdata()) == [1 / x.mean()] * 2


def test_a_count_model_draws_the_pmf_as_stems_over_the_frequencies() -> None:
    result = symle.derive("poisson").fit_result(COUNTS)
    ax = _axes(result.plot())[0]
    assert ax.get_title() == "fitted probabilities over the data"
    assert _hist_area(ax) == pytest.approx(1.0, rel=1e-12)
    heights = [p.get_height() for p in ax.patches]
    ks = np.arange(COUNTS.min(), COUNTS.max() + 1)
    assert heights == pytest.approx([np.mean(COUNTS == k) for k in ks])
    stems = ax.collections[0].get_segments()
    assert [s[0][0] for s in stems] == list(ks)
    assert [s[1][1] for s in stems] == pytest.approx(stats.poisson.pmf(ks, result.estimates["lambda"]), rel=1e-10)


def test_a_typed_density_inverts_its_own_cdf_for_the_qq_plot() -> None:
    """θ e^{-θx} typed in has no SciPy name: its quantiles come from the integrated density."""
    x = RNG.exponential(2.0, 90)
    result = symle.derive("theta*exp(-theta*x)", params="theta", support="x > 0").fit_result(x)
    axes = _axes(result.plot())
    theoretical, _ = axes[1].get_lines()[0].get_data()
    probabilities = (np.arange(len(x)) + 0.5) / len(x)
    assert theoretical == pytest.approx(-np.log1p(-probabilities) / result.estimates["theta"], rel=2e-3)
    assert _hist_area(axes[0]) == pytest.approx(1.0, rel=1e-12)


def test_a_boundary_estimate_has_no_likelihood_beyond_it() -> None:
    x = RNG.uniform(0, 3, 40)
    result = symle.derive("uniform", known={"a": 0}).fit_result(x)
    ax = _axes(result.plot())[2]
    values, loglik = ax.get_lines()[0].get_data()
    assert np.all(np.isnan(loglik[values < x.max()])) and np.all(np.isfinite(loglik[values >= x.max()]))
    assert _span(ax.patches[0])[0] == x.max() and "exact" in ax.get_legend_handles_labels()[1][1]


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<svg"), (".pdf", b"%PDF-")])
def test_plot_writes_the_format_its_name_asks_for(tmp_path: Path, suffix: str, magic: bytes) -> None:
    result = symle.derive("normal").fit_result(NORMAL)
    path = tmp_path / f"fit{suffix}"
    result.plot(path)
    assert magic in path.read_bytes()[:400]
    with pytest.raises(ParseError, match=r"\.png, \.svg or \.pdf"):
        result.plot(tmp_path / "fit.jpg")


def test_a_regression_is_refused_in_python() -> None:
    regression = symle.derive("linear-regression", timeout=120)  # (a busy machine: the page's time is not tested here)
    result = regression.fit_result({"y": [1.0, 2.1, 2.9, 4.2], "x": [1.0, 2.0, 3.0, 4.0]})
    with pytest.raises(NotSupported, match="regression"):
        result.plot()


def test_the_command_line_writes_a_png(tmp_path: Path) -> None:
    data = tmp_path / "x.txt"
    data.write_text("\n".join(map(repr, NORMAL.tolist())) + "\n")
    out, _ = run("fit", "normal", str(data), "--plot", str(tmp_path / "fit.png"), "--timeout", "120")  # (busy CI)
    assert out.returncode == 0, out.stderr
    assert "normal: maximum-likelihood fit" in out.stdout
    png = (tmp_path / "fit.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in png[-12:]
    assert_user_error(run("fit", "normal", str(data), "--plot", str(tmp_path / "fit.gif"))[0], ".png, .svg or .pdf")
    assert not (tmp_path / "fit.gif").exists()
    missing = tmp_path / "no such folder" / "fit.png"
    assert_user_error(run("fit", "normal", str(data), "--plot", str(missing))[0], "does not exist")


def test_without_matplotlib_plot_is_one_clear_line(tmp_path: Path) -> None:
    data = tmp_path / "x.txt"
    data.write_text("1\n2\n3\n")
    hidden = (
        "import sys; sys.modules['matplotlib'] = None\n"  # (an import of matplotlib now raises ImportError)
        "from symle.cli import main\n"
        f"sys.exit(main(['fit', 'exponential', {str(data)!r}, '--plot', {str(tmp_path / 'fit.png')!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", hidden], capture_output=True, text=True, timeout=120)
    assert_user_error(done)
    assert done.stderr.strip() == "symle: error: --plot needs matplotlib: pip install 'symle[plot]'"
    assert not (tmp_path / "fit.png").exists()


def test_a_pmf_beyond_double_precision_is_drawn_from_its_logarithm() -> None:
    """λ^x e^(-λ)/x! at λ = 50 000 is inf/inf in floating point: the stems come from e^(log f)."""
    x = RNG.poisson(50_000, 120).astype(float)
    result = symle.derive("poisson").fit_result(x)
    curve = _axes(result.plot())[0].get_lines()[0]
    ks, pmf = curve.get_data()
    assert pmf == pytest.approx(stats.poisson.pmf(ks, result.estimates["lambda"]), rel=1e-9)
