"""The municipal roles: the coordinator and the methodical association member work in their own
municipality, never in another, and never in a school's data."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Membership
from accounts.permissions import Action
from accounts.roles import Role


def test_each_municipal_role_starts_at_its_municipality(cast, client_as):
    for user in (cast.officer, cast.methodist, cast.other_officer):
        response = client_as(user).get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"] == reverse("municipality")


def test_a_coordinator_sees_the_schools_of_her_own_municipality_only(cast, client_as):
    page = client_as(cast.officer).get(reverse("municipality")).content.decode()
    assert "Школа А" in page
    assert "Школа Б" in page
    assert "Школа В" not in page

    page = client_as(cast.other_officer).get(reverse("municipality")).content.decode()
    assert "Школа В" in page
    assert "Школа А" not in page
    assert "Школа Б" not in page


def test_the_municipality_page_says_what_waits_and_names_the_role(cast, client_as):
    page = client_as(cast.methodist).get(reverse("municipality")).content.decode()
    assert 'data-testid="todo"' in page
    assert "Муниципалитет" in page  # the menu entry


@pytest.mark.parametrize(
    "action",
    [Action.VIEW_MUNICIPAL_BANK, Action.VIEW_MUNICIPAL_ROADMAPS, Action.VIEW_ASSOCIATION, Action.VIEW_MUNICIPAL_REPORT],
)
def test_municipal_permissions_hold_only_in_the_own_municipality(cast, action):
    assert cast.officer.has_perm(action, cast.municipality)
    assert cast.methodist.has_perm(action, cast.municipality)
    assert not cast.officer.has_perm(action, cast.other_municipality)
    assert not cast.other_officer.has_perm(action, cast.municipality)
    for school_user in (cast.director, cast.curator, cast.mentor, cast.other_curator, cast.outsider):
        assert not school_user.has_perm(action, cast.municipality)


def test_what_only_the_coordinator_does(cast):
    for action in (
        Action.EXPORT_MUNICIPAL_BASES,
        Action.PROPOSE_CROSS_PAIR,
        Action.REVIEW_ROADMAPS,
        Action.MANAGE_ASSOCIATION,
    ):
        assert cast.officer.has_perm(action, cast.municipality), action
        assert not cast.methodist.has_perm(action, cast.municipality), action
        assert not cast.other_officer.has_perm(action, cast.municipality), action
    assert cast.methodist.has_perm(Action.WRITE_EXPERT_REVIEW, cast.municipality)
    assert not cast.officer.has_perm(Action.WRITE_EXPERT_REVIEW, cast.municipality)


def test_a_school_role_cannot_read_municipal_data_through_its_school(cast):
    """A school of the municipality is not the municipality: its curator is not a coordinator."""
    assert not cast.curator.has_perm(Action.VIEW_MUNICIPAL_BANK, cast.school)
    assert cast.officer.has_perm(Action.VIEW_MUNICIPAL_BANK, cast.school)  # the school's municipality
    assert not cast.other_officer.has_perm(Action.VIEW_MUNICIPAL_BANK, cast.school)


def test_practices_of_the_municipality_reach_its_schools_people(cast):
    assert cast.mentor.has_perm(Action.VIEW_MUNICIPAL_PRACTICES, cast.municipality)
    assert not cast.mentor.has_perm(Action.VIEW_MUNICIPAL_PRACTICES, cast.other_municipality)
    assert not cast.outsider.has_perm(Action.VIEW_MUNICIPAL_PRACTICES, cast.municipality)


@pytest.mark.parametrize("role", [Role.MUNICIPAL_OFFICER, Role.MUNICIPAL_METHODIST])
def test_a_municipal_role_is_held_in_a_municipality_never_in_a_school(cast, role):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.outsider, role=role, school=cast.school)


def test_a_school_role_is_held_in_a_school_never_in_a_municipality(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.outsider, role=Role.CURATOR, municipality=cast.municipality)
