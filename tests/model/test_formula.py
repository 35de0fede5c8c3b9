"""The safe formula reader: what users may type, what is refused (and how), and the SymPy read-back."""

from __future__ import annotations

import builtins
import string
import time

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import symle
from symle.errors import ParseError
from symle.model.formula import parse_expression, parse_formula
from symle.model.tokens import MAX_TEXT_BYTES

x = sp.Symbol("x", real=True)
y = sp.Symbol("y", real=True)
lam = sp.Symbol("lambda", positive=True)
mu = sp.Symbol("mu", real=True)
sigma2 = sp.Symbol("sigma2", positive=True)
alpha = sp.Symbol("alpha", positive=True)
gamma_ = sp.Symbol("gamma", positive=True)
beta_ = sp.Symbol("beta", positive=True)
theta = sp.Symbol("theta", real=True)
m = sp.Symbol("m", integer=True, positive=True)

SYMBOLS = {
    "x": x,
    "y": y,
    "lambda": lam,
    "mu": mu,
    "sigma2": sigma2,
    "alpha": alpha,
    "gamma": gamma_,
    "beta": beta_,
    "theta": theta,
    "m": m,
}


def read(text: str) -> sp.Expr:
    return parse_formula(text, SYMBOLS)


# ---------------------------------------------------------------------------------------- accepted

ACCEPTED = [
    # names: lambda and Greek letters are ordinary parameter names
    ("lambda*exp(-lambda*x)", lam * sp.exp(-lam * x)),
    ("alpha*x", alpha * x),
    ("mu + sigma2", mu + sigma2),
    ("theta", theta),
    # elementary functions and constants
    ("exp(x)", sp.exp(x)),
    ("log(x)", sp.log(x)),
    ("ln(x)", sp.log(x)),
    ("log(x, 2)", sp.log(x) / sp.log(2)),
    ("sqrt(x)", sp.sqrt(x)),
    ("pi", sp.pi),
    ("2*pi*sigma2", 2 * sp.pi * sigma2),
    ("e", sp.E),
    ("e**x", sp.exp(x)),
    ("e^(-x)", sp.exp(-x)),
    ("abs(x)", sp.Abs(x)),
    ("erf(x)", sp.erf(x)),
    # gamma and beta: called they are the functions, bare they are the declared parameters
    ("gamma(x)", sp.gamma(x)),
    ("gamma", gamma_),
    ("gamma*x", gamma_ * x),
    ("gamma(alpha)*x**(alpha - 1)", sp.gamma(alpha) * x ** (alpha - 1)),
    ("beta(x, 2)", sp.beta(x, 2)),
    ("beta", beta_),
    ("x/beta(alpha, beta)", x / sp.beta(alpha, beta_)),
    ("gamma(gamma)", sp.gamma(gamma_)),
    ("factorial(x)", sp.factorial(x)),
    ("binomial(m, x)", sp.binomial(m, x)),
    ("factorial(5)", sp.Integer(120)),
    ("binomial(5, 2)", sp.Integer(10)),
    # both spellings of power; power is right-associative and binds tighter than unary minus
    ("x^2", x**2),
    ("x**2", x**2),
    ("-x**2", -(x**2)),
    ("-x^2", -(x**2)),
    ("-2**2", sp.Integer(-4)),
    ("2^3^2", sp.Integer(512)),
    ("2**-1", sp.Rational(1, 2)),
    ("x**-2", x**-2),
    ("--x", x),
    ("+x", x),
    ("-+-x**2", x**2),
    ("x^(1/2)", sp.sqrt(x)),
    # decimals are read exactly
    ("0.5", sp.Rational(1, 2)),
    (".5", sp.Rational(1, 2)),
    ("1.", sp.Integer(1)),
    ("0.1 + 0.2", sp.Rational(3, 10)),
    ("2.5e3", sp.Integer(2500)),
    ("1e-3", sp.Rational(1, 1000)),
    ("1E3", sp.Integer(1000)),
    ("x**0.5", sp.sqrt(x)),
    ("0.0", sp.Integer(0)),
    # whitespace, parentheses and arithmetic
    ("  x  +  1 ", x + 1),
    ("(((x)))", x),
    ("x/y/2", x / y / 2),
    ("x - y - 1", x - y - 1),
    ("2*(x + y)", 2 * (x + y)),
    ("x\n+ 1", x + 1),
    ("Max(x, y)", sp.Max(x, y)),
    ("Min(x, 0)", sp.Min(x, 0)),
    ("1000000000000", sp.Integer(10**12)),
    ("0**0", sp.Integer(1)),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED, ids=[t for t, _ in ACCEPTED])
