"""The tree shows the design (shared/design.md): imports point inward only, from the channels to
the core to the pure layers and the knowledge code; no import cycle; the core knows no channel;
only the settings read the environment; no module grows past a size a reader can hold."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"
MAX_LINES = 300

# Each package may import itself and the layers to its right, never one to its left.
LAYERS = [
    {"bot.cli", "bot.__main__"},
    {"bot.channels"},
    {"bot.core"},
    {"bot.logic", "bot.text", "bot.shield", "bot.render", "bot.store"},
    {"bot.kb"},
    {"bot.paths", "bot.settings", "bot"},
]


def module_name(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The modules a file imports (relative imports resolved), bot's own and others."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            if node.module:  # `from . import interview` imports the module, not its package's names
                found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return found


MODULES = {module_name(p): p for p in BOT.rglob("*.py")}
GRAPH = {name: {i for i in imports_of(path) if i in MODULES and i != name} for name, path in MODULES.items()}


def layer_of(module: str) -> int:
    for i, layer in enumerate(LAYERS):
        if any(module == top or module.startswith(top + ".") for top in layer if top != "bot") or module in layer:
            return i
    raise AssertionError(f"{module} is in no layer")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_inward(module):
    own = layer_of(module)
    for imported in GRAPH[module]:
        assert layer_of(imported) >= own, f"{module} (layer {own}) imports {imported} (layer {layer_of(imported)})"


def test_there_is_no_import_cycle():
    seen: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        seen[module] = 1
        for imported in sorted(GRAPH[module]):
            if seen.get(imported) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(imported):] + [imported]))
            if imported not in seen:
                visit(imported, path + [imported])
        seen[module] = 2

    for module in sorted(GRAPH):
        if module not in seen:
            visit(module, [module])


def test_the_pure_layers_import_no_store_render_or_channel():
    for module, imported in GRAPH.items():
        if module.startswith("bot.logic"):
            assert all(i.startswith(("bot.logic", "bot.kb.schema", "bot.kb.languages")) for i in imported), (module, imported)
        if module.startswith("bot.store"):
            assert all(i.startswith("bot.store") for i in imported), (module, imported)


def test_only_the_telegram_channel_imports_telegram():
    for module, path in MODULES.items():
        external = {i.split(".")[0] for i in imports_of(path)}
        if "telegram" in external:
            assert module.startswith("bot.channels.telegram"), module


def test_only_the_settings_read_the_environment():
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        reads = [node.lineno for node in ast.walk(tree)
                 if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                 and node.value.id == "os" and node.attr in ("environ", "getenv")]
        if module != "bot.settings":
            assert not reads, f"{module} reads the environment on lines {reads}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_too_long_to_read(module):
    lines = len(MODULES[module].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{module}: {lines} lines"
