"""Building a PDF with latexmk or pdflatex in a temporary folder; errors named by their problem."""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from symle.errors import LatexError
from symle.outputs import write_files
from symle.supervisor import die_with_parent

INSTALL_HINT = (
    "building the PDF needs latexmk or pdflatex on PATH "
    "(Debian: apt-get install texlive-latex-base texlive-latex-recommended latexmk)"
)
TIMEOUT_SECONDS = 180
_MARKER = re.compile(r"^% symle: problem (\d+) \((.*)\)$")
_LINE = re.compile(r"^l\.(\d+)")


def engine_available() -> str:
    """The LaTeX command to use, or a LatexError saying what to install."""
    for command in ("latexmk", "pdflatex"):
        if shutil.which(command) and shutil.which("pdflatex"):
            return command
    raise LatexError(INSTALL_HINT)


def _commands(engine: str) -> list[list[str]]:
    flags = ["-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error"]
    if engine == "latexmk":
        pdflatex = f"-pdflatex=pdflatex {' '.join(flags)} %O %S"
        return [["latexmk", "-norc", "-pdf", "-quiet", pdflatex, "worksheet.tex"]]
    # pdflatex alone: twice, so that anything referring forward settles
    return [["pdflatex", *flags, "worksheet.tex"]] * 2


def problem_at(source: str, line: int) -> str | None:
    """The problem a line of the generated LaTeX belongs to, from the template's markers."""
    found = None
    for text in source.splitlines()[:line]:
        match = _MARKER.match(text)
        if match:
            found = f"problem {match.group(1)} ({match.group(2)})"
    return found


def first_error(log: str, source: str) -> str:
    """The first '!' error of a pdflatex log (or a file:line: error), with the problem it is in."""
    lines = log.splitlines()
    for k, text in enumerate(lines):
        located = re.match(r"^\./worksheet\.tex:(\d+): (.*)$", text)
        if located:
            where = problem_at(source, int(located.group(1)))
            return f"LaTeX error in {where or 'the preamble'}, line {located.group(1)}: {located.group(2)}"
        if text.startswith("!"):
            line = next((int(m.group(1)) for later in lines[k + 1 : k + 12] if (m := _LINE.match(later))), None)
            where = problem_at(source, line) if line is not None else None
            place = f" in {where}" if where else ""
            at = f", line {line}" if line is not None else ""
            return f"LaTeX error{place}{at}: {text.lstrip('! ').strip()}"
    return "LaTeX failed without an error message (see the log)"


def _run(command: list[str], work: Path, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    """One LaTeX run in its own process group, the whole group killed when it overruns (a
    runaway pdflatex started by latexmk must not outlive us)."""
    process = subprocess.Popen(
        command,
        cwd=work,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=functools.partial(die_with_parent, os.getpid()),  # and never outlive us, even killed
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise LatexError(f"{command[0]} took longer than {TIMEOUT_SECONDS} s") from None
    except BaseException:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return subprocess.CompletedProcess(command, process.returncode, output, b"")


def compile_pdf(source: str) -> bytes:
    """The PDF of `source`, compiled in a temporary folder with no shell escape, no rc files and
    TeX reading and writing only below that folder (openin_any/openout_any = p)."""
    engine = engine_available()
    env = {**os.environ, "max_print_line": "10000", "openin_any": "p", "openout_any": "p", "shell_escape": "f"}
    with tempfile.TemporaryDirectory(prefix="symle-") as folder:
        work = Path(folder)
        (work / "worksheet.tex").write_text(source, encoding="utf-8")
        for command in _commands(engine):
            done = _run(command, work, env)
            log_path = work / "worksheet.log"
            log = log_path.read_bytes().decode("utf-8", errors="replace") if log_path.is_file() else ""
            if done.returncode != 0:
                raise LatexError(first_error(log or done.stdout.decode("utf-8", "replace"), source))
        pdf = work / "worksheet.pdf"
        if not pdf.is_file():
            raise LatexError(f"{engine} produced no PDF")
        return pdf.read_bytes()


def build_pdf(source: str, target: Path) -> Path:
    """Compile `source` and write the PDF to `target` (atomically)."""
    write_files({target: compile_pdf(source)})
    return target
