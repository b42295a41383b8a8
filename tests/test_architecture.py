"""The layers of ARCHITECTURE.md, held by reading every module's imports (ast): an arrow only
points down, no stage reaches the pipeline, a store or a runner, no store does NLP, no backend
imports another, nothing imports the command line or the servers, and no module-level import
cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "svodka"

# Each layer and the layers it may import (itself included). Records are the bottom: the offset
# record, the document and the fact schema (declarations only, which a store and a server read).
RECORDS = "records"
ALLOWED = {
    RECORDS: {RECORDS},
    "stages": {RECORDS, "stages"},
    "pipeline": {RECORDS, "stages", "pipeline"},
    "scale": {RECORDS, "stages", "pipeline", "scale"},
    "store": {RECORDS, "store"},
    "kb": {RECORDS, "stages", "pipeline", "scale", "store", "kb"},
    # the command line is where svodka starts: `svodka serve` runs the web application (web, api)
    "cli": {RECORDS, "stages", "pipeline", "scale", "store", "kb", "cli", "api", "web"},
    "api": {RECORDS, "stages", "pipeline", "scale", "store", "kb", "api"},
    "web": {RECORDS, "stages", "pipeline", "scale", "store", "kb", "api", "web"},
    "facade": {RECORDS, "pipeline", "kb", "facade"},
}
STAGE_PACKAGES = {"read", "nlp", "values", "facts"}
RECORD_MODULES = {"svodka.span", "svodka.document", "svodka.facts.schema"}
BACKENDS = {"sqlite", "postgres"}


def layer(module: str) -> str:
    if module in RECORD_MODULES:
        return RECORDS
    parts = module.split(".")
    if len(parts) == 1:
        return "facade"
    top = parts[1]
    if top in STAGE_PACKAGES:
        return "stages"
    if top in ALLOWED:
        return top
    raise AssertionError(f"{module} belongs to no layer of ARCHITECTURE.md")


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """The svodka modules a file imports (``from svodka.x import y`` counts y when it is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "svodka"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "svodka":
            submodules = {f"{node.module}.{a.name}" for a in node.names} & MODULES
            found |= submodules
            if len(submodules) < len(node.names):  # a name defined in the module itself
                found.add(node.module)
    return found


FILES = sorted(PACKAGE.rglob("*.py"))
MODULES = {module_name(p) for p in FILES}


def test_every_module_belongs_to_a_layer():
    for m in MODULES:
        layer(m)


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    me = module_name(path)
    for target in imports(path):
        if target not in MODULES and target.rsplit(".", 1)[0] in MODULES:
            target = target.rsplit(".", 1)[0]  # a name imported from a module
        assert layer(target) in ALLOWED[layer(me)], f"{me} ({layer(me)}) imports {target} ({layer(target)})"
        mine, theirs = me.split("."), target.split(".")
        if len(mine) > 2 and len(theirs) > 2 and mine[1] == theirs[1] == "store":
            assert not (mine[2] in BACKENDS and theirs[2] in BACKENDS and mine[2] != theirs[2]), \
                f"backend {me} imports another backend: {target}"


def test_no_import_cycle_at_module_level():
    graph = {m: {t for t in imports(p, top_level_only=True) if t in MODULES and t != m}
             for p in FILES for m in [module_name(p)]}
    done, path = set(), []

    def visit(m: str) -> None:
        if m in path:
            raise AssertionError("import cycle: " + " → ".join(path[path.index(m):] + [m]))
        if m in done:
            return
        path.append(m)
        for t in sorted(graph.get(m, ())):
            visit(t)
        path.pop()
        done.add(m)

    for m in sorted(graph):
        visit(m)


def test_the_check_finds_a_forbidden_arrow(tmp_path):
    """The walk itself works: a stage importing the store is caught."""
    bad = tmp_path / "svodka" / "nlp" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("from svodka.store.records import Hit\nimport svodka.kb\n", encoding="utf-8")
    found = imports(bad)
    assert {"svodka.store.records", "svodka.kb"} <= found
    assert not {layer(t) for t in found} <= ALLOWED["stages"]
