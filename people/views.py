from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.permissions import Action
from accounts.scoping import SchoolScopedMixin, get_for_school
from audit.log import history_of, record, snapshot
from audit.models import AuditAction
from people import services
from people.consent_records import record_consents, record_consents_for
from people.consents import missing_consents
from people.filters import MenteeFilter, MentorFilter, PersonFilter
from people.forms import (
    AwardForm,
    ConsentForm,
    ConsentsGivenForm,
    DateForm,
    DeficitForm,
    MenteeProfileForm,
    MentorProfileForm,
    PersonForm,
    TrainingForm,
)
from people.models import Consent, ConsentKind, MenteeProfile, MentorProfile, Person
from people.registry import people_with_active_mentorship, with_mentor_load


def _person_for(request, pk, action=Action.CHANGE_PERSON) -> Person:
    """A person of the current school the user may act on, or 404/403."""
    person = get_for_school(request, Person, pk=pk)
    if not request.user.has_perm(action, person):
        raise PermissionDenied
    return person


def _require(request, action):
    if request.school is None or not request.user.has_perm(action, request.school):
        raise PermissionDenied


class BankListView(SchoolScopedMixin, PermissionRequiredMixin, FilterView):
    model = Person
    permission_required = Action.VIEW_BANK
    paginate_by = 50
    raise_exception = True
    title = ""

    def get_permission_object(self):
        return self.request.school

    def get_queryset(self):
        return super().get_queryset().select_related("partner_organization").prefetch_related("category_marks")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = self.title
        context["may_change"] = self.request.user.has_perm(Action.CHANGE_PERSON, self.request.school)
        return context


class BankView(BankListView):
    filterset_class = PersonFilter
    template_name = "people/bank.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.request.user.has_perm(Action.MANAGE_CONSENTS, self.request.school):
            # Its own ids: the filter above has a «kind» field too.
            context["consents_form"] = ConsentsGivenForm(school=self.request.school, auto_id="consents_%s")
        return context


class MentorBankView(BankListView):
    filterset_class = MentorFilter
    template_name = "people/mentor_bank.html"

    def get_queryset(self):
        return with_mentor_load(super().get_queryset().mentors().select_related("mentor_profile"))


class MenteeBankView(BankListView):
    filterset_class = MenteeFilter
    template_name = "people/mentee_bank.html"

    def get_queryset(self):
        return super().get_queryset().mentees().select_related("mentee_profile")


def _professional_card(request, person):
    """What the mentee's mentor reads: the professional part only, no contacts, dates of birth or documents."""
    record(actor=request.user, school=person.school, action=AuditAction.VIEW, obj=person)
    context = {
        "person": person,
        "categories": person.categories(),
        "experience": person.experience_years(),
        "mentee_profile": getattr(person, "mentee_profile", None),
    }
    return render(request, "people/person_card.html", context)


def person_detail(request, pk):
    person = get_for_school(
        request,
        Person.objects.select_related(
            "partner_organization", "user", "mentor_profile", "mentee_profile"
        ).prefetch_related(
            "category_marks",
            "deficits",
            "trainings",
            "awards",
            Prefetch("consents", Consent.objects.select_related("recorded_by")),
        ),
        pk=pk,
    )
    if not request.user.has_perm(Action.VIEW_PERSON, person):
        if not request.user.has_perm(Action.VIEW_PROFESSIONAL_CARD, person):
            raise PermissionDenied
        return _professional_card(request, person)
    record(actor=request.user, school=person.school, action=AuditAction.VIEW, obj=person)
    may_change = request.user.has_perm(Action.CHANGE_PERSON, person)
    context = {
        "person": person,
        "categories": person.categories(),
        "experience": person.experience_years(),
        "mentor_profile": getattr(person, "mentor_profile", None),
        "mentee_profile": getattr(person, "mentee_profile", None),
        "may_change": may_change,
        "may_manage_consents": request.user.has_perm(Action.MANAGE_CONSENTS, person.school),
        "may_see_history": request.user.has_perm(Action.VIEW_AUDIT_LOG, person.school) or may_change,
        "today": timezone.localdate(),
    }
    if context["mentor_profile"]:
        context["mentor_missing"] = missing_consents(person, as_mentor=True)
    if context["mentee_profile"]:
        context["mentee_missing"] = missing_consents(person, as_mentor=False)
    if context["may_see_history"]:
        context["history"] = history_of(person).exclude(action=AuditAction.VIEW)[:50]
    return render(request, "people/person_detail.html", context)


