"""Issue 15, «To-do lists»: what waits for each role, counted at the boundaries, linked, summed in the menu."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from accounts.models import Membership
from accounts.roles import Role
from documents import drafting, signing
from documents.models import DocumentType, PaperRegistration
from mentoring.lifecycle import consent_problems
from mentoring.models import Mentorship, Participant, Replacement, ReplacementReason, Status
from people.models import Consent, ConsentKind, Person, PersonKind
from portal import todo
from programs import rules
from programs.models import LogEntry, PlanItem, PlanItemStatus, Program, ProgramStatus
from surveys.models import Invitation, Survey
from tests.factories import ConsentFactory, PersonFactory
from tests.mentoring.helpers import mentee, mentor, teacher_form, with_consents

DAY = datetime.timedelta(days=1)


@pytest.fixture
def today():
    with timezone.override("Europe/Moscow"):  # the cast's school's zone, as the pages see it
        return timezone.localdate()


# --- building the school ---------------------------------------------------------------


def pair(school, *, status=Status.ACTIVE, mentor_person=None, mentee_person=None, start=None, end=None):
    today = timezone.localdate()
    start = start or today - 100 * DAY
    made = Mentorship.objects.create(
        school=school,
        form=teacher_form(school),
        planned_start=start,
        planned_end=end or today + 150 * DAY,
        status=status,
    )
    Participant.objects.create(mentorship=made, person=mentor_person or mentor(school), role="mentor", started_on=start)
    Participant.objects.create(mentorship=made, person=mentee_person or mentee(school), role="mentee", started_on=start)
    return made


def program(mentorship, by, *, status=ProgramStatus.APPROVED, end=None, items=()):
    """A program of ``mentorship``; an agreed or approved one has a far «final meeting» besides ``items``."""
    today = timezone.localdate()
    end = end or today + 120 * DAY
    made = rules.program_create(
        mentorship=mentorship,
        by=by,
        title="Адаптация молодого педагога",
        goal="Освоить",
        start=end - 200 * DAY,
        end=end,
    )
    for item in items:
        if isinstance(item, dict):
            PlanItem.objects.create(program=made, **item)
        else:
            title, day, *state = item
            PlanItem.objects.create(program=made, title=title, planned_on=day, status=state[0] if state else "planned")
    if status in (ProgramStatus.AGREED, ProgramStatus.APPROVED):
        PlanItem.objects.create(program=made, title="Итоговая встреча", planned_on=end)
        rules.program_agree(program=made, by=by)
    if status == ProgramStatus.APPROVED:
        rules.program_approve(program=made, by=by)
    made.refresh_from_db()
    return made


def person_of(user, school=None):
    return Person.objects.get(user=user, school=school) if school else Person.objects.get(user=user)


def counts(user, school, roles=None, on=None):
    roles = roles if roles is not None else {Role(m.role) for m in user.memberships.filter(school=school)}
    return {task.key: task.count for task in todo.tasks_of(user, school, roles, on or timezone.localdate())}


def task(user, school, key):
    roles = {Role(m.role) for m in user.memberships.filter(school=school)}
    return next(t for t in todo.tasks_of(user, school, roles) if t.key == key)


def awaiting_document(school, by, type=DocumentType.ORDER_AWARD):
    document = drafting.draft(school=school, type=type, by=by, context={})
    signing.send_for_signature(document=document, by=by)
    return document


def badges(response) -> dict[str, int]:
    return {item["url"]: item["badge"] for item in response.context["nav_items"]}


# --- director ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_director_counts_documents_to_sign_and_open_paper_registrations(cast, today):
    awaiting_document(cast.school, cast.curator)
    awaiting_document(cast.school, cast.curator)
    drafting.draft(school=cast.school, type=DocumentType.ORDER_AWARD, by=cast.curator, context={})  # not sent
    awaiting_document(cast.other_school, cast.other_curator)
    consent = drafting.draft_consent(
        person=person_of(cast.mentee), type=DocumentType.CONSENT_PUBLICATION, by=cast.secretary
    )
    signing.send_for_signature(document=consent, by=cast.secretary)  # its subject signs it, never the director

    paper = drafting.draft(school=cast.school, type=DocumentType.ORDER_AWARD, by=cast.curator, context={})
    other = drafting.draft(school=cast.other_school, type=DocumentType.ORDER_AWARD, by=cast.other_curator, context={})

    def registration(document, until, **fields):
        return PaperRegistration.objects.create(
            school=document.school,
            document=document,
            scan="documents/scan.pdf",
            sha256="0" * 64,
            registered_by=cast.secretary,
            contest_until=until,
            **fields,
        )

    registration(paper, today)  # the last day to contest it: counts
    registration(paper, today - DAY)  # too late to contest
    registration(paper, today + DAY, confirmed_at=timezone.now(), confirmed_by=cast.director)
    registration(paper, today + DAY, contested_at=timezone.now(), contested_by=cast.director)
    registration(other, today + DAY)

    assert counts(cast.director, cast.school) == {"to-sign": 2, "paper-originals": 1}
    assert task(cast.director, cast.school, "to-sign").url == reverse("documents:inbox")
    expected = reverse("documents:detail", kwargs={"pk": paper.pk}) + "#registrations-heading"
    assert task(cast.director, cast.school, "paper-originals").url == expected
    # The mentee's consent waits for the mentee, personally.
    assert counts(cast.mentee, cast.school) == {"my-signatures": 1}
    assert task(cast.mentee, cast.school, "my-signatures").url == reverse(
        "documents:party_sign", kwargs={"pk": consent.pk}
    )
    assert counts(cast.other_curator, cast.other_school) == {}


@pytest.mark.django_db
def test_director_home_lists_the_tasks_and_the_menu_counts_them(cast, client_as):
    awaiting_document(cast.school, cast.curator)
    awaiting_document(cast.school, cast.curator)
    response = client_as(cast.director).get(reverse("home"))
    page = response.content.decode()
    to_sign = task(cast.director, cast.school, "to-sign")
    assert 'data-testid="todo"' in page
    assert f'href="{to_sign.url}">{to_sign.label}</a>' in page
    assert badges(response)[reverse("documents:inbox")] == 2
    assert badges(response)[reverse("home")] == 0
    assert 'data-testid="nav-badge">2' in page
    # The old alert is gone: the to-do block says it once.
    assert page.count(to_sign.label) == 1


@pytest.mark.django_db
def test_nothing_waiting_says_so(cast, client_as):
    response = client_as(cast.council_member).get(reverse("home"))
    page = response.content.decode()
    assert 'data-testid="todo-empty"' in page
    assert all(item["badge"] == 0 for item in response.context["nav_items"])
    assert 'data-testid="nav-badge"' not in page


# --- curator -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_curator_counts_at_the_boundaries(cast, today):
    school = cast.school
    # Proposed pairs: one of three is in a draft order already.
    proposed = [pair(school, status=Status.PROPOSED) for _ in range(3)]
    drafting.draft_pairs_order(school=school, mentorships=[proposed[0]], by=cast.curator)
    pair(cast.other_school, status=Status.PROPOSED)
    # Consents: one active pair lacks the mentee's; a draft lacking them is not the curator's worry yet.
    pair(school, mentee_person=mentee(school, consents=False))
    pair(school, status=Status.DRAFT, mentee_person=mentee(school, consents=False))
    pair(cast.other_school, mentee_person=mentee(cast.other_school, consents=False))
    # Programs to approve: agreed ones only.
    program(pair(school), cast.curator, status=ProgramStatus.AGREED)
    program(pair(school), cast.curator, status=ProgramStatus.DRAFT, items=[("Консультация", today + 5 * DAY)])
    program(pair(cast.other_school), cast.other_curator, status=ProgramStatus.AGREED)
    # Pairs ending: in exactly 30 days counts, in 31 does not; today counts; an ended one does not.
    pair(school, end=today + 30 * DAY)
    pair(school, end=today + 31 * DAY)
    pair(school, end=today)
    pair(school, status=Status.APPROVED, end=today + 10 * DAY, start=today + 5 * DAY)  # not active yet
    pair(cast.other_school, end=today + 3 * DAY)
    # Overdue: yesterday counts, today does not; done and cancelled never.
    items = [
        ("Вчерашняя консультация", today - DAY),
        ("Позавчерашняя", today - 2 * DAY),
        ("Сегодняшняя", today),
        ("Проведённая", today - 5 * DAY, PlanItemStatus.DONE),
        ("Отменённая", today - 5 * DAY, PlanItemStatus.CANCELLED),
    ]
    late = program(pair(school), cast.curator, items=items)
    program(pair(school), cast.curator, items=[("Только сегодня", today)])
    program(pair(cast.other_school), cast.other_curator, items=[("Чужая", today - 3 * DAY)])

    assert counts(cast.curator, school) == {
        "no-order": 2,
        "no-consents": 1,
        "to-approve": 1,
        "ending": 2,
        "overdue-pairs": 1,
    }
    overdue = task(cast.curator, school, "overdue-pairs")
    assert overdue.url == reverse("programs:detail", kwargs={"pk": late.pk}) + "#plan"
    with translation.override("en"):
        labels = {t.key: t.label for t in todo.tasks_of(cast.curator, school, {Role.CURATOR})}
    assert labels["overdue-pairs"] == "2 overdue plan events in 1 pair"
    assert labels["ending"] == "2 pairs end within 30 days"


@pytest.mark.django_db
def test_curator_replacements_waiting_for_their_order(cast, today):
    def replacement(mentorship, **fields):
        outgoing = mentorship.participants.get(role="mentor")
        return Replacement.objects.create(
            mentorship=mentorship,
            outgoing=outgoing,
            incoming=mentor(mentorship.school),
            reason=ReplacementReason.ILLNESS,
            effective_on=today,
            **fields,
        )

    waiting = replacement(pair(cast.school))
    ordered = replacement(pair(cast.school))
    drafting.draft_replacement_order(replacement=ordered, by=cast.curator)
    replacement(pair(cast.school), state=Replacement.State.APPLIED)
    replacement(pair(cast.other_school))

    assert counts(cast.curator, cast.school) == {"replacements": 1}
    url = reverse("documents:new", kwargs={"kind": "order_replacement"}) + f"?replacement={waiting.pk}"
    assert task(cast.curator, cast.school, "replacements").url == url


@pytest.mark.django_db
def test_pairs_without_consents_follow_consent_problems(cast, today):
    """The one-query rule gives what ``consent_problems`` gives, pair by pair."""
    school = cast.school
    pupil = mentee(school, kind=PersonKind.PUPIL, birth_date=today.replace(year=today.year - 15))
    adult_today = mentee(school, kind=PersonKind.PUPIL, birth_date=today.replace(year=today.year - 18))
    unknown_age = mentee(school, kind=PersonKind.PUPIL, birth_date=None)
    with_guardian = with_consents(
        mentee(school, kind=PersonKind.PUPIL, birth_date=today.replace(year=today.year - 16)), ConsentKind.GUARDIAN
    )
    withdrawn = mentee(school)
    Consent.objects.filter(person=withdrawn, kind=ConsentKind.PERSONAL_DATA).update(withdrawn_on=today)
    expired = mentee(school)
    Consent.objects.filter(person=expired, kind=ConsentKind.MENTEE_PARTICIPATION).update(valid_until=today - DAY)
    future = mentee(school, consents=False)
    ConsentFactory(person=future, kind=ConsentKind.PERSONAL_DATA, given_on=today + DAY)
    ConsentFactory(person=future, kind=ConsentKind.MENTEE_PARTICIPATION, given_on=today - DAY)
    wrong_role = mentor(school, consents=False)
    with_consents(wrong_role, ConsentKind.PERSONAL_DATA, ConsentKind.MENTEE_PARTICIPATION)  # a mentee's, not a mentor's
    replaced = pair(school)
    gone = mentor(school, consents=False)
    Participant.objects.create(
        mentorship=replaced, person=gone, role="mentor", started_on=today - 50 * DAY, ended_on=today - DAY
    )

    built = [
        pair(school, mentee_person=pupil),
        pair(school, mentee_person=adult_today),
        pair(school, mentee_person=unknown_age),
        pair(school, mentee_person=with_guardian),
        pair(school, mentee_person=withdrawn),
        pair(school, mentee_person=expired),
        pair(school, mentee_person=future),
        pair(school, mentor_person=wrong_role),
        pair(school, status=Status.PROPOSED),
        replaced,
    ]
    lacking = set(todo.without_consents(school, today).values_list("pk", flat=True))
    expected = {m.pk for m in built if consent_problems(m, today)}
    assert lacking == expected
    assert lacking == {m.pk for m in [built[0], built[2], built[4], built[5], built[6], built[7]]}


@pytest.mark.django_db
def test_curator_home_and_board_badge(cast, client_as, today):
    pair(cast.school, status=Status.PROPOSED)
    pair(cast.school, end=today + 30 * DAY)
    response = client_as(cast.curator).get(reverse("home"))
    page = response.content.decode()
    for key in ("no-order", "ending"):
        found = task(cast.curator, cast.school, key)
        assert f'href="{found.url}">{found.label}</a>' in page
    assert badges(response)[reverse("mentoring:board")] == 2


# --- mentor and mentee --------------------------------------------------------------------


@pytest.fixture
def teaching(cast, today):
    """The cast's mentor mentors the cast's mentee in an approved program; their accounts hold the roles."""
    mentorship = pair(cast.school, mentor_person=person_of(cast.mentor), mentee_person=person_of(cast.mentee))
    items = [
        ("Сегодня", today),
        ("Через неделю", today + 7 * DAY),
        ("Через восемь дней", today + 8 * DAY),
        ("Вчера", today - DAY),
        ("Проведённая вчера", today - DAY, PlanItemStatus.DONE),
        {"title": "Курс", "planned_on": today - 20 * DAY, "planned_until": today + 3 * DAY},  # a period ending soon
    ]
    made = program(mentorship, cast.curator, items=items)
    return made


@pytest.mark.django_db
def test_mentor_counts_at_the_boundaries(cast, today, teaching):
    def entry(reflection="", read=None, program=teaching):
        return LogEntry.objects.create(
            program=program,
            occurred_on=today - 2 * DAY,
            what_done="Разбор урока",
            reflection=reflection,
            reflection_read_at=read,
        )

    entry("Поняла, как строить урок")  # unread: counts
    entry("Прочитанная", read=timezone.now())
    entry("")  # nothing to read
    # Another mentor's program and a draft of the mentor's own.
    program(pair(cast.school), cast.curator, items=[("Чужая вчера", today - DAY)])
    draft = program(pair(cast.school, mentor_person=person_of(cast.mentor)), cast.curator, status=ProgramStatus.DRAFT)
    PlanItem.objects.create(program=draft, title="Черновик вчера", planned_on=today - DAY)

    assert counts(cast.mentor, cast.school) == {"due-soon": 3, "mentor-overdue": 1, "to-read": 1}
    # A role in the other school shows nothing of this one.
    Membership.objects.create(user=cast.mentor, school=cast.other_school, role=Role.MENTOR)
    assert counts(cast.mentor, cast.other_school) == {}
    detail = reverse("programs:detail", kwargs={"pk": teaching.pk})
    assert task(cast.mentor, cast.school, "due-soon").url == detail + "#plan"
    assert task(cast.mentor, cast.school, "to-read").url == detail + "#log"


@pytest.mark.django_db
def test_a_replaced_mentor_has_nothing_left(cast, today, teaching):
    Participant.objects.filter(mentorship=teaching.mentorship, role="mentor").update(ended_on=today - DAY)
    assert counts(cast.mentor, cast.school) == {}


@pytest.mark.django_db
def test_mentor_reports_are_due_within_fourteen_days(cast, today):
    me = person_of(cast.mentor)
    due = program(pair(cast.school, mentor_person=me), cast.curator, end=today + 14 * DAY)
    program(pair(cast.school, mentor_person=me), cast.curator, end=today + 15 * DAY)
    assert counts(cast.mentor, cast.school) == {"reports": 1}
    url = reverse("programs:detail", kwargs={"pk": due.pk}) + "#complete-heading"
    assert task(cast.mentor, cast.school, "reports").url == url


@pytest.mark.django_db
def test_program_changes_wait_for_the_side_that_has_not_agreed(cast, today):
    mentorship = pair(cast.school, mentor_person=person_of(cast.mentor), mentee_person=person_of(cast.mentee))
    made = program(mentorship, cast.curator, items=[("Консультация", today + 40 * DAY)])
    assert not rules.has_pending_changes(made)
    assert "mentor-agreement" not in counts(cast.mentor, cast.school)

    item = made.items.get(title="Консультация")
    item.title = "Консультация по оцениванию"
    rules.plan_item_save(item=item, by=cast.mentor)
    made.refresh_from_db()
    assert rules.has_pending_changes(made)
    assert counts(cast.mentor, cast.school)["mentor-agreement"] == 1
    assert counts(cast.mentee, cast.school)["mentee-agreement"] == 1
    url = reverse("programs:detail", kwargs={"pk": made.pk}) + "#pending-correction"
    assert task(cast.mentee, cast.school, "mentee-agreement").url == url

    rules.correction_agree(program=made, by=cast.mentor, as_mentor=True, reason="Другая тема")
    assert "mentor-agreement" not in counts(cast.mentor, cast.school)
    assert counts(cast.mentee, cast.school)["mentee-agreement"] == 1

    rules.correction_agree(program=made, by=cast.mentee, as_mentor=False)
    assert "mentee-agreement" not in counts(cast.mentee, cast.school)


@pytest.mark.django_db
def test_pending_changes_match_the_rule_for_every_kind_of_change(cast, today):
    """The prefetched check gives ``has_pending_changes`` for each part a version freezes."""
    from mentoring.models import Mode
    from people.models import Deficit

    me = person_of(cast.mentor)
    made = {
        name: program(pair(cast.school, mentor_person=me), cast.curator, items=[("Встреча", today + 30 * DAY)])
        for name in ("same", "title", "item", "new item", "stage", "deficit", "mode", "until")
    }
    rules.program_update(program=made["title"], by=cast.mentor, title="Новое название")
    item = made["item"].items.get(title="Встреча")
    item.planned_on = today + 31 * DAY
    rules.plan_item_save(item=item, by=cast.mentor)
    rules.plan_item_save(
        item=PlanItem(program=made["new item"], title="Ещё", planned_on=today + 9 * DAY), by=cast.mentor
    )
    stage = made["stage"].stages.first()
    stage.end = stage.end - DAY
    stage.save()
    deficit = Deficit.objects.create(person=person_of(cast.mentee), description="Оценивание", diagnosed_on=today)
    made["deficit"].deficits.add(deficit)
    made["mode"].mentorship.modes.add(Mode.objects.create(school=cast.school, name="Виртуальное"))
    until = made["until"].items.get(title="Встреча")
    until.planned_until = today + 35 * DAY
    until.save()

    awaiting = todo.programs_awaiting_agreement(cast.mentor, cast.school)["mentor"]
    expected = [
        p.pk
        for p in Program.objects.filter(pk__in=[p.pk for p in made.values()]).order_by("pk")
        if rules.has_pending_changes(p)
    ]
    assert awaiting == expected
    assert made["same"].pk not in awaiting
    assert len(awaiting) == len(made) - 1


@pytest.mark.django_db
def test_mentee_counts(cast, today, teaching):
    def entry(reflection="", program=teaching):
        return LogEntry.objects.create(
            program=program, occurred_on=today - 2 * DAY, what_done="Разбор урока", reflection=reflection
        )

    waiting = entry()
    entry("Уже написала")
    me = person_of(cast.mentee)
    # A draft with a plan waits for her agreement; an empty one does not.
    draft = program(
        pair(cast.school, mentee_person=me),
        cast.curator,
        status=ProgramStatus.DRAFT,
        items=[("Консультация", today + 10 * DAY)],
    )
    program(pair(cast.school, mentee_person=me), cast.curator, status=ProgramStatus.DRAFT)
    # A completed program's sessions are closed.
    done = program(pair(cast.school, mentee_person=me), cast.curator)
    entry(program=done)
    Program.objects.filter(pk=done.pk).update(status=ProgramStatus.COMPLETED)
    # Surveys: an open invitation counts; an answered one and another person's do not.
    survey = Survey.objects.create(school=cast.school, title="Входная анкета")
    open_invitation = Invitation.objects.create(survey=survey, mentorship=teaching.mentorship, person=me, role="mentee")
    Invitation.objects.create(
        survey=Survey.objects.create(school=cast.school, title="Старая"),
        mentorship=teaching.mentorship,
        person=me,
        role="mentee",
        answered_at=timezone.now(),
    )
    Invitation.objects.create(
        survey=survey, mentorship=teaching.mentorship, person=person_of(cast.mentor), role="mentor"
    )

    assert counts(cast.mentee, cast.school) == {"mentee-agreement": 1, "to-reflect": 1, "mentee-surveys": 1}
    assert task(cast.mentee, cast.school, "mentee-agreement").url == reverse("programs:detail", kwargs={"pk": draft.pk})
    assert task(cast.mentee, cast.school, "to-reflect").url == reverse("programs:reflect", kwargs={"pk": waiting.pk})
    assert task(cast.mentee, cast.school, "mentee-surveys").url == reverse(
        "survey_answer", kwargs={"token": open_invitation.token}
    )
    # The mentor's own invitation is on the mentor's list.
    assert counts(cast.mentor, cast.school)["mentor-surveys"] == 1


@pytest.mark.django_db
def test_mentee_home_and_my_mentoring_badge(cast, client_as, today, teaching):
    LogEntry.objects.create(program=teaching, occurred_on=today - DAY, what_done="Разбор")
    LogEntry.objects.create(program=teaching, occurred_on=today - 2 * DAY, what_done="Ещё разбор")
    response = client_as(cast.mentee).get(reverse("home"))
    page = response.content.decode()
    found = task(cast.mentee, cast.school, "to-reflect")
    assert found.url == reverse("programs:detail", kwargs={"pk": teaching.pk}) + "#log"
    assert f'href="{found.url}">{found.label}</a>' in page
    assert badges(response)[reverse("mentoring:mine")] == 2


# --- several roles, and the request ------------------------------------------------------


@pytest.mark.django_db
def test_several_roles_see_the_union_grouped_per_role(cast, client_as, today):
    Membership.objects.create(user=cast.director, school=cast.school, role=Role.CURATOR)
    awaiting_document(cast.school, cast.curator)
    pair(cast.school, status=Status.PROPOSED)
    consent = drafting.draft_consent(
        person=PersonFactory(school=cast.school, user=cast.director),
        type=DocumentType.CONSENT_PUBLICATION,
        by=cast.secretary,
    )
    signing.send_for_signature(document=consent, by=cast.secretary)

    response = client_as(cast.director).get(reverse("home"))
    groups = response.context["todo"]
    assert [g["role"] for g in groups] == [todo.PERSONAL, Role.DIRECTOR, Role.CURATOR]
    assert [[t.key for t in g["tasks"]] for g in groups] == [["my-signatures"], ["to-sign"], ["no-order"]]
    page = response.content.decode()
    assert str(Role.CURATOR.label) in page
    assert reverse("documents:party_sign", kwargs={"pk": consent.pk}) in page
    assert badges(response)[reverse("home")] == 1
    assert badges(response)[reverse("documents:inbox")] == 1
    assert badges(response)[reverse("mentoring:board")] == 1


@pytest.mark.django_db
def test_tasks_are_counted_once_per_request(cast, client_as, calls_to):
    calls = calls_to(todo, "tasks_of")
    client_as(cast.curator).get(reverse("home"))
    assert len(calls) == 1


@pytest.mark.django_db
def test_counting_reads_one_query_however_many_pairs(cast, today, django_assert_max_num_queries):
    def fill(times):
        for _ in range(times):
            pair(cast.school, status=Status.PROPOSED)
            pair(cast.school, mentee_person=mentee(cast.school, consents=False), end=today + 5 * DAY)
            program(pair(cast.school), cast.curator, status=ProgramStatus.AGREED)
            program(pair(cast.school), cast.curator, items=[("Вчера", today - DAY)])
            awaiting_document(cast.school, cast.curator)

    users = [(cast.director, {Role.DIRECTOR}), (cast.curator, {Role.CURATOR}), (cast.mentee, {Role.MENTEE})]
    for user, _roles in users:
        user.has_perm("portal.view_dashboard", cast.school)  # the request has read the memberships already
    fill(1)
    for user, roles in users:
        with django_assert_max_num_queries(1):
            todo.tasks_of(user, cast.school, roles, today)
    fill(3)
    for user, roles in users:
        with django_assert_max_num_queries(1):
            assert todo.tasks_of(user, cast.school, roles, today) or user == cast.mentee


@pytest.mark.django_db
def test_checking_program_changes_takes_six_queries_however_many_programs(cast, today, django_assert_max_num_queries):
    me, mine = person_of(cast.mentor), person_of(cast.mentee)
    cast.mentor.has_perm("portal.view_dashboard", cast.school)
    for count in (1, 4):
        while Program.objects.filter(mentorship__participants__person=me).count() < count:
            made = program(
                pair(cast.school, mentor_person=me, mentee_person=mine),
                cast.curator,
                items=[("Встреча", today + 20 * DAY)],
            )
            rules.program_update(program=made, by=cast.mentor, goal="Другая цель")
        with django_assert_max_num_queries(6):
            tasks = todo.tasks_of(cast.mentor, cast.school, {Role.MENTOR}, today)
        assert {t.key: t.count for t in tasks}["mentor-agreement"] == count


# --- words ---------------------------------------------------------------------------------


def _russian_catalogue_has_the_labels() -> bool:
    with translation.override("ru"):
        return ngettext("%(count)s pair without consents", "%(count)s pairs without consents", 2) != (
            "%(count)s pairs without consents"
        )


@pytest.mark.skipif(
    not _russian_catalogue_has_the_labels(), reason="issue 15's Russian strings are not merged into the catalogue yet"
)
@pytest.mark.django_db
def test_labels_are_russian_with_their_plural_forms(cast, client_as, today):
    with translation.override("ru"):
        for count, expected in [(1, "1 пара без согласий"), (3, "3 пары без согласий"), (5, "5 пар без согласий")]:
            assert (
                ngettext("%(count)s pair without consents", "%(count)s pairs without consents", count)
                % {"count": count}
                == expected
            )
    for _ in range(2):
        awaiting_document(cast.school, cast.curator)
    pair(cast.school, status=Status.PROPOSED)
    page = client_as(cast.director).get(reverse("home")).content.decode()
    assert "Что ждёт вас" in page
    assert "2 документа ждут вашей подписи" in page
    assert "2 ждут вашего действия" in page
    page = client_as(cast.curator).get(reverse("home")).content.decode()
    assert "1 предложенная пара без приказа" in page
    page = client_as(cast.council_member).get(reverse("home")).content.decode()
    assert "Всё сделано — ничего не ждёт" in page
