"""Pairs across schools (issue 18, item 3): a mentor of school B for a teacher of school A.

The coordinator (or a school's curator) proposes → both schools' curators agree → B's director
signs the order assigning the mentor → A fixes the pair by its order → the mentor works on it in A.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.memberships import forget_memberships, roles_in
from accounts.roles import Role
from documents import drafting, signing
from documents.models import DocumentStatus, DocumentType
from documents.orders import proposed_without_order
from mentoring import cross_school, lifecycle
from mentoring.models import CrossSchoolLink, Mentorship, Status
from notifications.models import Kind, Notification
from people.models import ConsentKind
from portal.todo import tasks_of
from tests.factories import ConsentFactory, MembershipFactory, UserFactory
from tests.mentoring.helpers import END, START, mentee, mentor, teacher_form

PASSWORD = "secret-pass-1"


def municipal(person):
    ConsentFactory(person=person, kind=ConsentKind.MUNICIPAL_SHARING, given_on=datetime.date(2026, 1, 1))
    return person


def people(cast):
    """A mentor of school B (with an account and the mentor's role there) and a mentee of school A."""
    user = UserFactory(username="petr", last_name="Петров", first_name="Пётр", patronymic="Ильич")
    MembershipFactory(user=user, role=Role.MENTOR, school=cast.other_school)
    teacher = municipal(mentor(cast.other_school, user=user, last_name="Петров", first_name="Пётр", sex="m"))
    young = municipal(mentee(cast.school, last_name="Новикова", first_name="Ольга", sex="f"))
    return teacher, young


def directors(cast):
    director_b = UserFactory(username="olga-b", last_name="Романова", first_name="Ольга")
    MembershipFactory(user=director_b, role=Role.DIRECTOR, school=cast.other_school)
    return cast.director, director_b


def propose(cast, teacher, young, by=None):
    link, _warnings = cross_school.propose(
        municipality=cast.municipality,
        mentor=teacher,
        mentees=[young],
        form_name=teacher_form(cast.school).name,
        start=START,
        end=END,
        by=by or cast.officer,
    )
    return link


def agreed(cast):
    teacher, young = people(cast)
    link = propose(cast, teacher, young)
    cross_school.agree(link=link, school=cast.school, by=cast.curator)
    cross_school.agree(link=link, school=cast.other_school, by=cast.other_curator)
    link.refresh_from_db()
    return link


def refreshed(link):
    return CrossSchoolLink.objects.select_related("mentorship", "mentor_order").get(pk=link.pk)


@pytest.mark.django_db(transaction=True)
def test_the_whole_road_from_the_coordinators_proposal_to_the_mentor_working_in_the_mentees_school(cast):
    teacher, young = people(cast)
    director_a, director_b = directors(cast)
    link = propose(cast, teacher, young)

    pair = link.mentorship
    assert pair.school == cast.school, "the pair lives in the mentee's school"
    assert pair.mentors == [teacher]
    assert teacher.school == cast.other_school
    assert pair.status == Status.DRAFT
    assert link.proposed_by_municipality
    # Both curators are told, and each sees it on their to-do list.
    told = set(Notification.objects.filter(kind=Kind.CROSS_PAIR_PROPOSED).values_list("user__username", flat=True))
    assert told == {"boris", "zoya"}
    for user, school in ((cast.curator, cast.school), (cast.other_curator, cast.other_school)):
        keys = {t.key: t.count for t in tasks_of(user, school, roles_in(user, school))}
        assert keys.get("cross-agreement") == 1

    # The host's curator alone cannot propose it for the order.
    with pytest.raises(ValidationError, match="когда обе школы дадут согласие"):
        lifecycle.mentorship_propose(mentorship=pair, by=cast.curator)
    cross_school.agree(link=link, school=cast.school, by=cast.curator)
    assert refreshed(link).mentorship.status == Status.DRAFT
    with pytest.raises(ValidationError, match="Школа уже дала согласие"):
        cross_school.agree(link=link, school=cast.school, by=cast.curator)

    cross_school.agree(link=link, school=cast.other_school, by=cast.other_curator)
    link = refreshed(link)
    assert link.mentorship.status == Status.PROPOSED
    order = link.mentor_order
    assert order.school == cast.other_school
    assert order.type == DocumentType.ORDER_EXTERNAL_MENTOR
    assert order.status == DocumentStatus.AWAITING_SIGNATURE
    # The host's curator and the coordinator hear of it (B's curator agreed last: not told of her own step).
    agreed_told = set(Notification.objects.filter(kind=Kind.CROSS_PAIR_AGREED).values_list("user__username", flat=True))
    assert agreed_told == {"boris", "inna"}
    assert list(signing.awaiting_director(cast.other_school)) == [order]

    # The host cannot fix the pair before the mentor's school's order is signed.
    assert link.mentorship not in proposed_without_order(cast.school)
    with pytest.raises(ValidationError, match="подпишет приказ о закреплении наставника"):
        drafting.draft_pairs_order(school=cast.school, mentorships=[link.mentorship], by=cast.curator)

    signing.sign(document=order, by=director_b, password=PASSWORD)
    assert refreshed(link).mentor_order.status == DocumentStatus.SIGNED
    assert list(proposed_without_order(cast.school)) == [link.mentorship]

    pairs_order = drafting.draft_pairs_order(school=cast.school, mentorships=[link.mentorship], by=cast.curator)
    signing.send_for_signature(document=pairs_order, by=cast.curator)
    signing.sign(document=pairs_order, by=director_a, password=PASSWORD)
    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.status in (Status.APPROVED, Status.ACTIVE)
    # The mentor's account holds the mentor's role in the mentee's school now.
    forget_memberships(teacher.user)
    assert Role.MENTOR in roles_in(teacher.user, cast.school)

    # When the pair ends, the role given for it goes.
    lifecycle.mentorship_terminate(
        mentorship=pair, by=cast.curator, reason="mutual", on=START + datetime.timedelta(days=40)
    )
    forget_memberships(teacher.user)
    assert Role.MENTOR not in roles_in(teacher.user, cast.school)
    assert Role.MENTOR in roles_in(teacher.user, cast.other_school), "the own school's role stays"


@pytest.mark.django_db
def test_the_external_mentor_order_names_the_mentor_the_mentee_her_school_the_term_and_the_pay(cast):
    link = agreed(cast)
    context = link.mentor_order.context
    assert context["mentor"]["short"] == "Петров П. И." or context["mentor"]["full"].startswith("Петров Пётр")
    assert context["host"]["short_name"] == "Школа А"
    assert context["start"] == START.strftime("%d.%m.%Y")
    assert context["end"] == END.strftime("%d.%m.%Y")
    assert link.mentor_order.person == link.mentorship.mentors[0]
    from documents.printing import document_html, print_context

    html = document_html(link.mentor_order, print_context(link.mentor_order, final=False))
    assert "О закреплении наставника за педагогом другой образовательной организации" in html
    assert "Петрова Петра" in html, "the mentor in the accusative"
    assert "Новиковой Ольги" in html, "the mentee in the genitive"
    assert "Школа А" in html or "школа-a" in html
    assert "доплату" in html
    assert "351.8" in html


@pytest.mark.django_db
def test_a_school_curator_proposing_agrees_for_the_school(cast):
    teacher, young = people(cast)
    link = propose(cast, teacher, young, by=cast.curator)
    assert link.host_agreed_by == cast.curator
    assert link.mentor_school_agreed_at is None
    assert not link.proposed_by_municipality
    assert cross_school.waits_for(link, cast.other_school)
    assert not cross_school.waits_for(link, cast.school)


@pytest.mark.django_db
def test_refused_proposal_is_not_formed_and_needs_a_reason(cast):
    teacher, young = people(cast)
    link = propose(cast, teacher, young)
    with pytest.raises(ValidationError, match="Укажите, почему школа отказывается"):
        cross_school.refuse(link=link, school=cast.other_school, by=cast.other_curator, reason=" ")
    cross_school.refuse(link=link, school=cast.other_school, by=cast.other_curator, reason="Нагрузка наставника")
    link = refreshed(link)
    assert link.is_refused
    assert link.mentorship.status == Status.NOT_FORMED
    with pytest.raises(ValidationError):
        cross_school.agree(link=link, school=cast.school, by=cast.curator)


@pytest.mark.django_db
def test_refusing_after_agreement_withdraws_the_mentors_order(cast):
    link = agreed(cast)
    cross_school.refuse(link=link, school=cast.school, by=cast.curator, reason="Передумали")
    link = refreshed(link)
    assert link.mentor_order.status == DocumentStatus.WITHDRAWN
    assert link.mentorship.status == Status.NOT_FORMED


@pytest.mark.django_db
def test_only_consenting_people_of_two_schools_of_one_municipality(cast):
    teacher, young = people(cast)
    no_consent = mentor(cast.other_school, last_name="Без", first_name="Согласия")
    with pytest.raises(ValidationError, match="согласия на передачу своих данных муниципалитету"):
        propose(cast, no_consent, young)
    same_school = municipal(mentor(cast.school, last_name="Свой", first_name="Учитель"))
    with pytest.raises(ValidationError, match="работает в школе наставляемых"):
        propose(cast, same_school, young)
    far = municipal(mentor(cast.far_school, last_name="Дальний", first_name="Учитель"))
    with pytest.raises(ValidationError, match="одному муниципалитету"):
        propose(cast, far, young)
    with pytest.raises(ValidationError, match="Срок короче 3 месяцев"):
        cross_school.propose(
            municipality=cast.municipality,
            mentor=teacher,
            mentees=[young],
            form_name=teacher_form(cast.school).name,
            start=START,
            end=START + datetime.timedelta(days=20),
            by=cast.officer,
        )
    # Nobody else proposes: an outsider, a school's mentor.
    with pytest.raises(ValidationError, match="муниципальный координатор"):
        propose(cast, teacher, young, by=cast.mentor)
    assert not CrossSchoolLink.objects.exists()
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_the_participants_consents_gate_the_proposal(cast):
    teacher, young = people(cast)
    teacher.consents.filter(kind=ConsentKind.MENTOR_PARTICIPATION).delete()
    with pytest.raises(ValidationError, match="нет действующего согласия"):
        propose(cast, teacher, young)
    assert not Mentorship.objects.exists()


@pytest.mark.django_db
def test_the_mentors_school_reads_the_pair_without_forms_and_others_do_not(cast, client_as):
    link = agreed(cast)
    url = reverse("mentoring:cross_detail", kwargs={"pk": link.pk})
    page = client_as(cast.other_curator).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Новикова" in html
    assert "<form" not in html.split("<main")[-1].split("</main>")[0]
    # The pair's own page stays the host's: the mentor's school gets 404 there.
    assert (
        client_as(cast.other_curator).get(reverse("mentoring:detail", kwargs={"pk": link.mentorship_id})).status_code
        == 404
    )
    # The mentor's school's list shows the pair, without the agree form once it agreed.
    listing = client_as(cast.other_curator).get(reverse("mentoring:cross_list")).content.decode()
    assert "Новикова" in listing
    assert reverse("mentoring:cross_agree", kwargs={"pk": link.pk}) not in listing
    # A mentor of school A has no business there.
    assert client_as(cast.mentor).get(url).status_code in (403, 404)


@pytest.mark.django_db
def test_another_municipalitys_coordinator_sees_nothing(cast, client_as):
    link = agreed(cast)
    page = client_as(cast.other_officer).get(reverse("municipal:cross_pairs"))
    assert page.status_code == 200
    assert "Новикова" not in page.content.decode()
    assert (
        client_as(cast.other_officer).get(reverse("mentoring:cross_detail", kwargs={"pk": link.pk})).status_code == 404
    )
    mine = client_as(cast.officer).get(reverse("municipal:cross_pairs")).content.decode()
    assert "Новикова" in mine


@pytest.mark.django_db
def test_the_coordinator_proposes_through_the_page(cast, client_as):
    teacher, young = people(cast)
    client = client_as(cast.officer)
    page = client.get(reverse("municipal:cross_pairs")).content.decode()
    assert f'value="{teacher.pk}"' in page
    assert f'value="{young.pk}"' in page
    # The mentee is not offered as a mentor from "another" school, and bad input changes nothing.
    response = client.post(
        reverse("municipal:cross_pairs"),
        {
            "mentees": [young.pk],
            "mentor": teacher.pk,
            "form_name": teacher_form(cast.school).name,
            "planned_start": "01.09.2026",
            "planned_end": "10.09.2026",
        },
    )
    assert response.status_code == 200
    assert not CrossSchoolLink.objects.exists()
    response = client.post(
        reverse("municipal:cross_pairs"),
        {
            "mentees": [young.pk],
            "mentor": teacher.pk,
            "form_name": teacher_form(cast.school).name,
            "planned_start": "01.09.2026",
            "planned_end": "31.05.2027",
        },
    )
    assert response.status_code == 302
    assert CrossSchoolLink.objects.get().mentorship.school == cast.school


@pytest.mark.django_db
def test_the_schools_agree_and_refuse_through_their_list(cast, client_as):
    teacher, young = people(cast)
    link = propose(cast, teacher, young)
    client = client_as(cast.curator)
    assert client.post(reverse("mentoring:cross_agree", kwargs={"pk": link.pk})).status_code == 302
    assert refreshed(link).host_agreed_by == cast.curator
    other = client_as(cast.other_curator)
    other.post(reverse("mentoring:cross_refuse", kwargs={"pk": link.pk}), {"reason": ""})
    assert not refreshed(link).is_refused
    other.post(reverse("mentoring:cross_refuse", kwargs={"pk": link.pk}), {"reason": "Наставник в отпуске"})
    assert refreshed(link).is_refused
    # A mentor of the school may not agree for it.
    assert client_as(cast.mentor).post(reverse("mentoring:cross_agree", kwargs={"pk": link.pk})).status_code == 403


@pytest.mark.django_db
def test_the_hosts_pair_page_explains_why_the_order_waits(cast, client_as):
    link = agreed(cast)
    page = client_as(cast.curator).get(reverse("mentoring:detail", kwargs={"pk": link.mentorship_id})).content.decode()
    note = page.split('data-testid="cross-note"')[1][:1500]
    assert "Школа Б" in note
    assert 'data-testid="draft-order"' not in page


@pytest.mark.django_db
def test_the_people_of_an_agreed_pair_cannot_be_changed(cast):
    teacher, young = people(cast)
    link = propose(cast, teacher, young)
    other = mentor(cast.school)
    with pytest.raises(ValidationError, match="согласовали обе школы"):
        lifecycle.mentorship_update(mentorship=link.mentorship, by=cast.curator, mentors=[other])


@pytest.mark.django_db
def test_the_coordinators_to_do_counts_proposals_waiting_for_schools(cast):
    from municipal.todo import municipal_tasks

    teacher, young = people(cast)
    propose(cast, teacher, young)
    tasks = {t.key: t for t in municipal_tasks(cast.officer, cast.municipality)}
    assert tasks["cross-waiting"].count == 1
    assert tasks["cross-waiting"].url == reverse("municipal:cross_pairs")
    assert "cross-waiting" not in {t.key for t in municipal_tasks(cast.other_officer, cast.other_municipality)}


@pytest.mark.django_db
def test_the_demo_has_pairs_across_schools_waiting_for_agreement_and_for_the_mentors_order():
    from django.core.management import call_command

    call_command("seed_demo")
    call_command("seed_demo")
    links = list(CrossSchoolLink.objects.select_related("mentorship__school", "mentor_school", "mentor_order"))
    assert len(links) == 2
    assert {(link.mentor_school.slug, link.mentorship.school.slug) for link in links} == {("sosh-2", "alekhovshchina")}
    waiting = [link for link in links if not link.is_agreed]
    agreed_ones = [link for link in links if link.is_agreed]
    assert len(waiting) == 1
    assert waiting[0].mentorship.status == Status.DRAFT
    assert len(agreed_ones) == 1
    assert agreed_ones[0].mentorship.status == Status.PROPOSED
    assert agreed_ones[0].mentor_order.status == DocumentStatus.AWAITING_SIGNATURE
    assert agreed_ones[0].mentor_order.school.slug == "sosh-2"


@pytest.mark.django_db
def test_the_host_edits_the_direction_of_a_cross_pair_but_not_its_people(cast, client_as):
    teacher, young = people(cast)
    pair = propose(cast, teacher, young).mentorship
    client = client_as(cast.curator)
    url = reverse("mentoring:edit", kwargs={"pk": pair.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "form": pair.form_id,
            "planned_start": START.strftime("%Y-%m-%d"),
            "planned_end": END.strftime("%Y-%m-%d"),
            "direction": "Формирующее оценивание",
        },
    )
    assert response.status_code == 302
    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.direction == "Формирующее оценивание"
    assert pair.mentors == [teacher]
    assert pair.mentees == [young]