def test_accepted_spelling(text: str, expected: sp.Expr) -> None:
    value = read(text)
    assert isinstance(value, sp.Basic)
    assert sp.simplify(value - expected) == 0
    assert value == expected


def test_declared_symbols_are_used_as_given() -> None:
    """The parser returns the caller's symbols (with their assumptions), not fresh ones."""
    value = read("lambda*exp(-lambda*x)")
    assert value.free_symbols == {lam, x}
    assert next(s for s in value.free_symbols if s.name == "lambda").is_positive


def test_unary_minus_binds_looser_than_power() -> None:
    assert read("-x**2") == -(x**2)
    assert read("-x**2") != (-x) ** 2
    assert read("-2**2") == -4


def test_decimal_is_exact_rational() -> None:
    assert read("0.5") == sp.Rational(1, 2)
    assert isinstance(read("0.5"), sp.Rational)
    assert not read("0.1").is_Float
    assert read("0.1") == sp.Rational(1, 10)


def test_e_is_euler_number_and_pi_is_pi() -> None:
    assert read("e") is sp.E
    assert read("pi") is sp.pi
    assert read("log(e)") == 1


def test_long_minus_run_is_not_a_recursion_problem() -> None:
    assert read("-" * 4000 + "x") == x
    assert read("-" * 4001 + "x") == -x


# ---------------------------------------------------------------------------------------- refused

