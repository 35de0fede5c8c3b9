"""Compile LaTeX with pdflatex in tests and report its errors and overfull lines."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TIMEOUT_SECONDS = 120

_RERUN = re.compile(r"Rerun to get|Please rerun|Label\(s\) may have changed|rerunfilecheck")
_OVERFULL = re.compile(r"Overfull \\hbox \((\d+(?:\.\d+)?)pt too wide\)")
_CONTEXT = re.compile(r"^l\.\d+")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


# Off CI a missing pdflatex skips the test; in CI it never skips, so a missing pdflatex fails loudly.
requires_pdflatex = pytest.mark.skipif(
    shutil.which("pdflatex") is None and not _in_ci(),
    reason="pdflatex is not installed (.ci/run installs it; under CI=true this is a failure)",
)


@dataclass(frozen=True)
class LatexResult:
    """What one compilation produced: success, the log, its errors and overfull boxes, the PDF."""

    ok: bool
    log: str
    errors: list[str] = field(default_factory=list)  # "! message  <context line>", one per error
    overfull: list[float] = field(default_factory=list)  # pt too wide, one per overfull \hbox
    pdf: Path | None = None


def compile_latex(source: str, workdir: Path) -> LatexResult:
    """Write `source` to workdir/doc.tex and compile it, a second time only if the log asks to."""
    if shutil.which("pdflatex") is None:
        raise RuntimeError("pdflatex is not on PATH; .ci/run installs it (texlive-latex-base)")
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "doc.tex").write_text(source, encoding="utf-8")
    (workdir / "doc.pdf").unlink(missing_ok=True)

    returncode, log = _run_pdflatex(workdir)
    if returncode == 0 and _RERUN.search(log):
        returncode, log = _run_pdflatex(workdir)

    pdf = workdir / "doc.pdf"
    has_pdf = pdf.is_file() and pdf.stat().st_size > 0
    errors = _errors(log)
    return LatexResult(
        ok=returncode == 0 and has_pdf and not errors,
        log=log,
        errors=errors,
        overfull=[float(width) for width in _OVERFULL.findall(log)],
        pdf=pdf if has_pdf else None,
    )


def _run_pdflatex(workdir: Path) -> tuple[int, str]:
    # A wide max_print_line keeps TeX from wrapping log lines, so messages stay whole.
    env = {**os.environ, "max_print_line": "10000", "error_line": "254", "half_error_line": "238"}
    try:
        done = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "doc.tex"],
            cwd=workdir,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return 1, _read_log(workdir) + f"\n! pdflatex timed out after {TIMEOUT_SECONDS} s.\n"
    log = _read_log(workdir) or done.stdout.decode("utf-8", errors="replace")
    return done.returncode, log


def _read_log(workdir: Path) -> str:
    path = workdir / "doc.log"
    # TeX writes bytes in whatever encoding the input had; never fail on reading its log.
    return path.read_bytes().decode("utf-8", errors="replace") if path.is_file() else ""


def _errors(log: str) -> list[str]:
    """Each '!' line joined with its context: the 'l.<n> ...' line after it, or the next line."""
    lines = log.splitlines()
    errors = []
    for k, line in enumerate(lines):
        if not line.startswith("!") or line.startswith("!  ==> Fatal error occurred"):
            continue  # the fatal-error footer only repeats that an error stopped the run
        following = []
        for later in lines[k + 1 : k + 12]:
            if later.startswith("!"):
                break  # the next error has its own context
            following.append(later)
        context = next((c for c in following if _CONTEXT.match(c)), None)
        if context is None:
            context = next((c for c in following if c.strip() and not c.startswith("!")), "")
        errors.append(f"{line}  {context.strip()}".rstrip())
    return errors


def page_texts(pdf: Path) -> list[str] | None:
    """The text of each page of a PDF (pdftotext), or None when pdftotext is not installed."""
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, timeout=TIMEOUT_SECONDS, check=True
    )
    return done.stdout.decode("utf-8", errors="replace").split("\f")[:-1]
