"""Two reading conventions the grammar alone cannot hold, applied to the parse tree before it is built.

1. A power after the bracketed argument of Γ or ψ raises the function's value: `\\Gamma(\\alpha)^n` is
   Γ(α)ⁿ, as every textbook (and symle's own output) writes it. A logarithm still takes the whole power,
   bracketed or not: `\\log (1-p)^{n-\\sum x_i}` is log((1 − p)^{n − Σ xᵢ}), as a likelihood's logarithm
   is written.
2. An unbracketed product `\\prod` takes the factors that carry its index and what comes between them;
   trailing factors free of the index stand outside it: `\\prod x_i^{\\alpha-1} e^{-\\beta\\sum x_i}` is
   (∏ x_i^{α−1}) · e^{−β Σ x_i}, as a reader takes it. (For a sum this changes nothing, by linearity.)
"""

from __future__ import annotations

from lark import Token, Tree

_FACTOR_CHAINS = ("imul", "mul", "div")
_POWERED = ("gamma", "digamma")  # functions whose bracketed value a following power raises


def apply_conventions(tree: Tree) -> Tree:
    """The tree with both conventions applied, bottom-up."""
    children = [apply_conventions(c) if isinstance(c, Tree) else c for c in tree.children]
    tree = Tree(tree.data, children, getattr(tree, "_meta", None))
    if tree.data == "func":
        return _function_power(tree)
    if tree.data == "bigop" and str(tree.children[0]) == "prod":
        return _product_scope(tree)
    return tree


def _function_power(tree: Tree) -> Tree:
    head, argument = tree.children[0], tree.children[-1]
    if str(head) not in _POWERED or not (isinstance(argument, Tree) and argument.data == "pow"):
        return tree
    base = argument.children[0]
    if not (isinstance(base, Tree) and base.data == "group" and _is(base.children[0], "LPAR")):
        return tree
    return Tree("pow", [Tree("func", [head, base]), *argument.children[1:]])


def _product_scope(tree: Tree) -> Tree:
    head, limits, body = tree.children
    index = _index_name(limits)
    factors = _factors(body, "imul")
    carrying = [k for k, (_, factor) in enumerate(factors) if _uses(factor, index)]
    if not carrying or carrying[-1] == len(factors) - 1:
        return tree
    inside, outside = factors[: carrying[-1] + 1], factors[carrying[-1] + 1 :]
    return _chain([("imul", Tree("bigop", [head, limits, _chain(inside)])), *outside])


def _factors(body: object, operation: str) -> list[tuple[str, object]]:
    """The factors of a chain of products and quotients, left to right, each with how it joins
    (`imul`: times, `div`: divided by)."""
    if isinstance(body, Tree) and body.data in _FACTOR_CHAINS:
        left, right = [c for c in body.children if not isinstance(c, Token)]
        joined = "div" if body.data == "div" else "imul"
        return [*_factors(left, operation), (joined, right)]
    return [(operation, body)]


def _chain(factors: list[tuple[str, object]]) -> object:
    result = factors[0][1]
    for operation, factor in factors[1:]:
        result = Tree(operation, [result, factor])
    return result


def _index_name(limits: Tree) -> str:
    lower = [t for t in limits.children if isinstance(t, Tree) and t.data in ("index_only", "index_range")]
    names = [c for c in lower[0].children if _is(c, "NAME")] if lower else []
    return str(names[0]) if names else "i"


def _uses(node: object, index: str) -> bool:
    """Whether the index occurs free in the subtree (a nested sum or product binds its own)."""
    if _is(node, "NAME"):
        return str(node) == index
    if not isinstance(node, Tree) or node.data == "bigop":
        return False
    return any(_uses(child, index) for child in node.children)


def _is(node: object, kind: str) -> bool:
    return isinstance(node, Token) and node.type == kind
