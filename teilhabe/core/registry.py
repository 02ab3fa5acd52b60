"""What the apps contribute to the pages and commands they share: one small registry.

`core` knows no app. Each app says what it adds in its `AppConfig.ready()`:

- `mount(prefix, urlconf)`: its pages under a URL prefix;
- `api_router(prefix, "dotted.path:router")`: its part of the JSON API;
- `nav(...)`: an entry in the main navigation (with a count beside it: `badge`);
- `start_cards(order, provider)`: cards on the start page (what a role does next);
- `todos(provider)`: dated tasks on the start page (deadlines, signatures due);
- `centre_panel(order, template, provider)`: a section on a KI's page;
- `organisation_panel(order, template, provider)`: a section on a partner organisation's page
  (the network's `detail` and the partner's "Meine Organisation");
- `decision_panel(order, template, provider)`: a section on a funding decision's page (the
  proofs of use and repayments of its years);
- `organisation_references(key, move, relations)`: its rows that point to partner organisations,
  moved when the network merges two;
- `reference_data(name, load, after=...)`: reference data every installation loads;
- `demo(name, seed, after=...)`: its own demo data, seeded after the apps it builds on;
- `audit_actions(key, labels)`: the audit actions it records, each with its label in words;
- `figure(code, ...)`: a figure counted from its records per KI and period (controlling reads them);
- `quality_pillar(QualityPillar(code, ...))`: a pillar of the KIs' quality status per year (the
  quality app reads them).

Adding an app is a folder and one line in `INSTALLED_APPS`; shared pages read from here and never
import an app. See docs/architecture.md, "A new app, step by step".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import ResolverMatch, reverse

from .roles import Principal


@dataclass(frozen=True)
class Step:
    """A card on the start page: what to do next, with the link that does it."""

    title: str
    text: str
    url: str
    action: str


@dataclass(frozen=True)
class Todo:
    """A task with a deadline on the start page."""

    title: str
    url: str
    due: date | None = None
    overdue: bool = False


@dataclass(frozen=True)
class UrlMount:
    prefix: str
    urlconf: str
    order: int


@dataclass(frozen=True)
class ApiMount:
    prefix: str
    router: str  # "dotted.module:attribute", imported when the API is built
    order: int


@dataclass(frozen=True)
class Badge:
    """A count beside a navigation link: "Notifications 3", read out as "… 3 unread"."""

    count: int
    meaning: str  # the words after the count for screen readers ("unread")


@dataclass(frozen=True)
class NavEntry:
    """A link in the main navigation, shown where `visible(user)` holds."""

    key: str
    order: int
    label: Any  # a lazy translation
    url: Callable[[Any], str | None]
    visible: Callable[[Any], bool]
    # Whether the page (`match`) belongs to this entry, for `user`; see Registry.section too.
    current: Callable[[ResolverMatch | None, Any], bool]
    # Entries for logged-in work are hidden until the second factor is passed.
    after_login: bool = True
    # A count beside the link for `user` (None: none); called once per page, so one cheap query.
    badge: Callable[[Any], Badge | None] | None = None


@dataclass(frozen=True)
class CardProvider:
    key: str
    order: int
    cards: Callable[[Any], Iterable[Step]]  # called with None for anonymous visitors


@dataclass(frozen=True)
class TodoProvider:
    key: str
    todos: Callable[[Any], Iterable[Todo]]


@dataclass(frozen=True)
class CentrePanel:
    key: str
    order: int
    template: str
    # The panel's template context for (user, centre), or None when the user may not see it.
    context: Callable[[Any, Any], Mapping[str, Any] | None]


@dataclass(frozen=True)
class ReferenceMover:
    """What an app does with its rows that point to a partner organisation when the network
    merges it into another: `move(merged, survivor)` re-points them inside the merge's
    transaction and returns {what, in words: how many}, or raises ValidationError to refuse the
    merge. `relations` names every foreign key and many-to-many field the app points to
    organisations with ("measures.Measure.partners"): a test fails for a relation nobody moves."""

    key: str
    move: Callable[[Any, Any], Mapping[str, int]]
    relations: tuple[str, ...]


@dataclass(frozen=True)
class OrganisationPanel:
    key: str
    order: int
    template: str
    # The panel's template context for (user, organisation), or None when the user may not see
    # it (the organisation page has checked that the user may see the organisation itself).
    context: Callable[[Any, Any], Mapping[str, Any] | None]


@dataclass(frozen=True)
class DecisionPanel:
    key: str
    order: int
    template: str
    # The panel's template context for (user, decision), or None when the user may not see it
    # (the decision page has checked that the user may see the decision itself).
    context: Callable[[Any, Any], Mapping[str, Any] | None]


@dataclass(frozen=True)
class Seeder:
    """Reference data or demo data of one app: `run()` returns lines to print."""

    name: str
    run: Callable[[], Iterable[str] | None]
    after: tuple[str, ...] = ()


# What a figure's reader returns: per KI (centre id) a count or an amount; KIs without records
# are missing from the mapping (read them as 0).
FigureValues = Mapping[int, Any]


@dataclass(frozen=True)
class Figure:
    """A figure an app counts from its own records, per KI and period, for programme
    controlling (docs/architecture.md, "The registry"). `read(start, end, centre_ids)` answers
    for every KI in one query (`centre_ids` None: all KIs); `read_by` the same split by
    `by_label` (language, topic …) as {centre id: {category code: value}}, with
    `categories` the codes' labels."""

    code: str
    label: Any
    unit: Any
    read: Callable[[date, date, Collection[int] | None], FigureValues]
    description: Any = ""
    by_label: Any = None
    read_by: (
        Callable[[date, date, Collection[int] | None], Mapping[int, Mapping[str, Any]]] | None
    ) = None
    categories: Callable[[], Mapping[str, Any]] | None = None