REFUSED = [
    # (text, fragments the message must contain)
    ("foo", ["unknown name 'foo'", "column 1"]),
    ("x + foo", ["unknown name 'foo'", "column 5"]),
    ("lambda * sigma", ["unknown name 'sigma'", "column 10"]),
    ("__import__('os').system('echo hi')", ["'__import__'", "column 1", "not allowed"]),
    ("().__class__", ["attribute access", "column 3"]),
    ("x.real", ["attribute access", "column 2"]),
    ("x..y", ["attribute access", "column 2"]),
    ("'abc'", ["strings are not allowed", "column 1"]),
    ('x + "abc"', ["strings are not allowed", "column 5"]),
    ("__x", ["'__x'", "column 1", "not allowed"]),
    ("x + __class__", ["'__class__'", "column 5"]),
    ("lambda x: x", ["unexpected character ':'", "column 9"]),
    ("lambda: 1", ["unexpected character ':'", "column 7"]),
    ("9**9**9**9", ["exponent tower", "column 8"]),
    ("x^(x^(x^(x^x)))", ["exponent tower", "column 8"]),  # parenthesised, it is as high
    ("e^(-(x^(2^x)^2))", ["exponent tower", "column 10"]),
    ("9**9**9", ["exponent", "too large", "column 2"]),
    ("x**1001", ["exponent 1001", "too large"]),
    ("x**(2**10)", ["exponent 1024", "too large"]),
    ("((2**10)**100)**100", ["too many digits", "column 15"]),
    ("factorial(100000)", ["argument of factorial", "too large", "column 1"]),
    ("gamma(10**6)", ["argument of gamma", "too large", "column 1"]),
    ("x*gamma(10**6)", ["argument of gamma", "column 3"]),
    ("binomial(2000, 3)", ["argument of binomial", "too large"]),
    ("beta(1001, 2)", ["argument of beta", "too large"]),
    ("1" * 20, ["integer 1111", "too large", "column 1"]),
    ("x + 12345678901234567890", ["too large", "column 5"]),
    ("00000000000000000000001e400", ["too large"]),
    ("1e400", ["number 1e400", "too large", "column 1"]),
    ("1e-400", ["number 1e-400", "too small", "column 1"]),
    ("1e-13", ["too small", "column 1"]),
    ("3.14159265358979323846", ["too large or too long", "column 1"]),
    ("(" * 100 + "x" + ")" * 100, ["nested too deeply", "column"]),
    ("exp(" * 100 + "x" + ")" * 100, ["nested too deeply", "column"]),
    ("1/0", ["division by zero", "column 2"]),
    ("x/(x - x)", ["division by zero", "column 2"]),
    ("x/0.0", ["division by zero", "column 2"]),
    ("log(0)", ["log", "column 1", "undefined"]),
    ("gamma(0)", ["gamma", "column 1", "undefined"]),
    ("x*0**-1", ["power", "column 4", "undefined"]),
    ("log(x, 1)", ["log", "column 1", "undefined"]),
    ("tan(pi/2)", ["tan", "column 1", "undefined"]),
    ("loggamma(0)", ["loggamma", "column 1", "infinite"]),
    ("x*loggamma(-1)", ["loggamma", "column 3", "infinite"]),
    ("(x", ["expected ')'", "end of text", "column 3"]),
    ("x)", ["found ')'", "column 2"]),
    ("exp(x", ["expected ')'", "column 6"]),
    ("((x)", ["expected ')'", "column 5"]),
    ("", ["empty"]),
    ("   ", ["empty"]),
    ("x +", ["end of text", "column 4"]),
    ("x*", ["end of text", "column 3"]),
    ("x**", ["end of text", "column 4"]),
    ("x^", ["end of text", "column 3"]),
    ("x ** ** 2", ["found '**'", "column 6"]),
    ("exp", ["function 'exp'", "argument list", "column 1"]),
    ("exp()", ["exp", "argument", "column 1"]),
    ("exp(x, y)", ["exp", "argument", "column 1"]),
    ("max(x, 1)", ["unknown function 'max'", "column 1"]),
    ("Sum(x, (x, 1, 2))", ["unknown function 'Sum'", "column 1"]),
    ("x[1]", ["indexing", "column 1"]),
    ("x == 1", ["found '='", "column 3"]),
    ("x < 1", ["found '<'", "column 3"]),
    ("x, y", ["found ','", "column 2"]),
    ("log((x, y))", ["tuple", "column 1"]),
    ("(1, 2)", ["tuple"]),
    ("(1, 2)*x", ["tuple", "column 7"]),
    ("x + (1, 2)", ["tuple", "column 3"]),
    ("(10**12)**800*x", ["too many digits", "column 9"]),
    ("factorial(1000)*factorial(1000)", ["too many digits", "column 16"]),
    ("x; y", ["unexpected character ';'", "column 2"]),
    ("x @ y", ["unexpected character '@'", "column 3"]),
    ("λ*x", ["unexpected character 'λ'", "column 1"]),
    ("x $ 1", ["unexpected character '$'", "column 3"]),
    ("x y", ["found 'y'", "column 3"]),
    ("oo", ["unknown name 'oo'"]),
    ("nan", ["unknown name 'nan'"]),
]


@pytest.mark.parametrize(("text", "fragments"), REFUSED, ids=[t[:30] for t, _ in REFUSED])
def test_refused_with_a_message_naming_what_and_where(text: str, fragments: list[str]) -> None:
    with pytest.raises(ParseError) as info:
        read(text)
    message = str(info.value)
    assert "\n" not in message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_message_names_the_input() -> None:
    """The `what` argument (density, support, --known m) is in the message, so a user knows which input."""
    with pytest.raises(ParseError, match=r"^density: unknown name 'foo' at column 1"):
        parse_formula("foo", SYMBOLS, "density")
    with pytest.raises(ParseError, match=r"^--known m: unknown name 'abc' at column 1"):
        parse_formula("abc", {}, "--known m")
    with pytest.raises(ParseError, match=r"^density is empty"):
        parse_formula("", SYMBOLS, "density")


