"""Issue 17's requests played in Chromium, each role in its own browser session.

The mentor asks to end the mentoring early and is told the art. 351.8 date → the curator finds
the request on her home page and in the bell, accepts it → the pair's page offers the early end
filled in from the request → the curator records it and the to-do list asks for the order →
the mentor hears the answer. Nothing ends before the director's order.
"""

import pytest
from playwright.sync_api import expect

from mentoring.models import Mentorship, Petition, Status
from mentoring.notice import earliest_end
from people.models import ConsentKind, MenteeProfile, MentorProfile, Person
from tests.browser import session, shoot
from tests.cast import make_cast
from tests.mentoring.helpers import with_consents
from tests.programs.helpers import running_mentorship

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_mentor_asks_to_end_early_and_the_curator_answers(live_server, browser):
    from django.utils import timezone

    cast = make_cast()
    mentor_person = Person.objects.get(user=cast.mentor)
    mentee_person = Person.objects.get(user=cast.mentee)
    MentorProfile.objects.create(person=mentor_person)
    MenteeProfile.objects.create(person=mentee_person)
    with_consents(mentor_person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION)
    with_consents(mentee_person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTEE_PARTICIPATION)
    pair = running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)
    notice_date = earliest_end(timezone.localdate()).strftime("%d.%m.%Y")

    # The mentor, on a phone, writes the request from the pair's page.
    mentor_context, mentor = session(browser, live_server, "dmitry", width=390)
    mentor.goto(f"{live_server.url}/mentoring/{pair.pk}/")
    mentor.get_by_role("link", name="Подать заявление").click()
    expect(mentor.get_by_test_id("notice-period")).to_contain_text(notice_date)
    expect(mentor.get_by_label("заменить наставника")).to_have_count(0)
    mentor.get_by_label("досрочно прекратить наставничество").check()
    mentor.get_by_label("Причина").select_option(label="загруженность")
    mentor.get_by_role("button", name="Подать заявление").click()
    expect(mentor.get_by_role("alert").first).to_contain_text("направлено куратору и директору")
    expect(mentor.get_by_test_id("petitions")).to_contain_text("ждёт ответа")
    shoot(mentor, "petition-mentor-sent")

    # The curator sees it waiting on her home page and in the bell, and answers it.
    curator_context, curator = session(browser, live_server, "boris")
    curator.goto(f"{live_server.url}/")
    expect(curator.get_by_test_id("petitions")).to_contain_text("1 заявление участника ждёт вашего ответа")
    expect(curator.get_by_test_id("notifications-bell")).to_contain_text("1")
    curator.get_by_test_id("petitions").get_by_role("link").first.click()
    listed = curator.get_by_test_id("open-petitions")
    expect(listed).to_contain_text("досрочно прекратить наставничество")
    expect(listed).to_contain_text(notice_date)
    listed.get_by_label("Принять").check()
    listed.get_by_role("button", name="Ответ").click()
    expect(curator.get_by_role("alert").first).to_contain_text("Заявление принято")
    early_end = curator.get_by_test_id("early-end")
    expect(early_end.get_by_label("Причина")).to_have_value("mentor")
    shoot(curator, "petition-curator-accepted")
    early_end.get_by_role("button", name="Оформить досрочное прекращение").click()
    expect(curator.get_by_role("alert").first).to_contain_text("вступит в силу, когда директор подпишет приказ")
    expect(curator.get_by_test_id("early-end")).to_contain_text("Сформировать приказ о досрочном прекращении")
    curator.goto(f"{live_server.url}/")
    expect(curator.get_by_test_id("to-terminate")).to_contain_text("1 досрочное прекращение ждёт приказа")

    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.status in (Status.APPROVED, Status.ACTIVE)
    assert pair.termination_proposed
    assert Petition.objects.get().state == Petition.State.ACCEPTED

    # The mentor hears the answer.
    mentor.goto(f"{live_server.url}/notifications/")
    expect(mentor.get_by_text("Ваше заявление принято").first).to_be_visible()
    shoot(mentor, "petition-mentor-answered")

    # A colleague cannot write a request about someone else's pair.
    council_context, council = session(browser, live_server, "galina")
    response = council.goto(f"{live_server.url}/mentoring/{pair.pk}/request/")
    assert response.status == 403

    for context in (mentor_context, curator_context, council_context):
        context.close()
