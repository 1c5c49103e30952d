"""Core imports no feature app: the home page shows what each app offers."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planwerk.core import home

CORE = Path(__file__).resolve().parents[2] / "src" / "planwerk" / "core"
FEATURE_APPS = (
    "planwerk.bodies",
    "planwerk.elections",
    "planwerk.processes",
    "planwerk.demo",
    "planwerk.meetings",
    "planwerk.accounts",
    "planwerk.council",
    "planwerk.consultations",
    "planwerk.digest",
    "planwerk.events",
    "planwerk.archive",
    "planwerk.timeline",
    "planwerk.oparl",
)


def imported_modules(source: str) -> Iterator[str]:
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def feature_imports(source: str) -> list[str]:
    return sorted(
        {
            name
            for name in imported_modules(source)
            if any(name == app or name.startswith(f"{app}.") for app in FEATURE_APPS)
        }
    )


def test_no_module_of_core_imports_a_feature_app() -> None:
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 10
    found = {
        str(path.relative_to(CORE)): names
        for path in modules
        if (names := feature_imports(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_import_check_sees_every_way_of_importing() -> None:
    source = (
        "import planwerk.bodies.models\n"
        "from planwerk.elections import services\n"
        "from planwerk import processes\n"
        "def later():\n"
        "    from planwerk.processes.queries import current_process\n"
        "from planwerk.core.roles import is_coordinator\n"
    )
    assert feature_imports(source) == [
        "planwerk.bodies.models",
        "planwerk.elections",
        "planwerk.elections.services",
        "planwerk.processes",
        "planwerk.processes.queries",
        "planwerk.processes.queries.current_process",
    ]


def test_each_app_offers_its_section_of_the_home_page() -> None:
    assert [s.name for s in home.home_sections()] == [
        "processes.overview",
        "timeline.today",
        "participation.open",
        "proposals",
        "bodies.links",
        "council.papers",
        "papers.boards",
        "events.upcoming",
        "elections.public",
        "digest.link",
    ]


@pytest.fixture
def only_sections(monkeypatch: Any) -> Any:
    def use(*sections: home.HomeSection) -> None:
        monkeypatch.setattr(home, "_sections", {s.name: s for s in sections})

    return use


@pytest.mark.django_db
def test_the_home_page_shows_the_sections_that_have_something_to_show(
    client: Any, hannover: Any, only_sections: Any
) -> None:
    overview = next(s for s in home.home_sections() if s.name == "processes.overview")
    only_sections(
        home.HomeSection("bodies.links", 1, "bodies/_home_links.html", lambda request: {}),
        overview,
        home.HomeSection("quiet", 0, "no/such/template.html", lambda request: None),
    )

    page = client.get("/").content.decode()

    # In the order of the sections; a section with nothing to show is left out.
    assert page.index("Organigramm (Infografik 1)") < page.index("Weiterentwicklung des Lokalen")


@pytest.mark.django_db
def test_without_a_process_only_the_notice_how_to_load_one_is_shown(client: Any) -> None:
    page = client.get("/").content.decode()

    assert "load-process" in page
    assert "Organigramm (Infografik 1)" not in page
