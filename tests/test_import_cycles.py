"""No import cycles anywhere in voxpress: every module's imports, lazy ones inside functions included.

The graph is read from the source (``ast``), not by importing, so an import
inside a function or under ``TYPE_CHECKING`` counts as much as one at the top.
``from package import name`` points at the submodule ``package.name`` when there
is one, else at the package itself; a submodule's packages are imported with it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import voxpress

PACKAGE_ROOT = Path(voxpress.__file__).parent


def module_name(path: Path) -> str:
    parts = ["voxpress", *path.relative_to(PACKAGE_ROOT).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module → the voxpress modules it imports."""
    paths = sorted(PACKAGE_ROOT.rglob("*.py"))
    modules = {module_name(path): path for path in paths}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    submodule = f"{base}.{alias.name}"
                    targets.append(submodule if submodule in modules else base)
            for target in targets:
                while target and target not in modules:  # ``import a.b.c`` of a name inside a module
                    target = target.rpartition(".")[0]
                if target and target != name:
                    graph[name].add(target)
                # importing ``a.b.c`` runs the packages ``a`` and ``a.b`` first: an edge to each, but
                # for the importer's own packages (already running when it is imported)
                package = target.rpartition(".")[0]
                while package and package != "voxpress":
                    if package in modules and not f"{name}.".startswith(f"{package}."):
                        graph[name].add(package)
                    package = package.rpartition(".")[0]
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_lazy_and_relative_imports() -> None:
    graph = import_graph()
    assert "voxpress.narration.loop" in graph["voxpress.narration.calibration"]
    assert "voxpress.narration.curves" in graph["voxpress.narration"]
    assert "voxpress.voices.kokoro.cjk" in graph["voxpress.narration.curves"]  # imported inside a function


def test_no_module_of_voxpress_imports_itself_through_others() -> None:
    found = cycles(import_graph())
    assert found == []


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
