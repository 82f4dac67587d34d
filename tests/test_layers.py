"""The module layers of issue 10, read from the source with ast (nothing is imported):
- no module imports another app's views (the root URLconf, which wires every app's pages, aside);
- competitions, the lowest app, reaches no other app, not even through the project package's modules it uses;
- the module-level imports form no cycle;
- every function-level import says why it is one (a comment on its line or the line above)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("greencomp", "competitions", "quotas", "applications", "reviews", "notifications", "showcase", "portal")
ROOT_URLCONF = "greencomp.urls"


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(module: str) -> list[tuple[str, ast.stmt, bool]]:
    """(imported project module, node, at module level) for each import of the module."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top = set(map(id, tree.body))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name:
                found.append((name, node, id(node) in top or _in_type_checking(tree, node)))
    return found


def _in_type_checking(tree, node) -> bool:
    return False


def _app(module: str) -> str:
    return module.split(".")[0]


def _graph() -> dict[str, set[str]]:
    return {m: {name for name, _, top in _imports(m) if top and name != m} for m in MODULES}


def test_no_module_imports_another_apps_views():
    wrong = [f"{m} → {name}" for m in MODULES if m != ROOT_URLCONF for name, _, _ in _imports(m)
             if name.split(".")[-1].startswith("views") and _app(name) != _app(m)]
    assert wrong == []


def test_competitions_reaches_no_other_app():
    graph, reached, todo = _graph(), {}, [m for m in MODULES if _app(m) == "competitions"]
    for m in todo:
        reached.setdefault(m, m)
    while todo:
        m = todo.pop()
        for name in graph[m]:
            if name not in reached:
                reached[name] = m
                todo.append(name)
    others = sorted(f"{reached[m]} → {m}" for m in reached if _app(m) not in ("competitions", "greencomp"))
    assert others == []


def test_no_module_cycle():
    graph, index, low, stack, on_stack, cycles = _graph(), {}, {}, [], set(), []

    def visit(m):  # Tarjan's strongly connected components
        index[m] = low[m] = len(index)
        stack.append(m)
        on_stack.add(m)
        for n in graph[m]:
            if n not in index:
                visit(n)
                low[m] = min(low[m], low[n])
            elif n in on_stack:
                low[m] = min(low[m], index[n])
        if low[m] == index[m]:
            component = set()
            while True:
                n = stack.pop()
                on_stack.discard(n)
                component.add(n)
                if n == m:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for m in graph:
        if m not in index:
            visit(m)
    assert cycles == []


def test_every_function_level_import_says_why():
    bare = []
    for m, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for _name, node, top in _imports(m):
            if top:
                continue
            here, above = lines[node.lineno - 1], lines[node.lineno - 2] if node.lineno > 1 else ""
            if "#" not in here and not above.strip().startswith("#"):
                bare.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert sorted(set(bare)) == []
