"""yargy's Earley parser, made cheap for short stretches of news text.

It finds what ``yargy.Parser.findall`` finds (the same trees, the same longest non-overlapping
matches, the same facts) at a fraction of the cost:

- two tokens of lookahead: a rule's production is predicted only when the next tokens can begin it
  (FIRST2 sets, worked out once per grammar), where yargy predicts every production of the grammar
  at every token;
- what each terminal of the grammar says of a word is asked once per distinct word, the words
  looked up by value for the grammar's literal predicates (``eq``, ``caseless``, ``in_``);
- a word no terminal accepts splits the text: no match can run across it, and the chart on either
  side is the chart of that side alone, so each run of accepted words is parsed on its own;
- a run's result is cached under the terminals each of its words is accepted by (its *signature*):
  the parser looks at nothing else, so «в 2016 году» and «в 2017 году» build the same chart and
  the same trees, and the second only has its own words joined into the first one's facts
  (``interpret.Plan``).
"""
from __future__ import annotations

from yargy import Parser
from yargy.parser import Match, prepare_match
from yargy.predicates.bank import CustomPredicate, caseless, eq, in_, in_caseless
from yargy.predicates.constructors import OrPredicate
from yargy.rule.bnf import is_rule
from yargy.span import resolve_spans
from yargy.tree.constructors import Leaf, Node, Tree

from svodka.values.interpret import Plan, Untraceable, fact_of

CACHE_SIZE = 50_000  # entries in each of the parser's caches, cleared when full


class _Item:
    """An Earley item of the chart: yargy's ``State`` without its tree. The item keeps the one it
    was advanced from and what advanced it (a leaf, or the completed item of a rule), and builds
    yargy's ``Node`` only when a tree is asked for; a completed item's node is built once, so the
    trees that share it share it, as yargy's do. ``codes`` are its production's terms as the
    chart reads them (see ``FastParser._prepare``)."""

    __slots__ = ("rule", "r", "production", "terms", "codes", "dot", "start", "rank", "parent", "child",
                 "_node")

    def __init__(self, rule, r, production, codes, rank, start, dot=0, parent=None, child=None):
        self.rule, self.r, self.production, self.terms, self.codes = rule, r, production, production.terms, codes
        self.rank, self.start, self.dot, self.parent, self.child, self._node = rank, start, dot, parent, child, None

    def advanced(self, child) -> "_Item":
        return _Item(self.rule, self.r, self.production, self.codes, self.rank, self.start, self.dot + 1,
                     self, child)

    def node(self) -> Node:
        node = self._node
        if node is None:
            children, item = [], self
            while item.parent is not None:
                child = item.child
                children.append(child if isinstance(child, Leaf) else child.node())
                item = item.parent
            children.reverse()
            node = self._node = Node(self.rule, self.production, self.rank, children)
        return node


class LemmaIn:
    """A ``custom`` predicate's function: one of the word's lemmas (``lemmas(word)``) is among
    ``words``. The parser indexes these by lemma, so a new word's lemmas are looked up once for
    all of them instead of each asking in turn."""

    __slots__ = ("words", "lemmas", "__name__")

    def __init__(self, words, lemmas):
        self.words, self.lemmas, self.__name__ = frozenset(words), lemmas, "lemma_in"

    def __call__(self, value: str) -> bool:
        return not self.lemmas(value).isdisjoint(self.words)