def test_text_over_ten_kilobytes_is_refused() -> None:
    text = "+".join(["x"] * (MAX_TEXT_BYTES // 2 + 1))
    assert len(text.encode()) > MAX_TEXT_BYTES
    with pytest.raises(ParseError, match=r"longer than 10000 bytes"):
        read(text)
    # multi-byte characters count as bytes
    with pytest.raises(ParseError, match=r"longer than 10000 bytes"):
        read("λ" * 5001)


def test_text_just_under_the_limit_is_read() -> None:
    text = "+".join(["x"] * 4000)
    assert len(text.encode()) < MAX_TEXT_BYTES
    assert read(text) == 4000 * x


EXPENSIVE = [
    "9**9**9**9",
    "9^9^9^9",
    "(9**9)**(9**9)",
    "factorial(100000)",
    "factorial(factorial(10))",
    "gamma(10**6)",
    "10**1000**1000",
    "2**(10**12)",
    "1e-999999999",
    "1e999999999",
    "0e-999999999*x + 1",
    "(" * 5000 + "x" + ")" * 5000,
    "-" * 9000 + "x",
    "x" + "**x" * 3000,
    "x" + "+x" * 4900,
    "x" + "*x" * 3300,
    "+".join(f"x**{k}" for k in range(1, 1000)),
    "*".join(["9"] * 3500),
    "factorial(1000)*factorial(1000)",
    "(10**12)**240*(10**12)**240",
]


@pytest.mark.parametrize("text", EXPENSIVE, ids=[f"{t[:25]}..len{len(t)}" for t in EXPENSIVE])
def test_expensive_text_is_refused_or_read_quickly(text: str) -> None:
    start = time.monotonic()
    try:
        read(text)
    except ParseError:
        pass
    assert time.monotonic() - start < 2.0


HUGE = [
    "9**9**9**9",
    "factorial(100000)",
    "gamma(10**6)",
    "1e-999999999",
    "9" * 5000,
    "(10**12)**800*x",
    "factorial(1000)*factorial(1000)",
    "x/((10**12)**240*(10**12)**240)",
]


@pytest.mark.parametrize("text", HUGE, ids=[t[:25] for t in HUGE])
def test_huge_numbers_are_refused_quickly(text: str) -> None:
    start = time.monotonic()
    with pytest.raises(ParseError):
        read(text)
    assert time.monotonic() - start < 1.0


@pytest.mark.parametrize("value", [None, 3, 1.5, b"x", ["x"]])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(ParseError, match="must be text"):
        parse_formula(value, SYMBOLS)  # type: ignore[arg-type]


def test_zero_in_any_notation() -> None:
    assert read("0e-999999999") == 0
    assert read("0.000") == 0


@pytest.mark.parametrize("text", ["1e-3100012345678901234", "1e99999999999999999999"])
def test_an_exponent_beyond_any_range_is_refused(text: str) -> None:
    with pytest.raises(ParseError, match="too"):
        read(text)


# ---------------------------------------------------------------------------------------- no eval


def test_parsing_never_calls_eval_or_exec(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval/exec was called")

    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert read("lambda*exp(-lambda*x)") == lam * sp.exp(-lam * x)
    assert read("gamma(alpha)*beta**alpha*x**(alpha-1)*exp(-beta*x)") == (
        sp.gamma(alpha) * beta_**alpha * x ** (alpha - 1) * sp.exp(-beta_ * x)
    )
    assert read("binomial(m, x)*theta^x*(1 - theta)^(m - x)") == sp.binomial(m, x) * theta**x * (1 - theta) ** (m - x)
    assert read("-0.5*log(2*pi*sigma2) - (x - mu)**2/(2*sigma2)") == (
        -sp.log(2 * sp.pi * sigma2) / 2 - (x - mu) ** 2 / (2 * sigma2)
    )
    assert parse_expression("Sum(x[i], (i, 1, n))/n") == sp.Sum(
        sp.IndexedBase("x")[sp.Symbol("i")], (sp.Symbol("i"), 1, sp.Symbol("n"))
    ) / sp.Symbol("n")
    with pytest.raises(ParseError):
        read("__import__('os').system('echo hi')")


# ---------------------------------------------------------------------------------------- fuzz

TOKENS = [
    "x", "y", "lambda", "mu", "gamma", "beta", "alpha", "e", "pi", "foo", "__class__", "oo",
    "exp", "log", "ln", "sqrt", "gamma(", "beta(", "factorial(", "binomial(", "Max(", "sin(",
    "0", "1", "2", "9", "0.5", "1e-3", "1e400", "10", "1000", "12345678901234", ".",
    "+", "-", "*", "/", "**", "^", "(", ")", ",", "[", "]", "{", "}", "<", ">", "=", "...",
    " ", "'", ":", ";", "@", "λ", "\n",
]  # fmt: skip


def _check_outcome(text: str) -> None:
    try:
        value = read(text)
    except ParseError as exc:
        message = str(exc)
        assert message and "\n" not in message
        return
    assert isinstance(value, sp.Basic)
    assert not isinstance(value, sp.Tuple)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=string.printable + "λ√²", max_size=60))
def test_fuzz_printable_text(text: str) -> None:
    _check_outcome(text)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=25))
