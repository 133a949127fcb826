"""Rules that live once stay once: the role sets, the meaning of "delivered", and imports that
say why they hide inside a function. The app order itself is checked by import-linter
(``lint-imports``, contracts in pyproject.toml)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
ROLE_VALUES = {
    "platform_admin",
    "directorate",
    "district_coordinator",
    "agency_liaison",
    "school_contact",
    "trainer",
    "volunteer",
    "citizen",
}


SESSION_STATUSES = {"planned", "confirmed", "delivered", "verified", "cancelled"}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if "/tests/" in rel or "/migrations/" in rel or rel.startswith("tests_browser/"):
            continue
        if rel == "conftest.py":
            continue
        yield rel, path.read_text(encoding="utf-8")


def _role(node) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        if node.value.id == "Role" and node.attr.lower() in ROLE_VALUES:
            return node.attr.lower()
    if isinstance(node, ast.Constant) and node.value in ROLE_VALUES:
        return node.value
    return None


def _delivered_status(node) -> str | None:
    if isinstance(node, ast.Attribute) and node.attr in ("DELIVERED", "VERIFIED"):
        inner = node.value
        if isinstance(inner, ast.Attribute) and inner.attr == "Status":
            if isinstance(inner.value, ast.Name) and inner.value.id == "Session":
                return node.attr.lower()
    if isinstance(node, ast.Constant) and node.value in ("delivered", "verified"):
        return node.value
    return None


def _literals(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            yield node


def roles_written_out(source: str) -> list[int]:
    """Lines holding a set, tuple or list of two or more roles written out."""
    return [
        node.lineno
        for node in _literals(ast.parse(source))
        if len({_role(e) for e in node.elts} - {None}) >= 2
    ]


def delivered_written_out(source: str) -> list[int]:
    """Lines that spell "delivered" out as the pair of statuses (as strings, only in a literal
    of statuses alone: the monitoring measures are named delivered and verified too)."""
    found = []
    for node in _literals(ast.parse(source)):
        if {_delivered_status(e) for e in node.elts} - {None} != {"delivered", "verified"}:
            continue
        texts = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if len(texts) < len(node.elts) or set(texts) <= SESSION_STATUSES:
            found.append(node.lineno)
    return found


def silent_lazy_imports(source: str) -> list[int]:
    """Imports inside a function (other than an AppConfig's ready) without a comment saying why."""
    lines = source.splitlines()
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef) or func.name == "ready":
            continue
        for node in ast.walk(func):
            if isinstance(node, ast.Import | ast.ImportFrom):
                first = node.lineno - 1  # the comment may stand above a run of imports
                while first > 0 and lines[first - 1].strip().startswith(("import ", "from ")):
                    first -= 1
                if "#" not in "\n".join(lines[max(first - 1, 0) : node.end_lineno]):
                    found.append(node.lineno)
    return sorted(set(found))


@pytest.mark.parametrize(
    ("check", "source", "expected"),
    [
        (roles_written_out, "X = {Role.PLATFORM_ADMIN, Role.DIRECTORATE}", [1]),
        (roles_written_out, "ok = role in ('directorate', 'agency_liaison')", [1]),
        (roles_written_out, "X = {Role.TRAINER}", []),
        (delivered_written_out, "D = (Session.Status.DELIVERED, Session.Status.VERIFIED)", [1]),
        (delivered_written_out, "q = f(status__in=('delivered', 'verified', 'cancelled'))", [1]),
        (delivered_written_out, "q = f(status=Session.Status.DELIVERED)", []),
        (delivered_written_out, "MEASURES = ('planned', 'delivered', 'verified', 'people')", []),
        (silent_lazy_imports, "def f():\n    from a import b\n", [2]),
        (silent_lazy_imports, "def f():\n    from a import b  # lazy: a imports us\n", []),
        (
            silent_lazy_imports,
            "def f():\n    # lazy: a is large\n    import a\n    import a.b\n",
            [],
        ),
        (silent_lazy_imports, "def f():\n    x = 1  # one\n\n    import a\n", [4]),
        (silent_lazy_imports, "class C:\n    def ready(self):\n        from a import b\n", []),
    ],
)
def test_the_checks_see_what_they_look_for(check, source, expected):
    assert check(source) == expected


def test_role_sets_are_named_once_in_core_scoping():
    # given every module of the project but the vocabulary itself
    found = {
        rel: lines
        for rel, source in _modules()
        if rel != "core/scoping.py" and (lines := roles_written_out(source))
    }
    # then no rule writes its own set of roles: it names one of core.scoping's
    assert found == {}


def test_delivered_is_defined_once_on_the_session():
    found = {
        rel: lines
        for rel, source in _modules()
        if rel != "sessions/models.py" and (lines := delivered_written_out(source))
    }
    assert found == {}, "use Session.DELIVERED_STATUSES"


def test_imports_inside_functions_say_why():
    found = {rel: lines for rel, source in _modules() if (lines := silent_lazy_imports(source))}
    assert found == {}


def imported_modules(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize(
    ("library", "helper"),
    [
        ("django.core.signing", "core/links.py"),  # signed links: one salt per purpose
        ("qrcode", "core/qr.py"),
        ("weasyprint", "core/pdf.py"),  # PDFs pass the page finisher like every page
    ],
)
def test_one_helper_per_library(library, helper):
    users = {
        rel
        for rel, source in _modules()
        if any(m == library or m.startswith(f"{library}.") for m in imported_modules(source))
    }
    assert users == {helper}
