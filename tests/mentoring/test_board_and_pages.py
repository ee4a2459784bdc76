"""The curator's board and the mentorship pages, as each role sees them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Mentorship, Status
from people.models import Person
from tests.mentoring.helpers import mentee, mentor, teacher_form, with_consents
from tests.mentoring.test_lifecycle import active, draft


@pytest.mark.django_db
def test_the_board_shows_statuses_loads_alerts_and_who_still_needs_a_mentor(cast, client_as):
    today = timezone.localdate()
    busy = mentor(cast.school, last_name="Нагруженный", max_mentees=1)
    ending = active(cast, mentors=[busy])
    Mentorship.objects.filter(pk=ending.pk).update(planned_end=today + datetime.timedelta(days=10))
    draft(cast, mentees=[mentee(cast.school, consents=False, last_name="Безсогласия")])
    lonely = mentee(cast.school, last_name="Одинокая")
    Person.objects.filter(pk=lonely.pk).update(teaching_started_on=today)

    page = client_as(cast.curator).get(reverse("mentoring:board")).content.decode()

    assert "Нагруженный" in page
    assert "Заканчивается через 10 дн." in page
    assert "Безсогласия" in page
    assert "нет действующего согласия" in page
    needing = page[page.index('data-testid="needing-mentor"') :]
    assert "Одинокая" in needing[: needing.index("</table>")]


@pytest.mark.django_db
def test_mentors_and_mentees_see_only_their_own_mentorships(cast, client_as):
    own_mentor = Person.objects.get(user=cast.mentor)
    from people.models import MentorProfile

    MentorProfile.objects.create(person=own_mentor)
    with_consents(own_mentor, "personal_data", "mentor")
    mine = draft(cast, mentors=[own_mentor], mentees=[mentee(cast.school, last_name="Моянаставляемая")])
    other = draft(cast, mentees=[mentee(cast.school, last_name="Чужаянаставляемая")])
    client = client_as(cast.mentor)

    page = client.get(reverse("mentoring:mine")).content.decode()
    assert "Моянаставляемая" in page
    assert "Чужаянаставляемая" not in page
    assert client.get(reverse("mentoring:detail", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("mentoring:detail", kwargs={"pk": other.pk})).status_code == 403
    assert client.get(reverse("mentoring:board")).status_code == 403
    assert client.post(reverse("mentoring:propose", kwargs={"pk": mine.pk})).status_code == 403


@pytest.mark.django_db
def test_curator_creates_and_proposes_through_the_pages(cast, client_as):
    m, e = mentor(cast.school, last_name="Опытная"), mentee(cast.school, last_name="Молодая")
    client = client_as(cast.curator)
    response = client.post(
        reverse("mentoring:create"),
        {
            "form": teacher_form(cast.school).pk,
            "mentors": [m.pk],
            "mentees": [e.pk],
            "planned_start": "01.09.2026",
            "planned_end": "31.05.2027",
            "direction": "Методика преподавания",
        },
    )
    mentorship = Mentorship.objects.get()
    assert response.url == reverse("mentoring:detail", kwargs={"pk": mentorship.pk})
    page = client.post(reverse("mentoring:propose", kwargs={"pk": mentorship.pk}), follow=True).content.decode()
    assert "предложена для утверждения" in page
    assert Mentorship.objects.get().status == Status.PROPOSED


@pytest.mark.django_db
def test_a_refused_step_explains_itself_and_changes_nothing(cast, client_as):
    mentorship = draft(cast, mentees=[mentee(cast.school, consents=False, last_name="Безсогласия")])
    page = (
        client_as(cast.curator)
        .post(reverse("mentoring:propose", kwargs={"pk": mentorship.pk}), follow=True)
        .content.decode()
    )
    assert "Безсогласия" in page
    assert "нет действующего согласия" in page
    assert Mentorship.objects.get().status == Status.DRAFT


@pytest.mark.django_db
def test_a_draft_is_edited_freely_and_a_running_pair_only_in_its_modes(cast, client_as):
    from mentoring import lifecycle
    from mentoring.models import Mode
    from tests.mentoring.test_lifecycle import active

    pair = draft(cast)
    lifecycle.mentorship_update(mentorship=pair, by=cast.curator, planned_end=datetime.date(2027, 6, 30))
    assert Mentorship.objects.get(pk=pair.pk).planned_end == datetime.date(2027, 6, 30)
    with pytest.raises(Exception, match="3"):
        lifecycle.mentorship_update(mentorship=pair, by=cast.curator, planned_end=datetime.date(2026, 10, 1))

    running = active(cast)
    with pytest.raises(Exception, match="только ролевую модель"):
        lifecycle.mentorship_update(mentorship=running, by=cast.curator, planned_end=datetime.date(2027, 6, 30))
    virtual = Mode.objects.get(school=cast.school, name="виртуальное (дистанционное)")
    client_as(cast.curator).post(
        reverse("mentoring:edit", kwargs={"pk": running.pk}), {"modes": [virtual.pk], "direction": "ИКТ"}
    )
    running.refresh_from_db()
    assert list(running.modes.all()) == [virtual]
    assert running.direction == "ИКТ"
    assert running.planned_end == datetime.date(2027, 5, 31)
