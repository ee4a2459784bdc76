import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import MembershipFactory, PersonFactory


def test_dates_print_as_dd_mm_yyyy():
    with translation.override("ru"):
        rendered = Template("{{ d|date }}|{{ d|date:'SHORT_DATE_FORMAT' }}").render(
            Context({"d": datetime.date(2026, 3, 1)})
        )
    assert rendered == "01.03.2026|01.03.2026"


def test_russian_date_input_is_accepted():
    from django import forms

    class F(forms.Form):
        day = forms.DateField()

    with translation.override("ru"):
        form = F(data={"day": "31.08.2026"})
        assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == datetime.date(2026, 8, 31)


@pytest.mark.django_db
def test_pages_use_the_current_schools_time_zone(cast, client_as, rf):
    from accounts.middleware import CurrentSchoolMiddleware

    seen = {}

    def view(request):
        seen["zone"] = str(timezone.get_current_timezone())
        seen["local"] = timezone.localtime(datetime.datetime(2026, 1, 1, 0, 0, tzinfo=datetime.UTC))
        from django.http import HttpResponse

        return HttpResponse()

    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/")
    request.user = cast.other_curator
    request.session = SessionStore()
    CurrentSchoolMiddleware(view)(request)

    assert seen["zone"] == "Asia/Irkutsk"
    assert seen["local"].hour == 8  # UTC+8 in Irkutsk


@pytest.mark.django_db
def test_a_person_card_shows_dates_the_russian_way(cast, client_as):
    person = PersonFactory(school=cast.school, birth_date=datetime.date(1990, 5, 7))
    page = client_as(cast.curator).get(reverse("people:person", kwargs={"pk": person.pk})).content.decode()
    assert "07.05.1990" in page


@pytest.mark.django_db
def test_switcher_lists_only_the_users_schools(cast, client_as):
    MembershipFactory(user=cast.curator, school=cast.other_school, role="curator")
    page = client_as(cast.curator).get(reverse("home")).content.decode()
    assert 'data-testid="school-switcher"' in page
    assert "Школа Б" in page
