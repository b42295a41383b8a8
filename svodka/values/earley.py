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
from yargy.parser import Chart, Column, Match, State, prepare_match, prepare_trees
from yargy.predicates.bank import CustomPredicate, caseless, eq, in_, in_caseless
from yargy.rule.bnf import is_rule
from yargy.span import resolve_spans
from yargy.tree.constructors import Leaf, Node

from svodka.values.interpret import Plan, Untraceable, fact_of

CACHE_SIZE = 50_000  # entries in each of the parser's caches, cleared when full


class _State(State):
    """yargy's chart state with a cheaper hash (the same fields: the Earley item and its tree)."""

    __slots__ = ()

    def __hash__(self):
        return hash((id(self.rule), id(self.production), self.dot_index, self.start_column.index,
                     self.stop_column.index, tuple(map(id, self.node.children))))


class _Column(Column):
    """yargy's chart column, its dedup key built inline (no ``hash(state)`` call per state) and
    rules told from terminals by a set of rule ids."""

    def __init__(self, index, token, rule_ids):
        super().__init__(index, token)
        self.rule_ids = rule_ids

    def append(self, state):
        key = (id(state.rule), id(state.production), state.dot_index, state.start_column.index,
               tuple(map(id, state.node.children)))
        if key in self.hashes:
            return
        self.hashes.add(key)
        self.states.append(state)
        terms = state.production.terms
        if state.dot_index < len(terms):
            term = terms[state.dot_index]
            if id(term) in self.rule_ids:
                self.states_index[id(term)].append(state)


