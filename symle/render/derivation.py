"""Renderers: LaTeX (fragment, standalone), Markdown, plain text and JSON, through Jinja2 templates."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
import sympy as sp

from symle.algebra.printing import latex, sympy_syntax, text

if TYPE_CHECKING:
    from symle.stages.derivation import Derivation, Equation

_RELATIONS_LATEX = {"=": "=", "<": "<", ">": ">", "<=": r"\le", ">=": r"\ge"}
_RELATIONS_TEXT = {"=": "=", "<": "<", ">": ">", "<=": "≤", ">=": "≥"}


def template_folder() -> Path:
    """Templates ship inside the wheel as symle/templates; a source checkout has them at the top."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent / "templates"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("symle's templates folder is missing from the installation")


@cache
def environment() -> jinja2.Environment:
    """Jinja2 with delimiters that do not clash with LaTeX braces, and StrictUndefined."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(template_folder())),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["latex_text"] = latex_text
    env.filters["pyrepr"] = repr
    return env


_GREEK_LATEX = {
    ch: "\\" + name
    for name, ch in zip(
        "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi "
        "chi psi omega".split(),
        "αβγδεζηθικλμνξοπρστυφχψω",
        strict=True,
    )
}
_SYMBOLS_LATEX = {
    **_GREEK_LATEX,
    "Σ": "\\sum ",
    "Π": "\\prod ",
    "≤": "\\le ",
    "≥": "\\ge ",
    "−": "-",
    "ℓ": "\\ell ",
    "∂": "\\partial ",
    "∈": "\\in ",
    "ᵀ": "^{T}",
    "⁻¹": "^{-1}",
    "⁴": "^{4}",
    "×": "\\times ",
    "²": "^{2}",
    "ᵢ": "_{i}",
    "ₙ": "_{n}",
    "ₘ": "_{m}",
    "₍₁₎": "_{(1)}",
    "₍ₙ₎": "_{(n)}",
    "\u0304": "",
    "\u0302": "",
}
_SUBSCRIPT_DIGITS = dict(zip("₀₁₂₃₄₅₆₇₈₉", "0123456789", strict=True))
_MATH_RUN = re.compile(
    "[A-Za-z0-9]*(?:["
    + "".join(_GREEK_LATEX)
    + "Σ∂ℓ≤≥−∈²ᵢₙₘ₍₎₀-₉ᵀ⁻¹⁴×\u0304\u0302|][A-Za-z0-9()₀-₉ᵢₙₘ₍₎²ᵀ⁻¹⁴\u0304\u0302|]*)+"
)
_ESCAPE = {
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "$": r"\$",
    "~": r"\~{}",
    "^": r"\^{}",
}


def _math_run(run: str) -> str:
    out = run.replace("₍₁₎", "_{(1)}").replace("₍ₙ₎", "_{(n)}").replace("⁻¹", "^{-1}")
    for ch, digit in _SUBSCRIPT_DIGITS.items():
        out = out.replace(ch, "_{" + digit + "}")
    out = re.sub(r"([A-Za-z])\u0304", r"\\bar{\1}", out)
    out = re.sub(r"(\S)\u0302", r"\\hat{\1}", out)
    return "$" + "".join(_SYMBOLS_LATEX.get(ch, ch) for ch in out).strip() + "$"


def latex_text(prose: str) -> str:
    """Prose with Unicode mathematics (λ, σ², Σ|xᵢ − μ|, x̄) as LaTeX text with inline math."""
    escaped = "".join(_ESCAPE.get(ch, ch) for ch in prose)
    converted = _MATH_RUN.sub(lambda m: _math_run(m.group()) if not m.group().isascii() else m.group(), escaped)
    return converted.replace("$ $", " ")


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def equation_latex(equation: Equation) -> list[str]:
    """An equation chain as align rows: 'lhs &= a', '&= b' (each on its own row); a part too long
    for the line is broken at its + and - signs (symle.render.linebreak)."""
    from symle.render.linebreak import equation_rows

    return equation_rows(equation.parts, equation.relations)


def _chain(equation: Equation, show: Callable[[sp.Basic], str], relations: Mapping[str, str]) -> str:
    """An equation chain on one line, each part shown by `show`, joined by its relations."""
    parts = [show(p) for p in equation.parts]
    out = parts[0]
    for relation, part in zip(equation.relations, parts[1:], strict=True):
        out += f" {relations[relation]} {part}"
    return out


def equation_inline_latex(equation: Equation) -> str:
    return _chain(equation, latex, _RELATIONS_LATEX)


def equation_text(equation: Equation) -> str:
    return _chain(equation, text, _RELATIONS_TEXT)


def _title(derivation: Derivation) -> str:
    model = derivation.model
    from symle.model.catalogue import FAMILIES

    if not model.typed and model.name in FAMILIES and model.conditional:
        return f"Maximum likelihood for {FAMILIES[model.name].title}"
    if not model.typed and model.name in FAMILIES:
        return f"Maximum likelihood for the {FAMILIES[model.name].title} distribution"
    return "Maximum likelihood for a typed density"


def _steps_view(derivation: Derivation) -> list[dict[str, Any]]:
    return [
        {
            "title": step.title,
            "text": step.text,
            "rows": [row for equation in step.equations for row in equation_latex(equation)],
            "inline": [equation_inline_latex(e) for e in step.equations],
            "plain": [equation_text(e) for e in step.equations],
        }
        for step in derivation.steps
    ]


def _view(derivation: Derivation) -> dict[str, Any]:
    return {
        "title": _title(derivation),
        "steps": _steps_view(derivation),
        "warnings": list(derivation.warnings),
    }


def render_latex(derivation: Derivation, standalone: bool = False) -> str:
    fragment = render("derivation.tex.j2", **_view(derivation))
    if not standalone:
        return fragment
    return render("standalone.tex.j2", title=_title(derivation), body=fragment)


def render_markdown(derivation: Derivation) -> str:
    return render("derivation.md.j2", **_view(derivation))


def render_text(derivation: Derivation) -> str:
    return render("derivation.txt.j2", **_view(derivation))


def step_latex(step: Any) -> str:
    """All equations of a step as one LaTeX string (the JSON's steps[].latex)."""
    rows = [row for equation in step.equations for row in equation_latex(equation)]
    if not rows:
        return ""
    return "\\begin{aligned}\n" + " \\\\\n".join(rows) + "\n\\end{aligned}"


def json_view(derivation: Derivation) -> dict[str, Any]:
    """The JSON contract: model, parameters, known, loglik, score, estimators, steps, warnings."""
    model = derivation.model
    estimators = {}
    for name, estimator in derivation.estimators.items():
        shown = estimator.familiar if estimator.closed_form else estimator.profile
        estimators[name] = {
            "closed_form": estimator.closed_form,
            "method": estimator.method,
            "expression": sympy_syntax(estimator.value) if estimator.value is not None else None,
            "latex": latex(shown) if shown is not None else "",
            "profile": sympy_syntax(estimator.profile) if estimator.profile is not None else None,
        }
    return {
        "model": model.name,
        "parameters": [p.name for p in model.parameters],
        "known": {k: (None if v is None else _number(v)) for k, v in model.known.items()},
        "support": model.support.describe(),
        "loglik": sympy_syntax(derivation.likelihood.loglik),
        "score": {s.name: sympy_syntax(expr) for s, expr in derivation.solved.scores.items()},
        "estimators": estimators,
        "steps": [
            {"title": s.title, "text": s.text, "latex": step_latex(s), "kind": s.kind, "parameter": s.parameter}
            for s in derivation.steps
        ],
        "warnings": list(derivation.warnings),
        **{k: v for k, v in derivation.extras.items()},
    }


def _number(value: sp.Expr) -> float | int | str:
    if value.is_Integer:
        return int(value)
    if value.is_number:
        return float(value)
    return sympy_syntax(value)


def render_json(derivation: Derivation) -> str:
    return json.dumps(json_view(derivation), indent=2, ensure_ascii=False)
