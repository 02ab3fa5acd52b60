"""The guide's pages: the KI's offers and review queue, an offer with what changed since its
published version and its workflow steps, the partner's own offers, the public's feedback and
the review age, and the public page of a published offer in the visitor's language with its
feedback form."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from teilhabe.accounts.auth import AuthenticatedHttpRequest
from teilhabe.centres.models import Centre
from teilhabe.territory.models import Municipality

from . import (
    access,
    calendar,
    changes,
    feedback,
    i18n,
    opendata,
    public,
    public_labels,
    rules,
    services,
    translation,
    xliff,
)
from .feedback import FeedbackForm
from .forms import OfferEditor
from .models import (
    LANGUAGES,
    Category,
    Offer,
    OfferStatus,
    OfferText,
    TranslationJob,
    XliffImport,
    review_state_of,
)

PAGE_SIZE = 50


def _annotate(offers: Any) -> list[Any]:
    """Each offer with its source text and the languages whose translation is outdated
    (texts are prefetched: no query per row)."""
    rows = list(offers)
    for offer in rows:
        source = offer.text_in(offer.source_language)
        offer.outdated = [t.language for t in offer.texts.all() if t.outdated_against(source)]
        offer.review_state = (
            review_state_of(offer) if offer.published_at and offer.status != "archived" else ""
        )
    return rows


REVIEW_FILTERS = (rules.DUE, rules.HIDDEN, rules.CURRENT)


@login_required
@require_GET
def offer_list(request: HttpRequest, centre_pk: int) -> HttpResponse:
    centre = access.centre_for_guide(request.user, centre_pk)
    offers = access.offers_of(request.user, centre)
    status = request.GET.get("status", "")
    if status in OfferStatus.values:
        offers = offers.filter(status=status)
    category = request.GET.get("category", "")
    if category:
        offers = offers.filter(category__code=category) | offers.filter(
            category__parent__code=category
        )
    review = request.GET.get("review", "")
    if review in REVIEW_FILTERS:
        offers = offers.in_review_state(review)
    page = Paginator(offers.order_by("-updated_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "centre": centre,
        "page": page,
        "offers": _annotate(page.object_list),
        "statuses": OfferStatus.choices,
        "status": status,
        "categories": Category.objects.filter(parent=None, is_active=True),
        "category": category,
        "reviews": [
            (rules.DUE, _("due for review")),
            (rules.HIDDEN, _("hidden")),
            (rules.CURRENT, _("current")),
        ],
        "review": review,
        "open_feedback": access.feedback_of(request.user, centre).filter(done_at=None).count(),
    }
    return render(request, "guide/list.html", context)


@login_required
@require_GET
def review_queue(request: HttpRequest, centre_pk: int) -> HttpResponse:
    """What waits for the KI's review, each with what changed since its published version."""
    centre = access.centre_for_guide(request.user, centre_pk)
    offers = access.offers_of(request.user, centre).filter(status=OfferStatus.IN_REVIEW)
    rows = _annotate(offers.prefetch_related("locations").select_related("course")[:PAGE_SIZE])
    for offer in rows:
        offer.changes = changes.shown(services.review_changes(offer))
        # Publish or send back right here; the status view checks the rule again.
        offer.steps = _steps(request.user, offer)
    return render(request, "guide/review.html", {"centre": centre, "offers": rows})


def _steps(user: Any, offer: Any) -> list[tuple[str, str]]:
    actor = access.actor_kind(user, offer)
    labels = {
        OfferStatus.IN_REVIEW: _("Hand in for review"),
        OfferStatus.PUBLISHED: _("Publish"),
        OfferStatus.DRAFT: _("Back to draft"),
        OfferStatus.ARCHIVED: _("Archive"),
    }
    return [(to, labels[OfferStatus(to)]) for to in rules.targets(offer.status, actor or "")]


