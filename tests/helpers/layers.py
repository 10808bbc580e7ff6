"""What may import what in the package: read from the source (every import, at any depth).

The rules of ARCHITECTURE.md, checked on a tree of files so a test can also plant a forbidden
import in a copy and see it caught. Nothing is imported or run.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

LAYERS = ("domain", "core", "db", "documents", "ui")
#: Modules at the package root that every layer may use: they import only each other and domain.
BASE = ("loket", "loket.i18n", "loket.resources", "loket.datadir", "loket.logging_setup")
#: Entry points: they put the layers together and may import any of them.
ENTRY = (
    "loket.__main__",
    "loket.cli",
    "loket.cli_records",
    "loket.database_cli",
    "loket.demo",
    "loket.i18n_catalogue",
)
QT = ("PySide6", "shiboken6")
DRAWING = ("reportlab", "barcode")  # drawing papers: documents only
SPREADSHEETS = ("openpyxl",)  # read in core (kecamatan lists), written in documents
STORAGE = ("sqlalchemy", "alembic", "psycopg")  # the database: db and core only

#: What each layer may import from the package, besides itself and the base modules.
ALLOWED = {
    "domain": (),
    "db": ("domain",),
    "core": ("domain", "db"),
    "documents": ("domain", "core"),
    "ui": ("domain", "core", "documents"),
}
FORBIDDEN_LIBRARIES = {
    "domain": (*QT, *DRAWING, *SPREADSHEETS, *STORAGE),
    "db": (*QT, *DRAWING, *SPREADSHEETS),
    "core": (*QT, *DRAWING),
    "documents": (*QT, *STORAGE),
    "ui": (*DRAWING, *SPREADSHEETS, *STORAGE),
    "base": (*QT, *DRAWING, *SPREADSHEETS, *STORAGE),
}


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the importing module, "loket.core.intake.scanning"
    target: str  # what it imports, as a dotted name: "loket.db.models.Card", "PySide6.QtCore"
    line: int


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(root: Path) -> Iterator[Import]:
    """Every import statement of every module under `root` (the `loket` folder)."""
    for path in sorted(root.rglob("*.py")):
        module = module_name(root, path)
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield Import(module, alias.name, node.lineno)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    package = module.split(".")
                    keep = len(package) - node.level + (1 if is_package else 0)
                    base = ".".join([*package[:keep], *([base] if base else [])])
                for alias in node.names:
                    yield Import(
                        module, f"{base}.{alias.name}" if base else alias.name, node.lineno
                    )


def layer_of(module: str) -> str:
    """ "core", "ui", ...; "base" and "entry" for the modules at the package root."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    if module in ENTRY:
        return "entry"
    return "base"


def feature_of(module: str) -> str | None:
    """ "handover" for loket.core.handover.lookup; None for a layer's root modules."""
    parts = module.split(".")
    return parts[2] if len(parts) > 3 else None


def _starts(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _package_module(target: str, known: set[str]) -> str:
    """The module an imported name lives in: "loket.db.models" for "loket.db.models.Card"."""
    while target not in known and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def violations(root: Path) -> list[str]:
    """Every import against the rules, as "module:line imports target (why)"; [] when clean."""
    found = list(imports_of(root))
    known = {module_name(root, path) for path in root.rglob("*.py")}
    problems = []
    feature_edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for item in found:
        layer = layer_of(item.module)
        where = f"{item.module}:{item.line} imports {item.target}"
        if not item.target.startswith("loket"):
            banned = FORBIDDEN_LIBRARIES.get(layer, ())
            if _starts(item.target, banned):
                problems.append(f"{where} (no {item.target.split('.')[0]} in {layer})")
            elif item.module.endswith(".paper") and _starts(item.target, STORAGE):
                problems.append(f"{where} (a paper module holds plain data only)")
            elif item.module.endswith(".words") and _starts(item.target, STORAGE):
                problems.append(f"{where} (a words module says things; it reads nothing)")
            continue
        target = _package_module(item.target, known)
        target_layer = layer_of(target)
        if layer == "domain" and target_layer != "domain":
            problems.append(f"{where} (domain imports nothing else of the package)")
            continue
        if layer == "entry" or (target_layer == "base" and layer != "base"):
            continue
        if layer == "base":
            if target_layer not in ("base", "domain"):
                problems.append(f"{where} (the package's root modules use only domain)")
            continue
        if ".migrations." in item.module and item.module.split(".")[-2] == "versions":
            problems.append(f"{where} (a migration never imports live code)")
            continue
        if target_layer != layer and target_layer not in ALLOWED[layer]:
            problems.append(f"{where} ({layer} never imports {target_layer})")
            continue
        if layer == "documents" and target_layer == "core" and not target.endswith(".paper"):
            problems.append(f"{where} (documents take only the paper data of core)")
        paper = item.module.endswith(".paper")
        if target_layer == layer == "core" and paper and not target.endswith(".paper"):
            problems.append(f"{where} (a paper module imports only other paper modules)")
        if item.module.endswith(".words") and target_layer == "db":
            problems.append(f"{where} (a words module says things; it reads nothing)")
        mine, theirs = feature_of(item.module), feature_of(target)
        if target_layer == layer and mine and theirs and mine != theirs:
            feature_edges.setdefault((layer, mine), set()).add((theirs, where))
    problems += _feature_cycles(feature_edges)
    return problems


def _feature_cycles(edges: dict[tuple[str, str], set[tuple[str, str]]]) -> list[str]:
    """Two features of a layer that import each other, however indirectly: each cycle once."""
    graph: dict[tuple[str, str], dict[tuple[str, str], str]] = {}
    for (layer, feature), targets in edges.items():
        for other, where in sorted(targets):
            graph.setdefault((layer, feature), {}).setdefault((layer, other), where)
    cycles: list[str] = []
    seen: set[frozenset[tuple[str, str]]] = set()

    def walk(node: tuple[str, str], path: list[tuple[str, str]]) -> None:
        for nxt, where in graph.get(node, {}).items():
            if nxt == path[0]:
                members = frozenset(path)
                if members not in seen:
                    seen.add(members)
                    names = " -> ".join(f for _layer, f in [*path, nxt])
                    cycles.append(f"{node[0]} features import each other: {names} ({where})")
            elif nxt not in path and nxt > path[0]:
                walk(nxt, [*path, nxt])

    for start in sorted(graph):
        walk(start, [start])
    return cycles