def person_create(request):
    _require(request, Action.CHANGE_PERSON)
    form = PersonForm(request.POST or None, school=request.school)
    if request.method == "POST" and form.is_valid():
        person = services.person_save(
            person=form.instance, actor=request.user, pedagogical_choice=form.pedagogical_choice
        )
        messages.success(request, _("%(person)s is added to the bank.") % {"person": person})
        return redirect("people:person", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "title": _("New participant")})


def person_update(request, pk):
    person = _person_for(request, pk)
    before = snapshot(person)
    form = PersonForm(request.POST or None, instance=person, school=request.school)
    if request.method == "POST" and form.is_valid():
        services.person_save(
            person=form.instance, actor=request.user, before=before, pedagogical_choice=form.pedagogical_choice
        )
        messages.success(request, _("The card is saved."))
        return redirect("people:person", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "title": person.full_name, "person": person})


@require_POST
def person_archive(request, pk):
    person = _person_for(request, pk)
    form = DateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date the person left the school."))
        return redirect("people:person", pk=pk)
    try:
        services.person_archive(person=person, actor=request.user, left_on=form.cleaned_data["on"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(person)s is moved to the archive; the history stays.") % {"person": person})
    return redirect("people:person", pk=pk)


@require_POST
def person_restore(request, pk):
    person = _person_for(request, pk)
    services.person_restore(person=person, actor=request.user)
    messages.success(request, _("%(person)s is back from the archive.") % {"person": person})
    return redirect("people:person", pk=pk)


def _profile_edit(request, pk, model, form_class, title):
    person = _person_for(request, pk)
    profile = model.objects.filter(person=person).first() or model(person=person)
    before = services.profile_snapshot(profile) if profile.pk else None
    initial = {"categories": list(person.category_marks.values_list("category", flat=True))}
    form = form_class(request.POST or None, instance=profile, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.profile_save(profile=form.instance, actor=request.user, before=before)
            if "categories" in form.cleaned_data:
                services.categories_set(person=person, categories=form.cleaned_data["categories"], actor=request.user)
        messages.success(request, _("The profile is saved."))
        return redirect("people:person", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "title": title % {"person": person}, "person": person})


def mentor_profile_edit(request, pk):
    return _profile_edit(request, pk, MentorProfile, MentorProfileForm, _("Mentor profile: %(person)s"))


def mentee_profile_edit(request, pk):
    return _profile_edit(request, pk, MenteeProfile, MenteeProfileForm, _("Mentee profile: %(person)s"))


def _record_add(request, pk, form_class, title, action=Action.CHANGE_PERSON):
    person = _person_for(request, pk, action)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        form.instance.person = person
        try:
            services.related_record_add(item=form.instance, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:person", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "title": title % {"person": person}, "person": person})


def deficit_add(request, pk):
    return _record_add(request, pk, DeficitForm, _("Professional deficit: %(person)s"))


def training_add(request, pk):
    return _record_add(request, pk, TrainingForm, _("Mentor training: %(person)s"))


def award_add(request, pk):
    return _record_add(request, pk, AwardForm, _("Award: %(person)s"))


def consent_add(request, pk):
    """The consents one signed form gives: one record per ticked kind, with the same date and scan."""
    person = _person_for(request, pk, Action.MANAGE_CONSENTS)
    form = ConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            consents = record_consents(
                person=person,
                kinds=data["kind"],
                given_on=data["given_on"],
                valid_until=data["valid_until"],
                guardian_name=data["guardian_name"],
                scan=data["scan"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                ngettext("%(count)s consent is recorded.", "%(count)s consents are recorded.", len(consents))
                % {"count": len(consents)},
            )
            return redirect("people:person", pk=person.pk)
    return render(
        request,
        "people/form.html",
        {"form": form, "title": _("Consent: %(person)s") % {"person": person}, "person": person},
    )


@require_POST
def consents_given(request):
    """«Согласие получено» for the people ticked in the bank; back to the bank as it was filtered."""
    _require(request, Action.MANAGE_CONSENTS)
    back = reverse("people:bank")
    query = QueryDict(request.POST.get("query", "")).urlencode()
    if query:
        back = f"{back}?{query}"
    form = ConsentsGivenForm(request.POST, request.FILES, school=request.school)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
        return redirect(back)
    data = form.cleaned_data
    people = list(data["people"].order_by("last_name", "first_name", "pk"))
    try:
        result = record_consents_for(
            school=request.school,
            people=people,
            kinds=data["kind"],
            given_on=data["given_on"],
            valid_until=data["valid_until"],
            scan=data["scan"],
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    recorded = {consent.person_id for consent in result.created}
    if result.created:
        messages.success(
            request,
            ngettext(
                "Consent received: %(consents)s consent recorded for %(people)s people.",
                "Consent received: %(consents)s consents recorded for %(people)s people.",
                len(result.created),
            )
            % {"consents": len(result.created), "people": len(recorded)},
        )
    if result.skipped:
        names = "; ".join(
            f"{person.short_name} ({', '.join(str(ConsentKind(kind).label) for kind in kinds)})"
            for person, kinds in result.skipped.items()
        )
        messages.warning(request, _("Skipped, the consent is already in force: %(people)s.") % {"people": names})
    return redirect(back)


@require_POST
def consent_withdraw(request, pk):
    consent = get_for_school(request, Consent.objects.select_related("person__school"), pk=pk)
    if not request.user.has_perm(Action.MANAGE_CONSENTS, consent.person.school):
        raise PermissionDenied
    form = DateForm(request.POST)
    on = form.cleaned_data["on"] if form.is_valid() else timezone.localdate()
    try:
        services.consent_withdraw(consent=consent, actor=request.user, on=on)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The consent is withdrawn from %(date)s.") % {"date": on.strftime("%d.%m.%Y")})
    return redirect("people:person", pk=consent.person_id)


def consent_scan(request, pk):
    consent = get_for_school(request, Consent.objects.select_related("person__school"), pk=pk)
    if not request.user.has_perm(Action.VIEW_CONSENT_SCAN, consent.person):
        raise PermissionDenied
    if not consent.scan:
        raise Http404
    record(
        actor=request.user,
        school=consent.person.school,
        action=AuditAction.DOWNLOAD,
        obj=consent.person,
        changes={"consent.kind": consent.kind},
    )
    return FileResponse(consent.scan.open("rb"), as_attachment=False, filename=consent.scan.name.rsplit("/", 1)[-1])


def actualization(request):
    _require(request, Action.VIEW_BANK)
    today = timezone.localdate()
    busy = people_with_active_mentorship(request.school, today)
    needing = (
        Person.objects.for_school(request.school)
        .needing_a_mentor(today)
        .exclude(pk__in=busy)
        .prefetch_related("category_marks")
        .select_related("mentee_profile")
    )
    academic_year = services.academic_year_of(today)
    from people.models import BankConfirmation

    confirmations = (
        BankConfirmation.objects.for_school(request.school).select_related("confirmed_by").order_by("-academic_year")
    )
    return render(
        request,
        "people/actualization.html",
        {
            "people": [(person, person.categories(today)) for person in needing],
            "academic_year": academic_year,
            "confirmed": next((c for c in confirmations if c.academic_year == academic_year), None),
            "confirmations": confirmations,
            "may_confirm": request.user.has_perm(Action.CONFIRM_BANK, request.school),
        },
    )


@require_POST
def bank_confirm(request):
    _require(request, Action.CONFIRM_BANK)
    try:
        confirmation = services.bank_confirm(school=request.school, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The bank is confirmed current for %(year)s.") % {"year": confirmation})
    return redirect(reverse("people:actualization"))