@login_required
@require_GET
def offer_detail(request: HttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    offer = access.offer_for(request.user, centre_pk, pk)
    texts = list(offer.texts.all())
    source = next((t for t in texts if t.language == offer.source_language), None)
    for text in texts:
        text.outdated = text.outdated_against(source)  # type: ignore[attr-defined]
    context = {
        "centre": offer.centre,
        "offer": offer,
        "texts": texts,
        "locations": list(offer.locations.select_related("municipality")),
        "course": getattr(offer, "course", None) if hasattr(offer, "course") else None,
        "changes": changes.shown(services.review_changes(offer)),
        "steps": _steps(request.user, offer),
        "may_manage": access.may_manage_guide(request.user, offer.centre_id),
        "xliff_languages": [(c, n) for c, n in LANGUAGES.items() if c != offer.source_language],
        **_machine_translation_context(request.user, offer, texts, source),
        **_review_context(request, offer),
    }
    return render(request, "guide/detail.html", context)


def _machine_translation_context(
    user: Any, offer: Offer, texts: list[OfferText], source: OfferText | None
) -> dict[str, Any]:
    """The machine-translation buttons (only for the KI's people, only with a configured
    translator) and the last background job's progress."""
    translator = translation.configured()
    if translator is None or not access.may_manage_guide(user, offer.centre_id):
        return {"machine_languages": [], "machine_missing": False, "translation_job": None}
    have = {text.language: text for text in texts}
    rows = []
    for code, label in LANGUAGES.items():
        if code == offer.source_language or not translator.supports(offer.source_language, code):
            continue
        text = have.get(code)
        human = text is not None and source is not None and text.is_current_human(source)
        rows.append({"code": code, "label": label, "exists": text is not None, "human": human})
    return {
        "machine_languages": rows,
        "machine_missing": any(not row["exists"] for row in rows),
        "translation_job": TranslationJob.objects.filter(offer=offer).first(),
    }


def _review_context(request: HttpRequest, offer: Offer) -> dict[str, Any]:
    """The review age and the public's open feedback, for the KI's own people."""
    if not access.may_manage_guide(request.user, offer.centre_id):
        return {}
    shown = offer.published_at is not None and offer.status != OfferStatus.ARCHIVED
    state = review_state_of(offer) if shown else ""
    since = None
    if offer.last_reviewed_on is not None and state in (rules.DUE, rules.HIDDEN):
        # The day it became due or hidden: the review date plus the configured days.
        days = (
            settings.GUIDE_REVIEW_HIDE_DAYS
            if state == rules.HIDDEN
            else settings.GUIDE_REVIEW_FLAG_DAYS
        )
        since = offer.last_reviewed_on + timedelta(days=days)
    return {
        "review_state": state,
        "review_since": since,
        "may_confirm": shown and access.may_confirm_current(request.user, offer),
        "open_feedback": list(offer.feedback.filter(done_at=None).order_by("-created_at")[:50]),
    }


@login_required
@require_POST
def machine_translate(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """Translate one language at once, or every missing one in the background ("all")."""
    offer = access.offer_for(request.user, centre_pk, pk)
    if not access.may_manage_guide(request.user, offer.centre_id):
        raise Http404  # a partner asks its KI
    language = request.POST.get("language", "")
    try:
        if language == "all":
            services.start_machine_translation(offer, by=request.user)
            messages.success(
                request, _("The machine translation runs in the background; see its progress.")
            )
        else:
            services.machine_translate(
                offer,
                by=request.user,
                target=language,
                overwrite=request.POST.get("overwrite") == "1",
            )
            messages.success(
                request, _("The machine translation is saved. Please have a person review it.")
            )
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    return redirect(offer)


@login_required
@require_POST
def offer_confirm(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    """The KI confirms a published offer as current (its content unchanged)."""
    offer = access.offer_for(request.user, centre_pk, pk)
    if not access.may_confirm_current(request.user, offer):
        raise Http404
    try:
        services.confirm_current(offer, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The offer is confirmed as current."))
    return redirect(offer)


FEEDBACK_PAGE_SIZE = 50


@login_required
@require_GET
def feedback_list(request: HttpRequest, centre_pk: int) -> HttpResponse:
    """The public's feedback on the KI's offers: open (default) or done."""
    centre = access.centre_for_guide(request.user, centre_pk)
    done = request.GET.get("state") == "done"
    rows = access.feedback_of(request.user, centre).filter(done_at__isnull=not done)
    rows = rows.select_related("offer", "done_by").prefetch_related("offer__texts")
    page = Paginator(rows.order_by("-created_at", "-pk"), FEEDBACK_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"centre": centre, "page": page, "done": done}
    return render(request, "guide/feedback_list.html", context)


@login_required
@require_POST
def feedback_done(
    request: AuthenticatedHttpRequest, centre_pk: int, feedback_pk: int
) -> HttpResponse:
    item = access.feedback_for(request.user, centre_pk, feedback_pk)
    try:
        services.mark_feedback_done(item, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The feedback is marked as done."))
    back = request.POST.get("next", "")
    if back == "offer":
        return redirect(item.offer)
    return redirect("guide:feedback", centre_pk=item.offer.centre_id)


@login_required
@require_POST
def offer_status(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    offer = access.offer_for(request.user, centre_pk, pk)
    version = request.POST.get("lock_version", "")
    try:
        services.change_status(
            offer,
            by=request.user,
            to=request.POST.get("to", ""),
            expected_version=int(version) if version.isdigit() and len(version) < 10 else None,
        )
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The offer's status is changed."))
    return redirect(offer)


@login_required
@require_POST
def text_reviewed(
    request: AuthenticatedHttpRequest, centre_pk: int, pk: int, language: str
) -> HttpResponse:
    """A person has checked a machine-made or outdated translation."""
    offer = access.offer_for(request.user, centre_pk, pk)
    text = get_object_or_404(offer.texts, language=language)
    try:
        services.review_translation(text, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The translation is marked as reviewed."))
    return redirect(offer)


@login_required
@require_GET
def my_offers(request: HttpRequest) -> HttpResponse:
    """The partner account's offers ("Meine Angebote")."""
    offers = access.partner_offers(request.user)
    page = Paginator(offers.order_by("-updated_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "offers": _annotate(page.object_list),
        "centre_id": access.partner_centre_id(request.user),
    }
    return render(request, "guide/mine.html", context)


@require_GET
@i18n.public_view
def public_offer(request: HttpRequest, uuid: str) -> HttpResponse:
    """The published version of an offer (its snapshot), no JavaScript needed; `lang` and
    `dir` are the content's, so Arabic and Persian read right to left."""
    offer = access.public_offer(uuid)
    published = offer.published_snapshot
    texts = published.get("texts") or {}
    language = public.content_language(
        i18n.language_of(request), list(texts), published["offer"]["source_language"]
    )
    fields = published["offer"]
    course = published.get("course")
    locations = published.get("locations") or []
    towns = dict(
        Municipality.objects.filter(
            pk__in={loc.get("municipality") for loc in locations}
        ).values_list("pk", "short_name")
    )
    shown = texts.get(language) or {}
    source = published["offer"]["source_language"]
    state = public.text_state(offer, language)
    context = {
        "offer": offer,
        # Whether the text shown is a machine translation nobody reviewed yet (the page marks
        # it "maschinell übersetzt"): the live text of that language is machine-made and is
        # the one the snapshot shows.
        "text_machine_made": bool(shown)
        and language != source
        and state.machine_made
        and state.title == shown.get("title", ""),
        "centre": offer.centre,
        "published": fields,
        "course": course,
        "course_type": public_labels.COURSE_TYPES.get(course["course_type"]) if course else None,
        "class_format": public_labels.CLASS_FORMATS.get(course["class_format"]) if course else None,
        "target_level": public_labels.LEVELS.get(course["target_level"], course["target_level"])
        if course
        else None,
        "free_places": rules.free_places(course["places"], course["places_taken"])
        if course
        else fields.get("free_places"),
        "target_groups": [
            public_labels.TARGET_GROUPS[g]
            for g in fields.get("target_groups") or []
            if g in public_labels.TARGET_GROUPS
        ],
        "held_in": public_labels.languages(fields.get("languages") or []),
        "locations": [
            {
                **loc,
                "town": towns.get(loc.get("municipality"), ""),
                "step_free_label": public_labels.STEP_FREE_ACCESS[loc.get("step_free")],
                "spoken": public_labels.languages(loc.get("languages") or []),
            }
            for loc in locations
        ],
        "text": texts.get(language) or {},
        "details": public.details(texts, language, source, outdated=state.outdated),
        "language": language,
        "source_language": published["offer"]["source_language"],
        # The free texts that are not translated (the contact's name, the places' names and
        # streets) are written once, in the source language: marked as such (WCAG 3.1.2).
        "source_direction": public.direction(published["offer"]["source_language"]),
        "direction": public.direction(language),
        "other_languages": [
            (code, i18n.PUBLIC_LANGUAGES.get(code, str(LANGUAGES[code])), public.direction(code))
            for code in texts
            if code != language and code in LANGUAGES
        ],
        "category": Category.objects.select_related("parent").filter(pk=fields["category"]).first(),
        **i18n.public_context(request),
    }
    return render(request, "guide/public_offer.html", context)


@require_GET
@i18n.public_view
def open_data(request: HttpRequest) -> HttpResponse:
    """The guide's open data in the visitor's language: every download (JSON, CSV, HSDS, the
    calendar feed of all NRW or one KI), the JSON and HSDS interfaces, and their licence."""
    endpoints = [
        (reverse("hsds:root"), pgettext("wegweiser", "what the interface is (HSDS version)")),
        (reverse("hsds:services"), pgettext("wegweiser", "the services (offers), page by page")),
        (
            reverse("hsds:organizations"),
            pgettext("wegweiser", "the organisations (providers and integration centres)"),
        ),
        (reverse("hsds:service_at_locations"), pgettext("wegweiser", "the places of the services")),
        (
            reverse("hsds:taxonomies"),
            pgettext("wegweiser", "the taxonomies (topics, target groups, courses)"),
        ),
        (reverse("hsds:taxonomy_terms"), pgettext("wegweiser", "the terms of the taxonomies")),
    ]
    context = {
        "offer_count": opendata.public_offers().count(),
        "licence": opendata.LICENCE,
        "publisher": opendata.PUBLISHER,
        "endpoints": endpoints,
        "api_offers": reverse("api:search_offers"),
        "api_docs": reverse("api:openapi-view"),
        "districts": Centre.objects.for_listing().order_by("name"),
        **i18n.public_context(request),
    }
    return render(request, "guide/open_data.html", context)


@require_GET
def open_data_offers(request: HttpRequest) -> HttpResponseBase:
    """Every published offer as an exchange record (JSON, streamed)."""
    return opendata.offers_download(request)


def _feedback_page(
    request: HttpRequest,
    offer: Offer,
    form: FeedbackForm,
    *,
    template: str = "guide/public_feedback.html",
    status: int = 200,
    limited: bool = False,
) -> HttpResponse:
    published = offer.published_snapshot
    texts = published.get("texts") or {}
    language = public.content_language(
        i18n.language_of(request), list(texts), published["offer"]["source_language"]
    )
    context = {
        "offer": offer,
        "centre": offer.centre,
        "text": texts.get(language) or {},
        "language": language,
        "direction": public.direction(language),
        "category": Category.objects.select_related("parent")
        .filter(pk=published["offer"]["category"])
        .first(),
        "feedback_form": form,
        "feedback_limited": limited,
        **i18n.public_context(request),
    }
    return render(request, template, context, status=status)


@require_http_methods(["GET", "POST"])
@i18n.public_view
def public_feedback(request: HttpRequest, uuid: str) -> HttpResponse:
    """Anonymous feedback on a public offer, without JavaScript: the form on its own (GET, and
    again with the typed comment after an error: 422, or 429 over the rate limit), then a
    thank-you page. A filled honeypot is thanked and stored nowhere."""
    offer = access.public_offer(uuid)
    if request.method == "GET":
        return _feedback_page(request, offer, FeedbackForm())
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return _feedback_page(request, offer, form, status=422)
    thanks = "guide/public_feedback_done.html"
    if form.cleaned_data["website"]:
        return _feedback_page(request, offer, FeedbackForm(), template=thanks)
    if feedback.rate_limited(request, offer):
        form.add_error(
            None,
            ValidationError(
                pgettext(
                    "wegweiser",
                    "Too much feedback has come from your connection or about this offer. "
                    "Please try again in an hour; your text is kept below.",
                ),
                code="rate_limited",
            ),
        )
        response = _feedback_page(request, offer, form, status=429, limited=True)
        response["Retry-After"] = str(feedback.HOUR)
        return response
    try:
        services.give_feedback(
            offer, comment=form.cleaned_data["comment"], language=i18n.language_of(request)
        )
    except ValidationError as e:
        for message in e.messages:
            form.add_error(None, message)
        return _feedback_page(request, offer, form, status=422)
    return _feedback_page(request, offer, FeedbackForm(), template=thanks)


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The iCalendar feed of the public offers' starts: all of NRW, or one KI's with
    `?district=<key>`; titles in `?lang=<code>` where an offer has it (docs/guide.md)."""
    district = request.GET.get("district", "")
    centre = access.public_centre(district) if district else None
    language = request.GET.get(i18n.PARAM, "")
    rows = calendar.dated_offers(centre.pk if centre is not None else None)
    body = calendar.build(
        calendar.items(rows, language if language in i18n.PUBLIC_LANGUAGES else None),
        name=f"Integrationswegweiser {centre.name if centre else 'NRW'} – Kursstarts",
    )
    filename = f"wegweiser-{centre.grantee.key}" if centre is not None else "wegweiser-nrw"
    return calendar.response(request, body, filename=filename)


def _render_editor(request: HttpRequest, editor: OfferEditor, *, status: int = 200) -> HttpResponse:
    offer = editor.offer
    context = {
        "centre": editor.centre,
        "offer": offer,
        "editor": editor,
        "form": editor.form,
        "may_manage": access.may_manage_guide(request.user, editor.centre.pk),
    }
    return render(request, "guide/form.html", context, status=status)


def _editor(request: HttpRequest, centre: Any, offer: Any = None) -> OfferEditor:
    posted = request.method == "POST"
    return OfferEditor(
        centre,
        partner=not access.may_manage_guide(request.user, centre.pk),
        offer=offer,
        data=request.POST if posted else None,
        add_location=posted and "add_location" in request.POST,
    )


@login_required
def offer_add(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    """A new offer: the KI's people, or a partner account for its own organisation."""
    centre = access.centre_for_new_offer(request.user, centre_pk)
    editor = _editor(request, centre)
    if request.method != "POST" or "add_location" in request.POST:
        return _render_editor(request, editor)
    if editor.is_valid():
        try:
            offer = services.add_offer(centre, by=request.user, **editor.arguments())
        except ValidationError as e:
            editor.add_service_errors(e)
        else:
            messages.success(request, _("The offer is saved as a draft."))
            return redirect(offer)
    return _render_editor(request, editor, status=422)


@login_required
def offer_edit(request: AuthenticatedHttpRequest, centre_pk: int, pk: int) -> HttpResponse:
    offer = access.offer_for(request.user, centre_pk, pk)
    editor = _editor(request, offer.centre, offer)
    if request.method != "POST" or "add_location" in request.POST:
        return _render_editor(request, editor)
    if editor.is_valid():
        try:
            services.update_offer(
                offer,
                by=request.user,
                expected_version=editor.expected_version,
                **editor.arguments(),
            )
        except ValidationError as e:
            if getattr(e, "code", None) == "stale":
                offer.refresh_from_db(fields=["lock_version"])
                editor.keep_version(offer.lock_version)
            editor.add_service_errors(e)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect(offer)
    return _render_editor(request, editor, status=422)


# --- XLIFF for translation agencies -------------------------------------------------------

XLIFF_OFFERS_SHOWN = 500


def _xliff_page(
    request: HttpRequest, centre: Any, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    offers = access.offers_of(request.user, centre).order_by("-updated_at", "pk")
    context = {
        "centre": centre,
        "offers": list(offers[:XLIFF_OFFERS_SHOWN]),
        "target_languages": list(LANGUAGES.items()),
        "errors": errors or [],
        "imports": XliffImport.objects.filter(
            centre=centre, created_by_id=request.user.pk, confirmed_at=None
        )[:10],
        "max_mb": xliff.MAX_BYTES // (1024 * 1024),
    }
    return render(request, "guide/xliff.html", context, status=status)


@login_required
def xliff_page(request: AuthenticatedHttpRequest, centre_pk: int) -> HttpResponse:
    """Export offers for a translation agency; upload what it sends back (then a preview)."""
    centre = access.centre_for_guide(request.user, centre_pk)
    if request.method != "POST":
        return _xliff_page(request, centre)
    upload = request.FILES.get("file")
    if upload is None:
        return _xliff_page(request, centre, errors=[_("Choose an XLIFF file.")], status=422)
    if upload.size is not None and upload.size > xliff.MAX_BYTES:
        return _xliff_page(request, centre, errors=[_("The file is larger than 5 MB.")], status=422)
    data = upload.read(xliff.MAX_BYTES + 1)
    try:
        job = services.upload_xliff(
            centre, by=request.user, file_name=upload.name or "upload.xlf", data=data
        )
    except ValidationError as e:
        return _xliff_page(request, centre, errors=e.messages, status=422)
    return redirect("guide:xliff_import", centre_pk=centre.pk, import_pk=job.pk)


@login_required
@require_GET
def xliff_export(request: HttpRequest, centre_pk: int) -> HttpResponse:
    """The chosen offers (`offer=` repeated; none: all of the KI's) for translation into
    `lang`, as an XLIFF 1.2 download."""
    centre = access.centre_for_guide(request.user, centre_pk)
    language = request.GET.get("lang", "")
    if language not in LANGUAGES:
        return _xliff_page(request, centre, errors=[_("Choose the target language.")], status=422)
    wanted = request.GET.getlist("offer")[: xliff.MAX_UNITS // 3]
    if not all(v.isdigit() and len(v) < 10 for v in wanted):
        return _xliff_page(request, centre, errors=[_("Choose offers from the list.")], status=422)
    offers = access.offers_of(request.user, centre).prefetch_related("texts").order_by("pk")
    if wanted:
        offers = offers.filter(pk__in=[int(v) for v in wanted])
        if offers.count() != len(set(wanted)):
            raise Http404  # an offer of another KI, or none
    rows = list(offers[: xliff.MAX_UNITS // 3])
    if not any(o.source_language != language for o in rows):
        return _xliff_page(
            request, centre, errors=[_("No offer to translate into this language.")], status=422
        )
    response = HttpResponse(
        xliff.export(rows, language), content_type="application/x-xliff+xml; charset=utf-8"
    )
    name = f"wegweiser-{centre.pk}-{language}.xlf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def xliff_import(request: AuthenticatedHttpRequest, centre_pk: int, import_pk: int) -> HttpResponse:
    """The preview of an upload (which texts change, which units were not usable) and its
    confirmation; only for the person who uploaded it."""
    centre = access.centre_for_guide(request.user, centre_pk)
    job = get_object_or_404(XliffImport, pk=import_pk, centre=centre, created_by=request.user)
    if request.method == "POST":
        try:
            written = services.confirm_xliff_import(job, by=request.user)
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d offer got the imported translation.",
                    "%(n)d offers got the imported translation.",
                    written,
                )
                % {"n": written},
            )
            return redirect("guide:offers", centre_pk=centre.pk)
    context = {
        "centre": centre,
        "job": job,
        "preview": xliff.preview(job),
        "language_name": LANGUAGES.get(job.language, job.language),
    }
    return render(request, "guide/xliff_import.html", context)
