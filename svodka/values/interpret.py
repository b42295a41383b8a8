"""A match's fact without yargy's tree transformations, for trees the parser has seen before.

yargy turns a match into its fact by transforming the tree twice (keeping the interpreted nodes,
then interpreting them bottom up) and normalizing the result: a few dozen visitor calls per match.
What comes out depends on the tree's shape and, of its words, only on which words end up joined
into which attribute. So the parser traces that once per tree shape (``Plan``): the interpretation
runs over placeholders that stand for the words by their place in the run, and what each attribute
gets is written down as places. A run with the same signature builds the same tree (see
``earley.py``), and its fact is made by joining its own words at those places, as yargy's
``Chain.normalized`` joins them."""
from __future__ import annotations

from yargy.interpretation.interpretator import Chain, FactResult
from yargy.token import Token, join_tokens
from yargy.tree.constructors import Leaf, Node, Tree
from yargy.tree.transformators import InterpretationTransformator, KeepInterpretationNodesTransformator


class Untraceable(Exception):
    """The interpretation does something a plan does not record (normalizers, repeated
    attributes): such a tree is interpreted by yargy each time."""


class _Slot(Token):
    """A placeholder for the word at ``index`` in a run."""

    def __init__(self, index: int):
        super().__init__("", None, None)
        self.index = index


def interpreted(root):
    """The node whose interpretation is the match's fact: the root, or the one child of a root
    that is a bare choice of facts (the amounts' grammar has no root fact: one above its facts
    would cost the parser two more states at every word)."""
    if root.rule.interpretator is None and len(root.children) == 1:
        return root.children[0]
    return root


def fact_of(tree: Tree):
    """yargy's own way: the fact of a prepared match tree."""
    return Tree(interpreted(tree.root), tree.range).interpret().normalized


class Plan:
    """How a tree shape's span and fact are made from a run's words."""

    __slots__ = ("first", "last", "fact")

    def __init__(self, tree: Tree, places: dict[int, int]):
        """``tree``: a prepared match tree over a run; ``places``: id of each of the run's
        tokens -> its place in the run."""
        leaves = [leaf.token for leaf in tree.walk(types=Leaf)]
        self.first, self.last = places[id(leaves[0])], places[id(leaves[-1])]
        traced = Tree(interpreted(_slotted(tree.root, places)), tree.range).transform(
            KeepInterpretationNodesTransformator, InterpretationTransformator)
        self.fact = _compile(traced)

    def __call__(self, tokens: list) -> tuple:
        """(start, stop, fact) for a run's words, as yargy's ``Match.span`` and fact give them."""
        return tokens[self.first].span.start, tokens[self.last].span.stop, _make(self.fact, tokens)


def _slotted(node, places: dict[int, int]):
    if isinstance(node, Leaf):
        return Leaf(node.predicate, _Slot(places[id(node.token)]))
    return Node(node.rule, node.production, node.rank, [_slotted(c, places) for c in node.children])


def _compile(result) -> tuple:
    """A traced ``FactResult`` as (fact class, attributes left at their defaults, and for each
    attribute set: the places of its words, or the plan of the fact it holds)."""
    if not isinstance(result, FactResult):
        raise Untraceable(type(result).__name__)
    fact = result.fact
    if fact.repeatable:
        raise Untraceable("repeatable attributes")
    defaults = {key: value for key, value in fact.attributes.items() if key not in fact.modified}
    parts = []
    for key in fact.modified:
        value = fact.attributes[key]
        if isinstance(value, Chain) and all(isinstance(t, _Slot) for t in value.tokens):
            parts.append((key, tuple(t.index for t in value.tokens), None))
        elif isinstance(value, FactResult):
            parts.append((key, None, _compile(value)))
        else:
            raise Untraceable(type(value).__name__)
    return fact.scheme, defaults, tuple(parts)


def _make(plan: tuple, tokens: list):
    """``InterpretatorFact.normalized`` for a plan: the fact with its attributes' words joined."""
    scheme, defaults, parts = plan
    attributes = dict(defaults)
    for key, places, nested in parts:
        attributes[key] = join_tokens([tokens[i] for i in places]) if nested is None else _make(nested, tokens)
    return scheme(**attributes)
