"""Group indicators read off the density: a covariate beside its complement 1 − g is 0 or 1, and
every function of it is then linear in it (g² = g, g(1 − g) = 0), checked at g = 0 and g = 1."""

from __future__ import annotations

import pytest
import sympy as sp

from symle.model.indicators import by_group, cases, indicator_groups

y, g, h, t, a, b, c = sp.symbols("y g h t a b c", real=True)
lam, mu, s2 = sp.symbols("lambda mu sigma2", positive=True)


@pytest.mark.parametrize(
    ("density", "covariates", "groups"),
    [
        (sp.exp(-((y - a * (1 - g) - b * g) ** 2) / 2), (g,), ((g,),)),  # two means
        (lam**g * mu ** (1 - g) * sp.exp(-(lam + mu) * y), (g,), ((g,),)),  # Casella & Berger 7.14
        (sp.exp(-((y - a * (1 - g - h) - b * g - c * h) ** 2) / 2), (g, h), ((g, h),)),  # three groups
        (sp.exp(-((y - a - b * g) ** 2) / 2), (g,), ()),  # a real covariate: no complement
        (sp.exp(-((y - a * (1 - g)) ** 2) / 2), (g,), ()),  # 1 - g alone: g may be any real number
        ((lam * t) ** y * sp.exp(-lam * t), (t,), ()),  # exposure: positive, not an indicator
        (lam**g * mu ** (1 - g) * (lam * t) ** y * sp.exp(-lam * t), (g, t), ((g,),)),  # one of two
    ],
)
def test_the_groups_are_the_covariates_beside_their_complement(density, covariates, groups):
    assert indicator_groups(density, covariates) == groups


@pytest.mark.parametrize(
    ("expr", "groups"),
    [
        (-((y - a * (1 - g) - b * g) ** 2) / (2 * s2) - sp.log(2 * sp.pi * s2) / 2, ((g,),)),
        (y * sp.log(lam ** (1 - g) * mu**g) - lam ** (1 - g) * mu**g, ((g,),)),
        (-((y - a * (1 - g - h) - b * g - c * h) ** 2), ((g, h),)),
        (sp.exp(a * g) * sp.exp(b * h) + g * h, ((g,), (h,))),  # two indicators, each of its own group
    ],
)
def test_by_group_is_linear_in_the_indicators_and_equal_on_their_values(expr, groups):
    written = by_group(expr, groups)
    for group in groups:
        for first in group:
            for second in group:
                assert sp.diff(written, first, second) == 0  # g² = g, g h = 0 within a group: linear
    for values, _ in cases(groups):
        assert sp.simplify(written.xreplace(values) - expr.xreplace(values)) == 0


def test_the_cases_of_a_group_weigh_to_one():
    for groups in (((g,),), ((g, h),), ((g,), (h,))):
        assert sp.expand(sum(weight for _, weight in cases(groups))) == 1
