"""The portal's table of actions (accounts/permissions.py) is the last word on them: a Django
model permission granted in the admin is no side door to an action the table refuses."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.permissions import Action
from people.models import Person
from tests.factories import UserFactory


def granted(user, *codenames):
    """As an administrator would tick them in the admin's user form."""
    for codename in codenames:
        app_label, name = codename.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=name))
    return type(user).objects.get(pk=user.pk)  # a fresh object: no permission cache


@pytest.mark.django_db
def test_a_model_permission_named_like_an_action_grants_nothing(cast, client):
    assert Action.VIEW_PERSON == "people.view_person"  # the very name Django gives the model permission
    person = Person.objects.filter(school=cast.school).first()
    user = granted(UserFactory(username="clerk", is_staff=True), Action.VIEW_PERSON, Action.CHANGE_PERSON)
    assert not user.has_perm(Action.VIEW_PERSON)
    assert not user.has_perm(Action.VIEW_PERSON, person)
    assert not user.has_perm(Action.CHANGE_PERSON, person)
    client.force_login(user)
    response = client.get(reverse("people:person", kwargs={"pk": person.pk}))
    assert response.status_code in (403, 404)
    assert person.last_name not in response.content.decode()


@pytest.mark.django_db
def test_a_model_permission_the_table_does_not_name_still_works_in_the_admin(cast):
    user = granted(UserFactory(username="clerk", is_staff=True), "people.add_person")
    assert user.has_perm("people.add_person")


@pytest.mark.django_db
def test_a_refusal_reads_no_django_permissions(cast, client_as):
    """The curator's dashboard asks about freezing and unfreezing, which she may not: the answer
    comes from her memberships, without reading the user's and groups' model permissions."""
    client = client_as(cast.curator)
    client.get(reverse("monitoring:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("monitoring:dashboard"))
    assert response.status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]]