class FastParser(Parser):
    """yargy's Earley parser with two tokens of lookahead, runs of accepted words parsed apart,
    and their results cached by signature (see the module's docstring)."""

    def __init__(self, rule, tokenizer=None):
        super().__init__(rule, tokenizer=tokenizer)
        self._predicted: dict[tuple, tuple] = {}
        self._accepts: dict[tuple, int] = {}
        self._results: dict[tuple, tuple] = {}
        self._prepare(self.rule)
        self._literals()

    # -- the grammar, once -----------------------------------------------------------------------
    def _prepare(self, root) -> None:
        """The grammar as the chart reads it. Rules are numbered and terminals are bits, so what
        a word is accepted by is one int and every set operation of the lookahead a bitwise one
        (sets of object ids would be hashed by address, and how well depends on where the
        grammar happened to be allocated). A production's ``codes``: a terminal's bit, or ``~r``
        for rule number r."""
        rules, todo = {}, [root]
        while todo:
            rule = todo.pop()
            if id(rule) not in rules:
                rules[id(rule)] = rule
                todo.extend(t for p in rule.productions for t in p.terms if is_rule(t))
        self._rules = list(rules.values())
        number = {key: r for r, key in enumerate(rules)}
        self._root = number[id(root)]
        self._relations = any(getattr(rule, "relation", None) for rule in self._rules)
        terminals = {id(t): t for rule in self._rules for p in rule.productions for t in p.terms if not is_rule(t)}
        self._terminals = [(1 << k, pred) for k, pred in enumerate(terminals.values())]
        bit = {id(pred): b for b, pred in self._terminals}

        # FIRST2: the pairs of terminals (by id) a production can begin with; shorter tuples
        # where it can end sooner. Worked out by fixed point, as for any LL(2) table.
        def concat(a: frozenset, b: frozenset) -> frozenset:
            out = set()
            for x in a:
                if len(x) >= 2:
                    out.add(x)
                else:
                    out.update((x + y)[:2] for y in b)
            return frozenset(out)

        f2: dict[int, frozenset] = {key: frozenset() for key in rules}

        def seq2(terms) -> frozenset:
            cur = frozenset({()})
            for term in terms:
                if all(len(x) >= 2 for x in cur):
                    break
                cur = concat(cur, f2[id(term)] if is_rule(term) else frozenset({(id(term),)}))
            return cur

        changed = True
        while changed:
            changed = False
            for key, rule in rules.items():
                new = frozenset().union(*(seq2(p.terms) for p in rule.productions))
                if new != f2[key]:
                    f2[key], changed = new, True
        self._first = []
        for rule in self._rules:
            entries = []
            for rank, production in enumerate(rule.productions):
                pairs = seq2(production.terms)
                singles = 0
                follow: dict[int, int] = {}
                for x in pairs:
                    if len(x) == 1:
                        singles |= bit[x[0]]
                    elif len(x) == 2:
                        follow[bit[x[0]]] = follow.get(bit[x[0]], 0) | bit[x[1]]
                codes = tuple(~number[id(t)] if is_rule(t) else bit[id(t)] for t in production.terms)
                entries.append((rank, production, codes, () in pairs, singles, tuple(follow.items())))
            self._first.append(entries)

    def _literals(self) -> None:
        """The terminals that compare a word with literal strings, indexed by those strings, so a
        new word asks only the rest (``custom`` predicates, compositions) one by one."""
        exact: dict[str, int] = {}
        lower: dict[str, int] = {}
        others = []

        def literal(pred) -> list | None:
            """(index, string) pairs that accept a word for a literal predicate, an ``or_`` of
            them included; None for any other."""
            if type(pred) in (eq, caseless):
                return [(exact if type(pred) is eq else lower, pred.value)]
            if type(pred) in (in_, in_caseless) and all(isinstance(v, str) for v in pred.value):
                # in_caseless keeps its set lowered and lowers the word: «Млн» in {"млн"}
                return [(exact if type(pred) is in_ else lower, v) for v in pred.value]
            if type(pred) is OrPredicate:
                parts = [literal(p) for p in pred.predicates]
                return None if any(p is None for p in parts) else [x for p in parts for x in p]
            return None

        for b, pred in self._terminals:
            entries = literal(pred)
            if entries is None:
                others.append((b, pred))
            for index, value in entries or ():
                index[value] = index.get(value, 0) | b
        self._exact, self._lower = exact, lower
        # ``custom`` predicates grouped by function: one call answers for every place it is used
        customs: dict[tuple, int] = {}
        by_lemma: dict = {}  # LemmaIn predicates: lemmas function -> lemma -> terminals
        self._composed = []
        for b, pred in others:
            if type(pred) is CustomPredicate and type(pred.function) is LemmaIn and not pred.types:
                index = by_lemma.setdefault(pred.function.lemmas, {})
                for word in pred.function.words:
                    index[word] = index.get(word, 0) | b
            elif type(pred) is CustomPredicate:
                key = (pred.function, tuple(pred.types) if pred.types else None)
                customs[key] = customs.get(key, 0) | b
            else:
                self._composed.append((b, pred))
        self._customs = [(fn, types, bits) for (fn, types), bits in customs.items()]
        self._by_lemma = list(by_lemma.items())
        self._by_type: dict[str, list] = {}

    def _customs_for(self, token_type: str) -> list:
        """The custom predicates that may accept a token of this type (yargy's ``types=``)."""
        out = self._by_type.get(token_type)
        if out is None:
            out = self._by_type[token_type] = [(fn, bits) for fn, types, bits in self._customs
                                               if types is None or token_type in types]
        return out

    def _accepted(self, token) -> int:
        """The grammar's terminals that accept the token, as bits. A token's type and text settle
        every predicate, so this is worked out once per distinct word."""
        key = (token.type, token.value)
        out = self._accepts.get(key)
        if out is None:
            value = token.value
            out = self._exact.get(value, 0) | self._lower.get(value.lower(), 0)
            for lemmas, index in self._by_lemma:
                for lemma in lemmas(value):
                    out |= index.get(lemma, 0)
            for fn, bits in self._customs_for(token.type):
                if fn(value):
                    out |= bits
            for b, pred in self._composed:
                if pred(token):
                    out |= b
            if len(self._accepts) > CACHE_SIZE:
                self._accepts.clear()
            self._accepts[key] = out
        return out

    # -- matches ---------------------------------------------------------------------------------
    def tokenize(self, text: str) -> list:
        return list(self.tagger(self.tokenizer(text)))

    def findall(self, text: str, tokens: list | None = None) -> list[tuple]:
        """yargy's ``findall``, as (start, stop, fact): the longest non-overlapping matches in
        text order, each with its span in the text and its fact. ``tokens``: the text's tokens,
        when the caller has them already."""
        if tokens is None:
            tokens = self.tokenize(text)
        accepted, root = self._accepted, self._root
        signature = [accepted(t) for t in tokens]
        out: list[tuple] = []
        i, n = 0, len(tokens)
        while i < n:
            if not signature[i]:
                i += 1
                continue
            j = i + 1
            while j < n and signature[j]:
                j += 1
            # a word no match can begin with leaves the run's first column empty, and the chart
            # of the rest is the chart of the rest alone: «, в декабре», «( в этом году»
            while i < j and not self._productions(root, signature[i], signature[i + 1] if i + 1 < j else 0):
                i += 1
            if i < j:
                out.extend(self._run(tokens[i:j], tuple(signature[i:j])))
            i = j
        return out

    def _run(self, tokens: list, signature: tuple) -> list[tuple]:
        """The matches in a run of accepted words: parsed, or made by the plans of the trees a
        run with the same signature was parsed into."""
        plans = self._results.get(signature)
        if plans is None:
            matches = self._parse(tokens, signature)
            places = {id(t): i for i, t in enumerate(tokens)}
            try:
                if self._relations:  # agreement reads the words' forms, which no signature holds
                    raise Untraceable("relations")
                plans = tuple(Plan(m.tree, places) for m in matches)
            except Untraceable:
                return [(m.span.start, m.span.stop, fact_of(m.tree)) for m in matches]
            if len(self._results) > CACHE_SIZE:
                self._results.clear()
            self._results[signature] = plans
        return [plan(tokens) for plan in plans]

    def _parse(self, tokens: list, signature: tuple) -> list[Match]:
        # the longest non-overlapping matches, as yargy picks them, the spans settled before any
        # tree is normalized (yargy normalizes every candidate first)
        trees: dict = {}
        for tree in sorted(self.trees(tokens, signature)):
            trees.setdefault(tree.range, tree)
        if self._relations:
            return [m for m in (prepare_match(trees[span]) for span in resolve_spans(list(trees))) if m]
        # without agreement relations yargy's ``prepare_match`` only normalizes the tree: its
        # relations graph is empty, always valid, and constrains no word
        return [Match(trees[span].normalized) for span in resolve_spans(list(trees))]

    # -- the chart -------------------------------------------------------------------------------
    def trees(self, tokens: list, signature: tuple | None = None) -> list[Tree]:
        """The trees of the root rule over every stretch of the tokens, in the order yargy's
        ``chart.matches`` gives them: yargy's Earley loop, the same states in the same order,
        with lighter states (see ``_Item``) and two words of lookahead."""
        if signature is None:
            signature = tuple(self._accepted(t) for t in tokens)
        rules, root, productions = self._rules, self._root, self._productions
        n = len(tokens)
        columns: list[list[_Item]] = [[] for _ in range(n + 1)]
        waiting: list[dict[int, list]] = [{} for _ in range(n + 1)]  # rule number -> items before it
        for i in range(n + 1):
            items, seen, wait = columns[i], set(), waiting[i]

            def add(item, key):
                if key in seen:
                    return
                seen.add(key)
                items.append(item)
                if item.dot < len(item.codes) and item.codes[item.dot] < 0:
                    wait.setdefault(~item.codes[item.dot], []).append(item)

            # two tokens of lookahead: the next one and the one after it
            acc1 = signature[i] if i < n else 0
            acc2 = signature[i + 1] if i + 1 < n else 0
            for rank, production, codes in productions(root, acc1, acc2):
                add(_Item(rules[root], root, production, codes, rank, i), (root, id(production)))
            j = 0
            while j < len(items):
                item = items[j]
                j += 1
                if item.dot >= len(item.codes):  # complete: the items that waited for its rule
                    for parent in waiting[item.start].setdefault(item.r, []):
                        add(parent.advanced(item), (id(parent), id(item)))
                    continue
                code = item.codes[item.dot]
                if code < 0:  # predict
                    r = ~code
                    for rank, production, codes in productions(r, acc1, acc2):
                        add(_Item(rules[r], r, production, codes, rank, i), (r, id(production)))
                elif acc1 & code:  # scan: a new leaf, never a duplicate
                    term = item.terms[item.dot]
                    scanned = item.advanced(Leaf(term, term.constrain(tokens[i])))
                    columns[i + 1].append(scanned)
                    if scanned.dot < len(scanned.codes) and scanned.codes[scanned.dot] < 0:
                        waiting[i + 1].setdefault(~scanned.codes[scanned.dot], []).append(scanned)
        return [Tree(item.node(), (item.start, i)) for i, items in enumerate(columns)
                for item in items if item.r == root and item.dot >= len(item.codes)]

    def _productions(self, r: int, acc1: int, acc2: int) -> tuple:
        """The productions of rule number r that may begin with the next two words' terminals (or
        are empty), as (rank, production, codes)."""
        key = (r, acc1, acc2)
        productions = self._predicted.get(key)
        if productions is None:
            productions = tuple((rank, production, codes) for rank, production, codes, empty, singles, follow
                                in self._first[r] if empty or _begins(acc1, acc2, singles, follow))
            if len(self._predicted) > 6 * CACHE_SIZE:
                self._predicted.clear()
            self._predicted[key] = productions
        return productions


def _begins(acc1: int, acc2: int, singles: int, follow: tuple) -> bool:
    """Whether a production may begin at the next word (terminals ``acc1``), the one after it
    having ``acc2``: it may end at the next word, or its first two terminals accept both."""
    if singles & acc1:
        return True
    return bool(acc2) and any(acc1 & first and acc2 & second for first, second in follow)