# What a quality pillar's reader returns: per KI (centre id) True (fulfilled), False (not), None
# (not due yet, or not applicable); KIs missing from the mapping read as None.
QualityValues = Mapping[int, bool | None]


@dataclass(frozen=True)
class QualityPillar:
    """One pillar of a KI's quality status per year (the seed's "Qualitätssicherung": proof of
    use checked, controlling reports on time, taking part in the evaluation and in the network
    meetings), read from the records of the app that registers it. `read(year, centre_ids)`
    answers for every KI in one or two queries (`centre_ids` None: all KIs); `description` says
    in words what fulfils it and where the answer comes from; `order` places it among the
    others (docs/quality.md)."""

    code: str
    order: int
    label: Any
    description: Any
    read: Callable[[int, Collection[int] | None], QualityValues]


class RegistryError(RuntimeError):
    pass


# Small builders for navigation entries, so an app says what it means in one word.


def link(url_name: str) -> Callable[[Any], str | None]:
    """The same address for everyone: `url=link("centres:list")`."""
    return lambda user: reverse(url_name)


Current = Callable[[ResolverMatch | None, Any], bool]


def in_app(app_name: str, *, only: Collection[str] = (), but: Collection[str] = ()) -> Current:
    """Current on the app's pages (`only` those URL names, or all `but` those)."""

    def current(match: ResolverMatch | None, user: Any = None) -> bool:
        if match is None or match.app_name != app_name:
            return False
        return (not only or match.url_name in only) and match.url_name not in but

    return current


def on_view(view_name: str) -> Current:
    """Current on exactly one page: `current=on_view("pages:start")`."""

    def current(match: ResolverMatch | None, user: Any = None) -> bool:
        return match is not None and match.view_name == view_name

    return current


def _in_dependency_order(seeders: Mapping[str, Seeder]) -> list[Seeder]:
    """Each seeder after those named in its `after`; unknown names and cycles are errors."""
    done: list[Seeder] = []
    state: dict[str, str] = {}

    def visit(name: str, path: tuple[str, ...]) -> None:
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise RegistryError(f"Seeders depend on each other in a circle: {' → '.join(path)}")
        if name not in seeders:
            raise RegistryError(f"Seeder {path[-2]!r} runs after {name!r}, which is not registered")
        state[name] = "visiting"
        for before in seeders[name].after:
            visit(before, (*path, before))
        state[name] = "done"
        done.append(seeders[name])

    for name in seeders:  # registration order breaks ties: INSTALLED_APPS order
        visit(name, (name,))
    return done


def _shown(
    panels: Iterable[CentrePanel | OrganisationPanel | DecisionPanel],
    user: Principal,
    subject: Any,
) -> list[dict[str, Any]]:
    """Each panel whose context for (user, subject) is not None, in order, for
    `{% include panel.template with panel=panel.context %}`."""
    shown = []
    for panel in sorted(panels, key=lambda p: p.order):
        context = panel.context(user, subject)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "context": context})
    return shown


