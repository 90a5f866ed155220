"""The house's floors, checked from the code's own import statements (no module is run).

A module imports only from its own floor or the floors below it (README, *Architecture*);
there are no import cycles; no two modules share a name; no module grows past 800 lines,
and one past 600 says at its top why it is one piece."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Ground floor first. A module belongs to the first prefix that matches its dotted name.
FLOORS: list[tuple[str, ...]] = [
    (
        "briefmap.model",
        "briefmap.shipped",
        "briefmap.i18n",
        "briefmap.i18n_pages",
        "briefmap.i18n_evidence",
        "briefmap.errors",
        "briefmap.records",
        "briefmap.datafolder",
        "briefmap.vendor",
        "briefmap.decisions",
        "briefmap.event_review",
    ),
    ("briefmap.text",),
    ("briefmap.places",),
    ("briefmap.analysis",),
    ("briefmap.pipeline", "briefmap.resources"),
    ("briefmap.store",),
    (
        "briefmap.build",
        "briefmap.library",
        "briefmap.library_drafts",
        "briefmap.library_places",
        "briefmap.news",
    ),
    ("layers",),
    ("briefmap.present",),
    ("briefmap.cli", "briefmap.__main__"),
    ("ui", "pages", "dashboard"),
]
SOURCES = ["briefmap", "layers", "ui", "pages", "dashboard.py"]


def _modules() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for src in SOURCES:
        base = ROOT / src
        files = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for f in files:
            parts = list(f.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            out[".".join(parts)] = f
    return out


MODULES = _modules()


def _floor(name: str) -> int:
    if name == "briefmap":
        return 0  # the package's own __init__: a docstring
    for i, prefixes in enumerate(FLOORS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return i
    raise AssertionError(f"{name}: on no floor — add it to FLOORS in {Path(__file__).name}")


def _imports(name: str, path: Path) -> set[str]:
    """The project modules ``name`` imports, anywhere in the file (also inside functions)."""
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        else:
            continue
        for t in targets:
            while t and t not in MODULES:
                t = t.rpartition(".")[0]
            if t and t != name:
                found.add(t)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_every_module_has_a_floor():
    for name in MODULES:
        _floor(name)


def test_no_module_imports_from_a_floor_above_it():
    upward = [
        f"{a} (floor {_floor(a)}) imports {b} (floor {_floor(b)})"
        for a, deps in GRAPH.items()
        for b in deps
        if _floor(b) > _floor(a) and not b.startswith(a + ".")
    ]
    assert not upward, "\n".join(upward)


def test_the_core_never_imports_drawing_or_streamlit_code():
    core = [n for n in MODULES if _floor(n) <= _floor("briefmap.library")]
    for name in core:
        text = MODULES[name].read_text(encoding="utf-8")
        tree = ast.parse(text)
        mods = {
            a.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for a in node.names
        } | {
            (node.module or "").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and not node.level
        }
        assert not mods & {"streamlit", "folium", "layers", "ui"}, name


def test_there_are_no_import_cycles():
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> None:
        state[n] = 1
        stack.append(n)
        for m in sorted(GRAPH[n]):
            if n.startswith(m + "."):
                continue  # a package's module may use its own __init__'s names
            if state.get(m) == 1:
                raise AssertionError("cycle: " + " -> ".join([*stack[stack.index(m) :], m]))
            if m not in state:
                visit(m)
        stack.pop()
        state[n] = 2

    for n in sorted(GRAPH):
        if n not in state:
            visit(n)


def test_no_two_modules_share_a_name():
    names: dict[str, list[str]] = {}
    for name, path in MODULES.items():
        if path.name != "__init__.py":
            names.setdefault(path.stem, []).append(name)
    assert not {k: v for k, v in names.items() if len(v) > 1}


def test_no_big_rooms_without_a_reason():
    for name, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").count("\n")
        assert lines <= 800, f"{name}: {lines} lines"
        if lines > 600:
            head = path.read_text(encoding="utf-8")[:1500].lower()
            assert "one piece" in head, f"{name}: {lines} lines and its top does not say why"
