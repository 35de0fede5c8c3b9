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
