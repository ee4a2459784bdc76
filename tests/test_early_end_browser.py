"""An early end played in Chromium: the curator proposes it on the pair's page, the to-do list
leads her to the termination order, the director signs it in her inbox, and only then is the
pair terminated — the mentor hears of it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from documents.models import Document, DocumentStatus, DocumentType
from mentoring.models import Mentorship, Status
from people.models import ConsentKind, MenteeProfile, MentorProfile, Person
from tests.browser import session, shoot
from tests.cast import make_cast
from tests.mentoring.helpers import with_consents
from tests.programs.helpers import running_mentorship

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_curator_proposes_the_director_signs_and_only_then_the_pair_ends(live_server, browser):
    cast = make_cast()
    mentor_person = Person.objects.get(user=cast.mentor)
    mentee_person = Person.objects.get(user=cast.mentee)
    MentorProfile.objects.create(person=mentor_person)
    MenteeProfile.objects.create(person=mentee_person)
    with_consents(mentor_person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION)
    with_consents(mentee_person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTEE_PARTICIPATION)
    pair = running_mentorship(cast, mentor_person=mentor_person, mentee_person=mentee_person)
    end_on = timezone.localdate() + datetime.timedelta(days=10)

    curator_context, curator = session(browser, live_server, "boris")
    curator.goto(f"{live_server.url}/mentoring/{pair.pk}/")
    early_end = curator.get_by_test_id("early-end")
    early_end.get_by_label("Причина").select_option(label="по взаимному согласию")
    early_end.get_by_label("Дата").fill(end_on.isoformat())
    early_end.get_by_role("button", name="Оформить досрочное прекращение").click()
    expect(curator.get_by_role("alert").first).to_contain_text("когда директор подпишет приказ")
    assert Mentorship.objects.get(pk=pair.pk).status in (Status.APPROVED, Status.ACTIVE)

    curator.goto(f"{live_server.url}/")
    task = curator.get_by_test_id("to-terminate")
    expect(task).to_contain_text("1 досрочное прекращение ждёт приказа")
    task.get_by_role("link").first.click()
    expect(curator.get_by_label(str(Mentorship.objects.get(pk=pair.pk)), exact=False)).to_be_visible()
    curator.get_by_label(str(Mentorship.objects.get(pk=pair.pk)), exact=False).check()
    curator.get_by_role("button", name="Зарегистрировать проект").click()
    expect(curator.get_by_role("alert").first).to_contain_text("зарегистрирован")
    curator.get_by_role("button", name="Отправить на подпись").click()
    expect(curator.get_by_role("alert").first).to_contain_text("на подпись")
    document = Document.objects.get(type=DocumentType.ORDER_TERMINATION)
    assert Mentorship.objects.get(pk=pair.pk).status in (Status.APPROVED, Status.ACTIVE)

    director_context, director = session(browser, live_server, "alla")
    director.goto(f"{live_server.url}/documents/inbox/")
    item = director.get_by_test_id("inbox-item")
    expect(item).to_contain_text("О досрочном прекращении наставничества")
    item.get_by_label("Ваш пароль для подписи").fill("secret-pass-1")
    item.get_by_role("button", name="Подписать").click()
    expect(director.get_by_role("alert").first).to_contain_text("Подписано")
    shoot(director, "early-end-signed")

    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    pair = Mentorship.objects.get(pk=pair.pk)
    assert pair.status == Status.TERMINATED
    assert pair.actual_end == end_on

    mentor_context, mentor = session(browser, live_server, "dmitry")
    mentor.goto(f"{live_server.url}/notifications/")
    expect(mentor.get_by_text(f"№ {document.number}").first).to_be_visible()
    mentor.goto(f"{live_server.url}/mentoring/{pair.pk}/")
    expect(mentor.get_by_test_id("early-end")).to_have_count(0)

    for context in (curator_context, director_context, mentor_context):
        context.close()