def test_fuzz_token_sequences(tokens: list[str]) -> None:
    _check_outcome("".join(tokens))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_fuzz_any_unicode(text: str) -> None:
    _check_outcome(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS + ["x[", "i", "n", "Sum(", "Max(x)", "(i, 1, n)"]), max_size=25))
def test_fuzz_parse_expression(tokens: list[str]) -> None:
    try:
        value = parse_expression("".join(tokens))
    except ParseError:
        return
    assert isinstance(value, sp.Basic)


# ---------------------------------------------------------------------------------------- read-back
# (the printer's round trips are in tests/algebra/test_printing.py)


def test_parse_expression_structure() -> None:
    i, n, j = sp.symbols("i n j")
    xb = sp.IndexedBase("x")
    assert symle.parse_expression("Sum(x[i], (i, 1, n))/n") == sp.Sum(xb[i], (i, 1, n)) / n
    assert symle.parse_expression("n/Sum(x[i], (i, 1, n))") == n / sp.Sum(xb[i], (i, 1, n))
    inner = sp.Sum(xb[j], (j, 1, n)) / n
    assert symle.parse_expression("Sum((x[i] - Sum(x[j], (j, 1, n))/n)**2, (i, 1, n))/n") == (
        sp.Sum((xb[i] - inner) ** 2, (i, 1, n)) / n
    )
    assert type(symle.parse_expression("Max(x)")).__name__ == "SampleMax"
    assert type(symle.parse_expression("Min(x)")).__name__ == "SampleMin"
    assert type(symle.parse_expression("Median(x)")).__name__ == "SampleMedian"
    # two arguments: the ordinary Max
    assert symle.parse_expression("Max(x, 1)") == sp.Max(sp.Symbol("x"), 1)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("x[i", "expected ']'"),
        ("Sum(x[i])", "needs (index, lower, upper) limits"),
        ("Sum(x[i], i)", "needs (index, lower, upper) limits"),
        ("foo(x)", "unknown function 'foo'"),
        ("__import__('os')", "not allowed"),
        ("x.real", "attribute access"),
        ("", "empty"),
    ],
)
def test_parse_expression_refusals(text: str, fragment: str) -> None:
    with pytest.raises(ParseError) as info:
        symle.parse_expression(text)
    assert fragment in str(info.value)