class FastParser(Parser):
    """yargy's Earley parser with two tokens of lookahead, runs of accepted words parsed apart,
    and their results cached by signature (see the module's docstring)."""

    def __init__(self, rule, tokenizer=None):
        super().__init__(rule, tokenizer=tokenizer)
        self._first: dict[int, list[tuple]] = {}
        self._predicted: dict[tuple, tuple] = {}
        self._accepts: dict[tuple, frozenset] = {}
        self._results: dict[tuple, tuple] = {}
        self._prepare(self.rule)
        self._literals()

    # -- the grammar, once -----------------------------------------------------------------------
    def _prepare(self, root) -> None:
        rules, todo = {}, [root]
        while todo:
            rule = todo.pop()
            if id(rule) not in rules:
                rules[id(rule)] = rule
                todo.extend(t for p in rule.productions for t in p.terms if is_rule(t))
        self._rule_ids = frozenset(rules)
        self._terminals = {id(t): t for rule in rules.values() for p in rule.productions
                           for t in p.terms if not is_rule(t)}

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
        for key, rule in rules.items():
            entries = []
            for index, production in enumerate(rule.productions):
                pairs = seq2(production.terms)
                empty = () in pairs
                singles = frozenset(x[0] for x in pairs if len(x) == 1)
                follow: dict[int, set] = {}
                for x in pairs:
                    if len(x) == 2:
                        follow.setdefault(x[0], set()).add(x[1])
                entries.append((index, production, empty, singles,
                                {k: frozenset(v) for k, v in follow.items()}))
            self._first[key] = entries

    def _literals(self) -> None:
        """The terminals that compare a word with literal strings, indexed by those strings, so a
        new word asks only the rest (``custom`` predicates, compositions) one by one."""
        exact: dict[str, set] = {}
        lower: dict[str, set] = {}
        others = []
        for key, pred in self._terminals.items():
            if type(pred) in (eq, caseless):
                (exact if type(pred) is eq else lower).setdefault(pred.value, set()).add(key)
            elif type(pred) in (in_, in_caseless) and all(isinstance(v, str) for v in pred.value):
                for value in pred.value:
                    # in_caseless keeps its set as given and lowers the word: «Млн» in {"млн"}
                    (exact if type(pred) is in_ else lower).setdefault(value, set()).add(key)
            else:
                others.append((key, pred))
        self._exact = {k: frozenset(v) for k, v in exact.items()}
        self._lower = {k: frozenset(v) for k, v in lower.items()}
        # ``custom`` predicates grouped by function: one call answers for every place it is used
        customs: dict[tuple, list] = {}
        self._composed = []
        for key, pred in others:
            if type(pred) is CustomPredicate:
                types = tuple(pred.types) if pred.types else None
                customs.setdefault((pred.function, types), []).append(key)
            else:
                self._composed.append((key, pred))
        self._customs = [(fn, types, frozenset(keys)) for (fn, types), keys in customs.items()]
        self._by_type: dict[str, list] = {}

    def _customs_for(self, token_type: str) -> list:
        """The custom predicates that may accept a token of this type (yargy's ``types=``)."""
        out = self._by_type.get(token_type)
        if out is None:
            out = self._by_type[token_type] = [(fn, keys) for fn, types, keys in self._customs
                                               if types is None or token_type in types]
        return out

    def _accepted(self, token) -> frozenset:
        """The grammar's terminals that accept the token, by id. A token's type and text settle
        every predicate, so this is worked out once per distinct word."""
        key = (token.type, token.value)
        out = self._accepts.get(key)
        if out is None:
            value = token.value
            out = set(self._exact.get(value, ()))
            out.update(self._lower.get(value.lower(), ()))
            for fn, keys in self._customs_for(token.type):
                if fn(value):
                    out.update(keys)
            out.update(k for k, pred in self._composed if pred(token))
            out = frozenset(out)
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
        accepted, root = self._accepted, self.rule
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
            while i < j and not self._productions(root, signature[i], signature[i + 1] if i + 1 < j else None):
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
                plans = tuple(Plan(m.tree, places) for m in matches)
            except Untraceable:
                return [(m.span.start, m.span.stop, fact_of(m.tree)) for m in matches]
            if len(self._results) > CACHE_SIZE:
                self._results.clear()
            self._results[signature] = plans
        return [plan(tokens) for plan in plans]

    def _parse(self, tokens: list, signature: tuple) -> list[Match]:
        chart = self.chart(tokens, signature)
        try:
            # the longest non-overlapping matches, as yargy picks them, the spans settled before
            # any tree is normalized (yargy normalizes every candidate first)
            trees: dict = {}
            for tree in sorted(prepare_trees(chart.matches(self.rule))):
                trees.setdefault(tree.range, tree)
            out = []
            for span in resolve_spans(list(trees)):
                match = prepare_match(trees[span])
                if match:
                    out.append(match)
            return out
        finally:
            # columns hold states that point back at their columns: the cycles are broken here,
            # so the chart is freed at once rather than left to the garbage collector
            for column in chart.columns:
                column.states.clear()
                column.states_index.clear()

    # -- the chart -------------------------------------------------------------------------------
    def chart(self, tokens: list, signature: tuple | None = None) -> Chart:
        """yargy's Earley loop, unchanged in what it does, with the per-state work inlined and
        the words' accepted terminals (``signature``) read once."""
        if signature is None:
            signature = tuple(self._accepted(t) for t in tokens)
        rule_ids, root = self._rule_ids, self.rule
        chart = Chart([])
        chart.tokens = tokens
        columns = chart.columns = [_Column(0, None, rule_ids)] + [
            _Column(i, t, rule_ids) for i, t in enumerate(tokens, 1)]
        n = len(tokens)
        for i, column in enumerate(columns):
            # two tokens of lookahead: the next one and the one after it
            acc1 = signature[i] if i < n else None
            acc2 = signature[i + 1] if i + 1 < n else None
            next_column = columns[i + 1] if i < n else None
            self.predict(column, acc1, acc2, root)
            states = column.states
            j = 0
            while j < len(states):
                state = states[j]
                j += 1
                terms = state.production.terms
                if state.dot_index >= len(terms):
                    self.complete(column, state)
                    continue
                term = terms[state.dot_index]
                if id(term) in rule_ids:
                    self.predict(column, acc1, acc2, term)
                elif next_column is not None and id(term) in acc1:  # scan
                    leaf = Leaf(term, term.constrain(next_column.token))
                    next_column.append(_State(state.rule, state.production, state.dot_index + 1,
                                              state.start_column, next_column, state.node.attached(leaf)))
        return chart

    def _productions(self, rule, acc1, acc2) -> tuple:
        """The productions of a rule that may begin with the next two words' terminals (or are
        empty), as (rank, production)."""
        key = (id(rule), acc1, acc2)
        productions = self._predicted.get(key)
        if productions is None:
            productions = tuple((index, production) for index, production, empty, singles, follow
                                in self._first[id(rule)] if empty or self._begins(acc1, acc2, singles, follow))
            if len(self._predicted) > 6 * CACHE_SIZE:
                self._predicted.clear()
            self._predicted[key] = productions
        return productions

    def predict(self, column, acc1, acc2, rule):
        for index, production in self._productions(rule, acc1, acc2):
            column.append(_State(rule, production, 0, column, column,
                                 Node(rule, production, rank=index, children=[])))

    @staticmethod
    def _begins(acc1, acc2, singles, follow) -> bool:
        if acc1 is None:
            return False
        if not singles.isdisjoint(acc1):
            return True
        if acc2 is None:
            return False
        return any(not follow[a].isdisjoint(acc2) for a in acc1 if a in follow)

    def complete(self, column, completed):
        for state in completed.parents:
            column.append(_State(state.rule, state.production, state.dot_index + 1,
                                 state.start_column, column, state.node.attached(completed.node)))
