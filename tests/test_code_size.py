"""Modules a reader can hold in their head: none over 400 lines and no function over 50,
in the code and in the tests (migrations aside: they are written once and never read
as design)."""

import ast
from pathlib import Path

from django.conf import settings

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 50
ROOTS = ("articles", "reviews", "public", "api", "demo", "symptomsite", "tests", "bench", "examples", "deploy")


def python_files():
    base = Path(settings.BASE_DIR)
    for root in ROOTS:
        for path in sorted((base / root).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(base), path.read_text(encoding="utf-8")


def test_no_module_is_over_400_lines():
    long = [f"{path}: {n}" for path, text in python_files() if (n := len(text.splitlines())) > MAX_MODULE_LINES]
    assert long == []


def test_no_function_is_over_50_lines():
    long = [
        f"{path}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1}"
        for path, text in python_files()
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []
