"""Random and hostile homework: the checker only ever raises its own errors, never runs the
person's text, and finishes each file within its time budget."""

from __future__ import annotations

import builtins
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symle.checker import CHECK_SECONDS, CheckReport, check_text
from symle.errors import SymleError

HOSTILE = "__import__('os').system('touch PWNED')"
FRAGMENTS = [
    r"\frac",
    r"\sum",
    r"\sum_{i=1}^{n}",
    r"\prod",
    r"\log",
    r"\ln",
    r"\exp",
    r"\bar{x}",
    r"\overline",
    r"\hat",
    r"\lambda",
    r"\sigma",
    r"\mu",
    r"^",
    "_",
    "{",
    "}",
    "(",
    ")",
    "[",
    "]",
    "x_i",
    "x_{(1)}",
    "x_{(n)}",
    "e",
    "n",
    "=",
    "+",
    "-",
    "*",
    "/",
    "!",
    "2",
    "10",
    "999999999999999",
    "0",
    "0.5",
    "$",
    "\\",
    "\\\\",
    "xbar",
    "sum(",
    "lambda",
    "lambdahat",
    "\\left(",
    "\\right)",
    "\\cdot",
    "9^{9^{9}}",
    "1000!",
    "\\Gamma",
    HOSTILE,
    "eval(",
    "exec(",
    "lambda: 0",
    "os.system",
    "__class__",
    "\u2212",
    "\u03bb",
    "\u00b2",
    "\x00",
    "\n",
    "\\\n",
    "#",
    "**",
]
LABELS = [
    "likelihood",
    "loglik",
    "score lambda",
    "score",
    "mle lambda",
    "mle",
    "fisher",
    "variance lambda",
    "score mu",
]

math = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=30).map(" ".join)
step = st.tuples(st.sampled_from(LABELS), math).map(lambda pair: f"{pair[0]}: {pair[1]}")
homework = st.one_of(
    st.lists(step, min_size=1, max_size=4).map(lambda lines: "model: exponential\n" + "\n".join(lines)),
    st.lists(step, min_size=1, max_size=3).map(lambda lines: "model: normal\n" + "\n".join(lines)),
    st.text(max_size=200),
    math.map(lambda text: "model: " + text + "\nmle lambda: 1"),
)


@pytest.fixture
def no_user_code(monkeypatch, tmp_path):
    """eval and exec may run only code SymPy generated from the readers' own vocabulary (checked
    in this process: symle's worker process would run the checks out of the watch's sight)."""
    monkeypatch.setenv("SYMLE_IN_PROCESS", "1")
    monkeypatch.chdir(tmp_path)
    seen: list[str] = []
    real_exec, real_eval = builtins.exec, builtins.eval

    def watch(real):
        def wrapper(source, *args, **kwargs):
            if isinstance(source, str):
                seen.append(source)
            return real(source, *args, **kwargs)

        return wrapper

    monkeypatch.setattr(builtins, "exec", watch(real_exec))
    monkeypatch.setattr(builtins, "eval", watch(real_eval))
    yield seen
    assert not (tmp_path / "PWNED").exists()


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=homework)
def test_fuzz_never_crashes_never_runs_user_text(no_user_code, text):
    start = time.monotonic()
    try:
        report = check_text(text)
    except SymleError:
        pass
    else:
        assert isinstance(report, CheckReport)
        report.to_json()
        report.to_text()
    assert time.monotonic() - start < CHECK_SECONDS
    for source in no_user_code:
        assert "__import__" not in source and "system" not in source and "PWNED" not in source
