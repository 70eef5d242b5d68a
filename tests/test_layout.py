"""The house made plain: the import graph, one list of dimensions, short route functions."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

SRC = Path(__file__).resolve().parents[1] / "src" / "borderflow"


def _imports() -> dict[str, set[str]]:
    """module -> the borderflow modules it imports (anywhere in the file)."""
    graph: dict[str, set[str]] = {}
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names)
        graph[name] = {m for m in found if m.startswith("borderflow")} - {name}
    return graph


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def test_api_and_web_never_import_each_other() -> None:
    for module, targets in _imports().items():
        pkg = _package(module)
        if pkg == "borderflow.api":
            assert not {t for t in targets if _package(t) == "borderflow.web"}, module
        if pkg == "borderflow.web":
            assert not {t for t in targets if _package(t) == "borderflow.api"}, module


def test_no_import_cycle_in_store() -> None:
    graph = {m: {t for t in ts if t.startswith("borderflow.store.")}
             for m, ts in _imports().items() if m.startswith("borderflow.store.")}

    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(graph.get(start, ()))
        while todo:
            m = todo.pop()
            if m not in seen:
                seen.add(m)
                todo.extend(graph.get(m, ()))
        return seen

    assert [m for m in graph if m in reach(m)] == []


def test_src_holds_the_product_only() -> None:
    # every module is imported by another module of the package, or is an entry point
    graph = _imports()
    imported = {t for ts in graph.values() for t in ts}
    entry = {"borderflow", "borderflow.__main__", "borderflow.cli", "borderflow.server"}
    orphans = sorted(m for m in graph if m not in imported and m not in entry
                     and not any(t.startswith(m + ".") for t in imported))  # a package
    assert orphans == []


def test_functions_in_the_thin_layers_are_short() -> None:
    long = []
    for pkg in ("api", "web", "cli"):
        for path in (SRC / pkg).glob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > 60:
                        long.append(f"{path.name}:{node.name} ({length} lines)")
    assert long == []


def test_one_list_of_dimensions() -> None:
    from borderflow.api.schemas import GROUP_KEYS, GroupKey
    from borderflow.sources import DIMENSIONS
    from borderflow.store.query import GROUPABLE, TIME_KEYS

    assert get_args(GroupKey) == GROUP_KEYS == (*GROUPABLE, *TIME_KEYS)
    assert (*DIMENSIONS, "citizenship_group") == GROUPABLE
