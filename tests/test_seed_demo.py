import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Membership, School, User
from accounts.roles import Role
from people.models import Person, PersonKind


@pytest.mark.django_db
def test_demo_has_every_role_and_a_realistic_school():
    call_command("seed_demo")
    main = School.objects.get(slug="sosh-2")
    assert Person.objects.for_school(main).staff().current().count() >= 30
    assert Person.objects.for_school(main).filter(kind=PersonKind.PUPIL).exists()
    assert Person.objects.for_school(main).filter(kind=PersonKind.EXTERNAL, partner_organization__isnull=False).exists()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == set(Role.values)
    assert School.objects.filter(municipality=main.municipality).count() == 2


@pytest.mark.django_db
def test_running_it_twice_changes_nothing():
    call_command("seed_demo")
    counts = (User.objects.count(), Person.objects.count(), Membership.objects.count(), School.objects.count())
    call_command("seed_demo")
    assert counts == (User.objects.count(), Person.objects.count(), Membership.objects.count(), School.objects.count())


@pytest.mark.django_db
def test_demo_curator_can_log_in_with_the_documented_password(client):
    call_command("seed_demo")
    import re
    from pathlib import Path

    readme = Path(__file__).resolve().parent.parent.joinpath("README.md").read_text(encoding="utf-8")
    password = re.search(r"demo-curator\s*\|\s*`([^`]+)`", readme).group(1)
    response = client.post(reverse("login"), {"username": "demo-curator", "password": password})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_demo_bank_shows_profiles_consents_and_a_gap(client):
    from people.consents import missing_consents

    call_command("seed_demo")
    main = School.objects.get(slug="sosh-2")
    people = Person.objects.for_school(main)
    assert people.mentors().count() >= 5
    assert people.mentees().count() >= 5
    gaps = [p for p in people.mentees() if missing_consents(p, as_mentor=False)]
    assert [p.last_name for p in gaps] == ["Лебедев"]


@pytest.mark.django_db
def test_demo_has_mentorships_in_every_status():
    from mentoring.models import Mentorship, Status

    call_command("seed_demo")
    call_command("seed_demo")
    statuses = set(Mentorship.objects.values_list("status", flat=True))
    assert statuses == set(Status.values)
    assert any(m.is_group for m in Mentorship.objects.prefetch_related("participants"))


@pytest.mark.django_db
def test_demo_programs_cover_every_stage_and_the_demo_mentor_has_one_to_log_in(client):
    from programs.models import Program, ProgramStatus

    call_command("seed_demo")
    call_command("seed_demo")
    assert set(Program.objects.values_list("status", flat=True)) == set(ProgramStatus.values)
    assert Program.objects.filter(versions__number=2).exists()
    client.post(reverse("login"), {"username": "demo-mentor", "password": "nastavnik-2026"})
    page = client.get("/").content.decode()
    assert "Записать встречу" in page


@pytest.mark.django_db
def test_demo_documents_of_every_type_signed_and_pending():
    from documents.models import Document, DocumentStatus, DocumentType
    from documents.signing import verify

    call_command("seed_demo")
    call_command("seed_demo")
    assert set(Document.objects.values_list("type", flat=True)) == set(DocumentType.values)
    assert set(Document.objects.values_list("status", flat=True)) == set(DocumentStatus.values)
    assert all(verify(d) for d in Document.objects.filter(status=DocumentStatus.SIGNED))


@pytest.mark.django_db
def test_demo_monitoring_has_two_years_surveys_and_a_public_section(client):
    from monitoring.indicators import compute
    from public.models import NewsItem

    call_command("seed_demo")
    call_command("seed_demo")
    main = School.objects.get(slug="sosh-2")
    for year in (2025, 2026):
        values = {i.code: i for i in compute(main, year)}
        assert values["mentorships"].numerator > 0
        assert values["mentee_satisfaction"].denominator > 0
    assert NewsItem.objects.for_school(main).count() >= 3
    page = client.get(f"/s/{main.slug}/nastavnichestvo/people/").content.decode()
    assert "Григорьева Нина Фёдоровна" in page


# --- issue 18: the second demo municipality ---
@pytest.mark.django_db
def test_the_two_demo_municipalities_do_not_see_each_other(client):
    from demo.second_municipality import PRACTICE_TITLE

    call_command("seed_demo")
    first = School.objects.get(slug="sosh-2")
    second = School.objects.get(slug="tikhvin-sosh-1")
    assert first.municipality != second.municipality
    for login, own, foreign in (("demo-officer", first, second), ("demo-officer2", second, first)):
        client.force_login(User.objects.get(username=login))
        page = client.get(reverse("municipality")).content.decode()
        assert own.full_name in page or str(own) in page
        assert foreign.full_name not in page
        assert str(foreign) not in page
        practices = client.get(reverse("municipal:practices")).content.decode()
        assert (PRACTICE_TITLE in practices) == (own == second)
    client.logout()
    public = client.get(reverse("public:municipality", kwargs={"slug": "tikhvin"})).content.decode()
    assert PRACTICE_TITLE in public
    assert reverse("public:index", kwargs={"slug": second.slug}) in public
    assert first.full_name not in public
    client.force_login(User.objects.get(username="demo-curator3"))
    assert client.get(reverse("programs:bank")).status_code == 200
