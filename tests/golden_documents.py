"""The golden documents: which derivations are kept, how each is rendered, and where its golden file
and gallery pages live. Shared by tests/render/test_golden.py and scripts/golden.py.

Each golden is exactly what `symle derive <ARGS> --format latex` writes: rendered in this process
by the command line's own parser and derive command (without the fork that bounds its time), so
the file is what a user gets; tests/render/test_golden.py checks that against real processes."""

from __future__ import annotations

import difflib
import hashlib
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "render" / "golden"
GALLERY = ROOT / "docs" / "gallery"
SOURCES = GALLERY / "sources.sha256"  # the goldens the gallery's pages were made from (sha256sum -c)

# name -> the arguments of `symle derive` (the model and its options), in the gallery's order
FAMILY_ORDER = (
    "exponential", "normal", "poisson", "bernoulli", "binomial", "geometric", "negative-binomial", "lognormal",
    "gamma", "beta", "weibull", "rayleigh", "half-normal", "inverse-gaussian", "uniform", "pareto",
    "shifted-exponential", "laplace", "cauchy", "logistic", "gumbel", "linear-regression",
    "regression-through-origin", "poisson-regression", "logistic-regression",
)  # fmt: skip
# Typed densities, chosen before their pages were seen: textbook exercises of every kind (a support
# bound, a special function, a location, a discrete variable).
TYPED: dict[str, tuple[str, ...]] = {
    "typed-power": ("(theta+1)*x^theta", "--params", "theta", "--support", "0 < x < 1"),
    "typed-beta-shape": ("theta*x^(theta-1)", "--params", "theta", "--support", "0 < x < 1"),
    "typed-one-minus": ("theta*(1-x)^(theta-1)", "--params", "theta", "--support", "0 < x < 1"),
    "typed-shifted": ("exp(-(x-theta))", "--params", "theta", "--support", "x > theta"),
    "typed-uniform": ("1/theta", "--params", "theta", "--support", "0 < x < theta"),
    "typed-triangle": ("2*x/theta^2", "--params", "theta", "--support", "0 < x < theta"),
    "typed-poisson": ("theta^x*exp(-theta)/factorial(x)", "--params", "theta", "--support", "x in {0, 1, ...}"),
    "typed-rayleigh": ("x*exp(-x^2/(2*theta))/theta", "--params", "theta", "--support", "x > 0"),
    "typed-gamma-two": ("lambda^2*x*exp(-lambda*x)", "--params", "lambda", "--support", "x > 0"),
    "typed-pareto": ("theta*x^(-theta-1)", "--params", "theta", "--support", "x > 1"),
    "typed-laplace": ("exp(-abs(x-mu))/2", "--params", "mu"),
    "typed-gamma-shape": ("x^(a-1)*exp(-x)/gamma(a)", "--params", "a", "--support", "x > 0"),
    "typed-logistic": ("exp(-(x-mu))/(1+exp(-(x-mu)))^2", "--params", "mu"),
}
# name -> the arguments of `symle derive` (the model and its options), in the gallery's order
CASES: dict[str, tuple[str, ...]] = {
    **{name: (name, "--known", "m=10") if name == "binomial" else (name,) for name in FAMILY_ORDER},
    "normal-mu-known": ("normal", "--known", "mu"),
    **TYPED,
    "worksheet-key": ("examples/worksheet.toml", "--solutions"),
}
# the goldens that are `symle worksheet SPEC ...` (a whole document, its spec relative to the root)
WORKSHEETS = {"worksheet-key"}

# A generous budget: a loaded machine must never take the fallback path that running out of time
# takes (it would print a different derivation). Each step's own cap counts processor time, not
# wall-clock time (symle.budget), so load does not change it; the longer --timeout keeps the whole
# budget's wall-clock deadline far away. The default 10 s gives the same text on an idle machine.
OPTIONS = ("--format", "latex", "--timeout", "60")

UPDATE_HINT = (
    "If the change is intended: run `python scripts/golden.py --update --gallery`, look at the "
    "changed pages in docs/gallery/ (see docs/gallery/README.md), and commit the .tex and .png "
    "files together."
)


def command(name: str) -> list[str]:
    """The command line of a golden, as `symle` takes it (without the program name)."""
    return ["worksheet" if name in WORKSHEETS else "derive", *CASES[name], *OPTIONS]


def shown(name: str) -> str:
    """The command line of a golden as a user would type it."""
    quoted = [f"'{a}'" if any(c in a for c in " *()<>^") else a for a in command(name)]
    return "symle " + " ".join(quoted)


def golden_path(name: str) -> Path:
    return GOLDEN / f"{name}.tex"


def key(name: str) -> str:
    """The golden's path relative to the repository, as docs/gallery/sources.sha256 names it."""
    return golden_path(name).relative_to(ROOT).as_posix()


def render(name: str) -> str:
    """What `symle derive ... --format latex` (or `symle worksheet ...`) writes for this golden, now."""
    from symle.cli import build_parser, run_derive, run_worksheet

    with tempfile.TemporaryDirectory(prefix="symle-golden-") as folder:
        target = Path(folder) / f"{name}.tex"
        arguments = command(name)
        if name in WORKSHEETS:
            arguments[1] = str(ROOT / arguments[1])
        run = run_worksheet if name in WORKSHEETS else run_derive
        status = run(build_parser().parse_args([*arguments, "-o", str(target)]))
        if status != 0 or not target.is_file():
            raise RuntimeError(f"`{shown(name)}` exited with status {status}")
        return target.read_text(encoding="utf-8")


def difference(name: str, now: str) -> str:
    """A unified diff from the golden file to the output of now ('' when they are the same)."""
    path = golden_path(name)
    before = path.read_text(encoding="utf-8") if path.is_file() else ""
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True),
            now.splitlines(keepends=True),
            fromfile=key(name) + (" (golden)" if path.is_file() else " (missing)"),
            tofile=f"{shown(name)} (now)",
        )
    )


def standalone(fragment: str) -> str:
    """The golden fragment as a whole document, through the template `--standalone` uses (a
    worksheet's golden is a whole document already)."""
    from symle.render.environment import render as render_template

    if fragment.lstrip().startswith(("%", r"\documentclass")) and r"\documentclass" in fragment:
        return fragment
    return render_template("standalone.tex.j2", title="", body=fragment)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def recorded_sources() -> dict[str, str]:
    """{golden path relative to the root: its sha256} as the gallery last recorded them."""
    if not SOURCES.is_file():
        return {}
    pairs = (line.split(maxsplit=1) for line in SOURCES.read_text(encoding="utf-8").splitlines() if line.strip())
    return {path.strip(): digest for digest, path in pairs}