@dataclass
class Registry:
    urls: dict[str, UrlMount] = field(default_factory=dict)
    apis: dict[str, ApiMount] = field(default_factory=dict)
    nav_entries: dict[str, NavEntry] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)  # URL namespace → nav entry key
    audit_hiders: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    audit_labels: dict[str, Mapping[str, Any]] = field(default_factory=dict)
    card_providers: dict[str, CardProvider] = field(default_factory=dict)
    todo_providers: dict[str, TodoProvider] = field(default_factory=dict)
    centre_panels: dict[str, CentrePanel] = field(default_factory=dict)
    organisation_panels: dict[str, OrganisationPanel] = field(default_factory=dict)
    decision_panels: dict[str, DecisionPanel] = field(default_factory=dict)
    reference_movers: dict[str, ReferenceMover] = field(default_factory=dict)
    reference_seeders: dict[str, Seeder] = field(default_factory=dict)
    demo_seeders: dict[str, Seeder] = field(default_factory=dict)
    figure_readers: dict[str, Figure] = field(default_factory=dict)
    quality_readers: dict[str, QualityPillar] = field(default_factory=dict)
    # The token check of the JSON API (accounts registers it; see core.api_auth).
    token_authenticator: Callable[[Any, str], Any] | None = None

    # --- registration (from AppConfig.ready) -------------------------------------------
    # Each entry has a key; registering the same key again replaces it (ready() may run twice
    # in tests), so the registry never holds duplicates.

    def mount(self, prefix: str, urlconf: str, *, order: int = 50) -> None:
        self.urls[urlconf] = UrlMount(prefix, urlconf, order)

    def api_router(self, prefix: str, router: str, *, order: int = 50) -> None:
        self.apis[router] = ApiMount(prefix, router, order)

    def nav(
        self,
        key: str,
        *,
        order: int,
        label: Any,
        url: Callable[[Any], str | None],
        visible: Callable[[Any], bool] = lambda user: True,
        current: Current = lambda match, user: False,
        after_login: bool = True,
        badge: Callable[[Any], Badge | None] | None = None,
    ) -> None:
        self.nav_entries[key] = NavEntry(
            key, order, label, url, visible, current, after_login, badge
        )

    def section(self, app_name: str, nav_key: str) -> None:
        """The pages of URL namespace `app_name` belong to the navigation entry `nav_key` (a
        KI's concept belongs to "Integrationszentren"): the entry is marked on them."""
        self.sections[app_name] = nav_key

    def hide_audit_events(self, key: str, hidden: Callable[[Any], Any]) -> None:
        """Audit events `user` may not read although the trail's scope covers them: `hidden(user)`
        returns a Q on AuditEvent to exclude, or None (a KI's drafts before submission)."""
        self.audit_hiders[key] = hidden

    def audit_actions(self, key: str, labels: Mapping[str, Any]) -> None:
        """The audit actions an app records, each with its label in words (lazy translations):
        the trail's page and its filter show these, never the codes."""
        self.audit_labels[key] = dict(labels)

    def action_labels(self) -> dict[str, Any]:
        return {
            code: label for labels in self.audit_labels.values() for code, label in labels.items()
        }

    def audit_exclusions(self, user: Principal) -> list[Any]:
        return [q for hidden in self.audit_hiders.values() if (q := hidden(user)) is not None]

    def start_cards(self, key: str, order: int, cards: Callable[[Any], Iterable[Step]]) -> None:
        self.card_providers[key] = CardProvider(key, order, cards)

    def todos(self, key: str, todos: Callable[[Any], Iterable[Todo]]) -> None:
        self.todo_providers[key] = TodoProvider(key, todos)

    def centre_panel(
        self,
        key: str,
        *,
        order: int,
        template: str,
        context: Callable[[Any, Any], Mapping[str, Any] | None],
    ) -> None:
        self.centre_panels[key] = CentrePanel(key, order, template, context)

    def organisation_panel(
        self,
        key: str,
        *,
        order: int,
        template: str,
        context: Callable[[Any, Any], Mapping[str, Any] | None],
    ) -> None:
        """A section on a partner organisation's page: `context(user, organisation)` returns
        the template's context, or None to hide the section from `user`."""
        self.organisation_panels[key] = OrganisationPanel(key, order, template, context)

    def decision_panel(
        self,
        key: str,
        *,
        order: int,
        template: str,
        context: Callable[[Any, Any], Mapping[str, Any] | None],
    ) -> None:
        """A section on a funding decision's page: `context(user, decision)` returns the
        template's context, or None to hide the section from `user`."""
        self.decision_panels[key] = DecisionPanel(key, order, template, context)

    def organisation_references(
        self,
        key: str,
        *,
        move: Callable[[Any, Any], Mapping[str, int]],
        relations: Iterable[str],
    ) -> None:
        """The app's rows that point to partner organisations, moved when two are merged."""
        self.reference_movers[key] = ReferenceMover(key, move, tuple(relations))

    def reference_data(
        self, name: str, run: Callable[[], Iterable[str] | None], *, after: Iterable[str] = ()
    ) -> None:
        self.reference_seeders[name] = Seeder(name, run, tuple(after))

    def demo(
        self, name: str, run: Callable[[], Iterable[str] | None], *, after: Iterable[str] = ()
    ) -> None:
        self.demo_seeders[name] = Seeder(name, run, tuple(after))

    def figure(self, figure: Figure) -> None:
        """A figure counted from the app's records; its code starts with the app's label
        ("measures.parent_groups") and never changes once reports use it."""
        self.figure_readers[figure.code] = figure

    def figures(self) -> list[Figure]:
        """In the order the apps registered them (each app's own order, e.g. groups before
        families before sessions)."""
        return list(self.figure_readers.values())

    def quality_pillar(self, pillar: QualityPillar) -> None:
        """A pillar of the quality status; its code starts with the app's label
        ("events.network_meetings") and never changes once statuses name it. The same pillar
        again is nothing new (ready() may run twice in tests); another one under a code taken
        is a RegistryError, so two apps never answer for one pillar."""
        known = self.quality_readers.get(pillar.code)
        if known is not None and known != pillar:
            raise RegistryError(f"Quality pillar {pillar.code!r} is registered already")
        self.quality_readers[pillar.code] = pillar

    def remove_quality_pillar(self, code: str) -> None:
        """Forget a pillar (tests that register their own, and take them away again)."""
        self.quality_readers.pop(code, None)

    def quality_pillars(self) -> list[QualityPillar]:
        """In their order (then by code, so equal orders read the same every time)."""
        return sorted(self.quality_readers.values(), key=lambda p: (p.order, p.code))

    def authenticate_tokens_with(self, check: Callable[[Any, str], Any]) -> None:
        self.token_authenticator = check

    # --- reading (from shared pages and commands) -------------------------------------

    def url_mounts(self) -> list[UrlMount]:
        return sorted(self.urls.values(), key=lambda m: m.order)

    def api_mounts(self) -> list[ApiMount]:
        return sorted(self.apis.values(), key=lambda m: m.order)

    def navigation_for(
        self, user: Principal, match: ResolverMatch | None, *, logged_in: bool
    ) -> list[dict[str, Any]]:
        """The navigation links for `user`: label, url and whether the page belongs to it.

        One link at most is current: where several claim the page (the registry and "My KI" on
        the user's own KI), the later one in the navigation, the more specific, wins.
        """
        section = self.sections.get(match.app_name) if match is not None else None
        links = []
        for entry in sorted(self.nav_entries.values(), key=lambda e: e.order):
            if entry.after_login and not logged_in:
                continue
            if not entry.visible(user):
                continue
            url = entry.url(user)
            if url:
                claims = entry.current(match, user) or section == entry.key
                links.append(
                    {
                        "key": entry.key,
                        "label": entry.label,
                        "url": url,
                        "current": claims,
                        "badge": entry.badge(user) if entry.badge is not None else None,
                    }
                )
        claiming = [link for link in links if link["current"]]
        for link in claiming[:-1]:
            link["current"] = False
        return links

    def cards_for(self, user: Principal | None) -> list[Step]:
        """The start page's cards for `user` (None: an anonymous visitor), in order."""
        cards: list[Step] = []
        for provider in sorted(self.card_providers.values(), key=lambda p: p.order):
            cards.extend(provider.cards(user))
        return cards

    def todos_for(self, user: Principal) -> list[Todo]:
        """Dated tasks for `user`, overdue first, then by deadline."""
        items = [t for p in self.todo_providers.values() for t in p.todos(user)]
        return sorted(items, key=lambda t: (not t.overdue, t.due or date.max, t.title))

    def panels_for(self, user: Principal, centre: Any) -> list[dict[str, Any]]:
        """The sections of a KI's page `user` may see, in order."""
        return _shown(self.centre_panels.values(), user, centre)

    def panels_for_organisation(self, user: Principal, organisation: Any) -> list[dict[str, Any]]:
        """The sections of a partner organisation's page `user` may see, in order."""
        return _shown(self.organisation_panels.values(), user, organisation)

    def panels_for_decision(self, user: Principal, decision: Any) -> list[dict[str, Any]]:
        """The sections of a funding decision's page `user` may see, in order."""
        return _shown(self.decision_panels.values(), user, decision)

    def reference_in_order(self) -> list[Seeder]:
        return _in_dependency_order(self.reference_seeders)

    def demo_in_order(self, only: Iterable[str] | None = None) -> list[Seeder]:
        """Every demo seeder in order, or only those named in `only` and those they run after
        (a test of one app's demo need not build the others)."""
        ordered = _in_dependency_order(self.demo_seeders)
        if only is None:
            return ordered
        wanted: set[str] = set()
        todo = list(only)
        while todo:
            name = todo.pop()
            if name not in self.demo_seeders:
                raise RegistryError(f"No demo seeder is registered as {name!r}")
            if name not in wanted:
                wanted.add(name)
                todo.extend(self.demo_seeders[name].after)
        return [seeder for seeder in ordered if seeder.name in wanted]


registry = Registry()
