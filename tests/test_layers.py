"""The layers the import contracts enforce (pyproject.toml) hold for what imports cannot show:
every app is named in them, and no model is reached by name ("app.Model" in a foreign key,
apps.get_model) against them."""

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "dateline"
FIELD_TYPES = {
    "ForeignKey",
    "OneToOneField",
    "ManyToManyField",
    "ParentalKey",
    "ParentalManyToManyField",
}


def layer_of() -> dict[str, tuple[int, bool]]:
    """App label -> (its layer, counting from the top; whether its layer's apps may import
    each other: ':' between them rather than '|')."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    (layers,) = [c["layers"] for c in contracts if c["type"] == "layers"]
    found = {}
    for depth, layer in enumerate(layers):
        for name in layer.replace("|", ":").split(":"):
            found[name.strip().removeprefix("dateline.")] = (depth, ":" in layer)
    return found


def apps() -> set[str]:
    return {path.parent.name for path in PACKAGE.glob("*/apps.py")}


def app_of_label() -> dict[str, str]:
    """App label -> the app's folder, where they differ (`listings` keeps the label
    `sections` it had before the rename, with its tables and migrations)."""
    found = {}
    for path in PACKAGE.glob("*/apps.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == [
                "label"
            ]:
                found[node.value.value] = path.parent.name
    return found


def named_models(source: str) -> list[tuple[int, str]]:
    """(line, app label) of every model this module names as "app.Model" in a relation field
    or as apps.get_model("app", "Model")."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        args = [a.value for a in node.args if isinstance(a, ast.Constant)]
        if name in FIELD_TYPES:
            target = node.args[0] if node.args else None
            target = target or next((k.value for k in node.keywords if k.arg == "to"), None)
            if isinstance(target, ast.Constant) and isinstance(target.value, str):
                found.append((node.lineno, target.value.split(".")[0]))
        elif name == "get_model" and args and isinstance(args[0], str):
            found.append((node.lineno, args[0].split(".")[0]))
    return found


def against_the_layers(app: str, source: str, layers, folders=None) -> list[str]:
    own_depth, _ = layers[app]
    wrong = []
    for line, label in named_models(source):
        label = (folders or {}).get(label, label)
        if label == app or label not in layers:
            continue  # its own models, or another project's (wagtailcore, taggit)
        depth, open_siblings = layers[label]
        if depth < own_depth or (depth == own_depth and not open_siblings):
            wrong.append(f"{app}:{line} names a model of {label}")
    return wrong


def test_every_app_is_named_in_the_layers():
    assert apps() - {"demo"} <= set(layer_of())
    assert apps() == set(layer_of())


def test_no_model_is_named_against_the_layers():
    layers = layer_of()
    folders = app_of_label()
    wrong = []
    for path in sorted(PACKAGE.glob("*/**/*.py")):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] not in layers or {"tests", "migrations"} & set(parts):
            continue
        wrong += [
            f"{path.relative_to(REPO)}: {message}"
            for message in against_the_layers(parts[0], path.read_text(), layers, folders)
        ]
    assert wrong == []


def test_the_check_sees_a_reference_upwards_and_allows_one_downwards():
    layers = {"top": (0, False), "left": (1, False), "right": (1, False), "low": (2, False)}
    source = (
        "a = models.ForeignKey('top.Page', on_delete=models.CASCADE)\n"
        "b = apps.get_model('right', 'Thing')\n"
        "c = ParentalKey(to='low.Page', on_delete=models.CASCADE)\n"
        "d = apps.get_model('wagtailcore.Page')\n"
    )
    assert against_the_layers("left", source, layers) == [
        "left:1 names a model of top",
        "left:2 names a model of right",
    ]


def test_a_label_kept_through_a_rename_is_read_as_its_folder():
    assert app_of_label()["sections"] == "listings"
    layers = {"listings": (0, False), "articles": (1, False)}
    source = "a = models.ForeignKey('sections.EventPage', on_delete=models.CASCADE)\n"
    assert against_the_layers("articles", source, layers, {"sections": "listings"}) == [
        "articles:1 names a model of listings"
    ]
