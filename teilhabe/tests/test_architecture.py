"""The house rules of the code's structure (docs/architecture.md, "Layers" and "A new app").

- import-linter's contracts (pyproject.toml): apps import only the layers below them, so core
  imports no app, the territory (reference data) never imports the KI registry, and no two apps
  import each other in a circle; the shell and the project's URLs name no app.
- Every app of ours is placed in those contracts, so a new app cannot slip past them.
- The registry the apps fill in `AppConfig.ready` orders seeders by what they build on.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps

from teilhabe.core.registry import Registry, RegistryError, Step, registry

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> list[dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["importlinter"]["contracts"]


def test_import_contracts_are_kept() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_every_app_has_its_place_in_the_layers() -> None:
    ours = {c.name for c in apps.get_app_configs() if c.name.startswith("teilhabe.")}
    layers = next(c for c in _contracts() if c["id"] == "layers")["layers"]
    placed = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    shell = next(c for c in _contracts() if c["id"] == "shell")["source_modules"]
    missing = ours - placed - set(shell)
    assert not missing, f"Put these apps in pyproject's import layers: {sorted(missing)}"
    assert layers[-1] == "teilhabe.core", "core is the bottom layer: it imports no app"
    forbidden_for_shell = next(c for c in _contracts() if c["id"] == "shell")["forbidden_modules"]
    assert set(forbidden_for_shell) == placed - {"teilhabe.core"}


def test_the_project_urls_come_from_the_apps_themselves() -> None:
    mounted = {m.urlconf for m in registry.url_mounts()}
    assert {
        "teilhabe.pages.urls",
        "teilhabe.accounts.urls",
        "teilhabe.centres.urls",
        "teilhabe.concepts.urls",
        "teilhabe.funding.urls",
        "teilhabe.core.urls",
    } <= mounted
    routers = {m.router for m in registry.api_mounts()}
    assert "teilhabe.territory.api:router" in routers
    assert "teilhabe.core.audit_api:router" in routers


def _noop() -> None:
    return None


def test_seeders_run_after_what_they_build_on() -> None:
    r = Registry()
    r.demo("funding", _noop, after=["concepts", "centres"])
    r.demo("concepts", _noop, after=["accounts"])
    r.demo("accounts", _noop, after=["centres"])
    r.demo("centres", _noop)
    assert [s.name for s in r.demo_in_order()] == ["centres", "accounts", "concepts", "funding"]


def test_the_installed_apps_seed_in_dependency_order() -> None:
    order = [s.name for s in registry.demo_in_order()]
    # The personas first: the KIs' demo acts as each KI's lead (Anna, Carla).
    assert order.index("accounts") < order.index("centres") < order.index("concepts")
    assert order.index("concepts") < order.index("funding")
    reference = [s.name for s in registry.reference_in_order()]
    assert reference.index("territory") < reference.index("centres")


def test_a_seeder_circle_or_an_unknown_dependency_is_refused() -> None:
    r = Registry()
    r.demo("a", _noop, after=["b"])
    r.demo("b", _noop, after=["a"])
    with pytest.raises(RegistryError, match="circle"):
        r.demo_in_order()
    r = Registry()
    r.demo("a", _noop, after=["missing"])
    with pytest.raises(RegistryError, match="not registered"):
        r.demo_in_order()


def test_registering_again_replaces_and_never_duplicates() -> None:
    r = Registry()
    step = Step("t", "x", "/", "go")
    r.start_cards("one", 10, lambda user: [step])
    r.start_cards("one", 10, lambda user: [step])
    r.start_cards("two", 5, lambda user: [Step("first", "x", "/", "go")])
    assert [s.title for s in r.cards_for(None)] == ["first", "t"]


def _nav(user, path: str) -> list[tuple[str, bool]]:
    from django.urls import resolve

    links = registry.navigation_for(user, resolve(path), logged_in=True)
    return [(link["key"], link["current"]) for link in links]


def test_the_navigation_marks_the_one_section_a_page_belongs_to(anna, bielefeld, dortmund) -> None:
    from django.urls import reverse

    current = lambda path: [k for k, c in _nav(anna, path) if c]  # noqa: E731
    assert current(reverse("centres:list")) == ["centres"]
    assert current(reverse("centres:detail", args=[dortmund.pk])) == ["centres"]
    assert current(reverse("centres:detail", args=[bielefeld.pk])) == ["own-centre"]
    assert current(reverse("concepts:list", args=[bielefeld.pk])) == ["own-centre"]
    assert current(reverse("concepts:list", args=[dortmund.pk])) == ["centres"]  # a section
    assert current(reverse("funding:applications")) == ["funding"]
    assert current(reverse("pages:start")) == ["start"]
