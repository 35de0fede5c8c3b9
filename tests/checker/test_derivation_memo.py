"""What the checker remembers per derivation (symle.checker.memo): keyed by the derivation itself, so
a class's files share it and two models never do, even when one's id is reused after it is freed."""

from __future__ import annotations

from symle.checker.memo import per_derivation


class Derivation:
    def __init__(self, name: str) -> None:
        self.name = name


def test_remembered_per_derivation_and_arguments():
    calls: list[tuple[str, str]] = []

    @per_derivation
    def expected(derivation: Derivation, kind: str) -> str:
        calls.append((derivation.name, kind))
        return f"{derivation.name}:{kind}"

    normal, poisson = Derivation("normal"), Derivation("poisson")
    assert [expected(normal, "mle"), expected(normal, "mle"), expected(poisson, "mle")] == [
        "normal:mle",
        "normal:mle",
        "poisson:mle",
    ]
    assert expected(normal, "fisher") == "normal:fisher"
    assert calls == [("normal", "mle"), ("poisson", "mle"), ("normal", "fisher")]


def test_a_reused_id_is_never_a_hit():
    @per_derivation
    def name_of(derivation: Derivation) -> str:
        return derivation.name

    for k in range(50):  # new objects: each its own answer, never an earlier one's (the memo keeps
        derivation = Derivation(str(k))  # each remembered one alive, so no id is reused while remembered)
        assert name_of(derivation) == str(k)
        del derivation


def test_the_files_timeout_gives_the_derivation_more_time(monkeypatch):
    """`symle check --timeout 120` must not leave the model's derivation at 10 s: a slow model on a busy
    machine is then read, not refused (it has a quarter of the file's budget, 10 s at least)."""
    import symle.checker as checker
    from symle.model.spec import ModelSpec

    budgets: list[float] = []
    monkeypatch.setattr(checker, "_DERIVATIONS", {})
    monkeypatch.setattr(checker, "derive", lambda spec, options: budgets.append(options.timeout) or spec)
    for seconds, spec in ((120.0, "exponential"), (40.0, "poisson"), (12.0, "normal")):
        checker._derivation(ModelSpec(spec), seconds)
    assert budgets == [30.0, 10.0, 10.0]
