"""The student corpus (tests/homework/students/, graded by hand step by step; see tests/corpus.py):
the checker reads at least 97 % of the steps, never calls a step graded correct incorrect, and never
calls a step graded incorrect correct; the hint names the graded classic mistake."""

from __future__ import annotations

import pytest
from corpus import GROUPS, HELDOUT, describe, figures, files, grades, outcomes

READ_GOAL = 0.97
MIN_FILES = 60


@pytest.fixture(scope="module")
def results():
    return [outcome for path in files() for outcome in outcomes(path)]


def test_the_corpus_is_broad():
    paths = files()
    assert len(paths) >= MIN_FILES
    for group in GROUPS:
        assert sum(f"-{group}-" in p.name for p in paths) >= 15, group
    models = {p.name.split(f"-{g}-")[0] for p in paths for g in GROUPS if f"-{g}-" in p.name}
    assert len(models) >= 12, sorted(models)
    for path in paths:
        assert grades(path), f"{path.name} has no graded step"


def test_the_three_goals(results):
    table = figures(results)
    for name, figure in table.items():
        print(figure.line(name))
    everything = table["all"]
    misses = "\n".join(describe(m) for m in everything.misses)
    assert everything.read_share >= READ_GOAL, misses
    assert everything.false_incorrect == 0, misses
    assert everything.false_correct == 0, misses


def test_hints_name_the_graded_mistakes(results):
    wrong = [describe(o) for o in results if o.read and not o.hint_agrees]
    assert wrong == []


def test_the_held_out_round_of_sentences():
    """The round written for issue 23 (words around the mathematics, aligned environments, conditions,
    implications), held to the same three goals and to its graded hints."""
    paths = files(HELDOUT)
    assert len(paths) >= 30
    results = [outcome for path in paths for outcome in outcomes(path)]
    everything = figures(results)["all"]
    misses = "\n".join(describe(m) for m in everything.misses)
    assert everything.read_share >= READ_GOAL, misses
    assert everything.false_incorrect == 0, misses
    assert everything.false_correct == 0, misses
    assert [describe(o) for o in results if o.read and not o.hint_agrees] == []
