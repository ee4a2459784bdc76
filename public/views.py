"""The school's public «Наставничество» section: no login, cached, with an accessible version.

Whatever a public output shows of people, programs, results and news comes from
``publication.publishable`` (consent and what the school chose to publish applied there); no view here
queries them itself."""

import datetime
import functools
import hashlib

from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.clickjacking import xframe_options_exempt

from accounts.models import Municipality, School
from documents.regulation import published_file
from monitoring import reports
from people.services import academic_year_of
from public import accessibility, publication
from public.invalidation import version, version_key
from public.models import FileKind, PublicFile, SectionText

CACHE_SECONDS = 60 * 60


def _school(slug: str) -> School:
    return get_object_or_404(School, slug=slug)


def public_page(view):
    """No login; the page is cached per school, address and version (plain, or for the visually
    impaired with its settings)."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request, slug, *args, **kwargs):
        school = _school(slug)
        if accessibility.wants_change(request):
            return _apply_a11y_choice(request)
        a11y = accessibility.settings_of(request)
        # The pages read no query string: keyed on it, anybody could fill the cache with copies.
        # Keyed on the day too: a consent withdrawn as of a later date takes effect on that date.
        key = f"public:{school.pk}:{version(school.pk)}:{_today(school)}:{a11y.cache_key}:{request.path}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type, embeddable = cached
            response = HttpResponse(content, content_type=content_type)
            response.xframe_options_exempt = embeddable
            patch_vary_headers(response, ["Cookie"])
            return response
        request.a11y = a11y
        response = view(request, school, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            embeddable = getattr(response, "xframe_options_exempt", False)
            cache.set(key, (response.content, response["Content-Type"], embeddable), CACHE_SECONDS)
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper


def _apply_a11y_choice(request):
    """A control of the version for the visually impaired: remember the choice, show the page again."""
    response = HttpResponse(status=302)
    response["Location"] = request.path
    accessibility.remember(response, accessibility.settings_of(request).updated(request.GET))
    return response


def _today(school) -> str:
    return publication.publishable(school).on.isoformat()


def _render(request, school, template, context=None):
    a11y = getattr(request, "a11y", accessibility.Settings())
    return render(request, template, {"school": school, "a11y": a11y, "accessible": a11y.enabled, **(context or {})})


@public_page
def index(request, school):
    text = SectionText.objects.filter(school=school).first()
    shown = publication.publishable(school)
    return _render(
        request,
        school,
        "public/index.html",
        {
            "text": text,
            "news": shown.news[:5],
            "programs": shown.programs[:5],
            "regulation": shown.regulation,
            "contest_winners": shown.contest_winners,
        },
    )


@public_page
def people(request, school):
    return _render(request, school, "public/people.html", publication.publishable(school).people)


@public_page
def programs(request, school):
    shown = publication.publishable(school)
    return _render(request, school, "public/programs.html", {"programs": shown.programs, "results": shown.results})


@public_page
def documents(request, school):
    files = PublicFile.objects.for_school(school)
    return _render(
        request,
        school,
        "public/documents.html",
        {
            "groups": [(kind, [f for f in files if f.kind == kind.value]) for kind in FileKind],
            "regulation": publication.publishable(school).regulation,
            "report_year": academic_year_of(timezone.localdate()) - (0 if timezone.localdate().month >= 7 else 1),
        },
    )


@public_page
def news(request, school):
    return _render(request, school, "public/news.html", {"news": publication.publishable(school).news})


@public_page
def news_item(request, school, pk):
    item = get_object_or_404(publication.publishable(school).news, pk=pk)
    return _render(request, school, "public/news_item.html", {"item": item})


@public_page
@xframe_options_exempt
def widget(request, school):
    """A compact block for the school's own site, embedded with an iframe."""
    shown = publication.publishable(school)
    return _render(request, school, "public/widget.html", {"news": shown.news[:3], "count": shown.running_count})


@login_not_required
def file(request, slug, pk):
    school = _school(slug)
    item = get_object_or_404(PublicFile.objects.for_school(school), pk=pk)
    if not item.file:
        raise Http404
    return FileResponse(item.file.open("rb"), content_type="application/pdf", filename=f"{item.title[:60]}.pdf")


@login_not_required
def regulation(request, slug):
    """The school's Положение with its roadmap, as approved by the latest signed order: the
    appendices alone, never the order itself (it carries the director's signature block)."""
    document = publication.publishable(_school(slug)).regulation
    if document is None:
        raise Http404
    published = published_file(document)  # rendered now if it was signed before it was stored
    if not published:
        raise Http404
    return FileResponse(
        published.open("rb"),
        content_type="application/pdf",
        filename=f"polozhenie-{document.number.replace('/', '-')}.pdf",
    )


@login_not_required
def public_report(request, slug, year):
    school = _school(slug)
    if not 2000 <= year <= academic_year_of(timezone.localdate()):
        raise Http404
    key = f"public:{school.pk}:{version(school.pk)}:{_today(school)}:report:{year}"
    pdf = cache.get(key)
    if pdf is None:
        pdf = reports.render("public", school=school, year=year)
        cache.set(key, pdf, CACHE_SECONDS)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="nastavnichestvo-{school.slug}-{year}.pdf"'
    return response


class NewsFeed(Feed):
    """RSS of the section's news and announcements."""

    def get_object(self, request, slug):
        return _school(slug)

    def title(self, school):
        return f"Наставничество — {school.short_name or school.full_name}"

    def link(self, school):
        return reverse("public:index", kwargs={"slug": school.slug})

    def description(self, school):
        return f"Новости и объявления раздела «Наставничество»: {school.full_name}"

    def items(self, school):
        return publication.publishable(school).news[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body

    def item_link(self, item):
        return reverse("public:news_item", kwargs={"slug": item.school.slug, "pk": item.pk})

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.published_on, datetime.time(9, 0), tzinfo=datetime.UTC)


feed = login_not_required(NewsFeed())


@login_not_required
def municipality(request, slug):
    """The municipality's page: its schools (linked where they have a section) and the practices
    they published, through the same filter as each school's section. Cached under the versions of
    all its schools (a practice published or withdrawn bumps its school's) and their days."""
    municipality = get_object_or_404(Municipality, slug=slug)
    if accessibility.wants_change(request):
        return _apply_a11y_choice(request)
    a11y = accessibility.settings_of(request)
    schools = list(publication.municipality_schools(municipality).annotate(has_section=publication.has_section()))
    versions = cache.get_many([version_key(s.pk) for s in schools])
    state = ",".join(
        f"{s.pk}.{versions.get(version_key(s.pk), 1)}.{publication.local_today(s).isoformat()}" for s in schools
    )
    digest = hashlib.sha256(state.encode()).hexdigest()[:32]
    key = f"public:m:{municipality.pk}:{digest}:{a11y.cache_key}"
    content = cache.get(key)
    if content is None:
        found = publication.published_results(schools)
        practices = sorted(
            (p for s in schools for p in found[s.pk]),
            key=lambda p: (p.program.completed_on or datetime.date.min, p.pk),
            reverse=True,
        )
        response = render(
            request,
            "public/municipality.html",
            {
                "municipality": municipality,
                "schools": schools,
                "practices": practices,
                "a11y": a11y,
                "accessible": a11y.enabled,
            },
        )
        cache.set(key, response.content, CACHE_SECONDS)
    else:
        response = HttpResponse(content)
    patch_vary_headers(response, ["Cookie"])
    return response
