import pytest
from django.urls import reverse

from mentoring.models import MentoringForm, Mode, RoleModel


@pytest.mark.django_db
def test_every_new_school_starts_with_the_catalogs_of_the_seeds(cast):
    names = set(MentoringForm.objects.for_school(cast.school).values_list("name", flat=True))
    assert {"педагог – педагог", "ученик – ученик", "работодатель – ученик", "школа – школа"} <= names
    assert Mode.objects.for_school(cast.school).filter(name="реверсивное").exists()
    assert RoleModel.objects.for_school(cast.school).filter(name="равный – равному").exists()


@pytest.mark.django_db
def test_curator_edits_the_schools_own_catalog_only(cast, client_as):
    client = client_as(cast.curator)
    client.post(reverse("mentoring:catalog"), {"catalog": "mode", "mode-name": "наставничество в проектной команде"})
    assert Mode.objects.for_school(cast.school).filter(name="наставничество в проектной команде").exists()
    assert not Mode.objects.for_school(cast.other_school).filter(name="наставничество в проектной команде").exists()

    form = MentoringForm.objects.get(school=cast.school, name="школа – школа")
    client.post(
        reverse("mentoring:form_edit", kwargs={"pk": form.pk}),
        {"name": "школа – школа", "mentor_kinds": ["staff", "external"], "mentee_kinds": ["staff"], "position": 7},
    )
    form.refresh_from_db()
    assert form.mentor_kinds == ["staff", "external"]
    assert form.is_active is False  # unticked checkbox: the form is retired, not deleted


@pytest.mark.django_db
def test_mentors_cannot_edit_catalogs(cast, client_as):
    assert client_as(cast.mentor).get(reverse("mentoring:catalog")).status_code == 403
