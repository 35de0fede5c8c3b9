"""A message names its inputs by field; each edge words them (the command line as flags, a page as labels)."""

from __future__ import annotations

import pickle

import pytest

from symle.errors import ModelError, named, worded
from symle.flags import flag, said
from symle.serve.forms import label


def test_each_edge_words_the_input_its_own_way() -> None:
    error = ModelError(f"binomial needs a value for m: add {named('known')} m=VALUE", field="known")
    assert said(error) == "binomial needs a value for m: add --known m=VALUE"
    assert error.worded(label) == "binomial needs a value for m: add “Known values” m=VALUE"
    assert str(error) == "binomial needs a value for m: add known m=VALUE"
    assert flag("interval_censored") == "--interval-censored" and label("groups") == "groups"


def test_the_marks_travel_with_the_error_from_a_worker() -> None:
    error = pickle.loads(pickle.dumps(ModelError(f"{named('params')} a: the interval is empty", field="params")))
    assert said(error) == "--params a: the interval is empty" and error.field == "params"


def test_only_inputs_are_worded() -> None:
    with pytest.raises(ValueError, match="not an input"):
        named("nonsense")
    assert worded("⟨nonsense⟩ and ⟨known⟩", flag) == "⟨nonsense⟩ and --known"  # user text stays as typed
