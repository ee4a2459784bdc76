"""The read replica (issue 19, «scaling out»): reports read from it, everything else and every
write goes to the primary. In tests the «replica» alias mirrors the primary (Django's way to test
a primary/replica set-up), so a query's alias shows where the router sent it."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Municipality, School
from config.routers import reading_from_replica
from tests.cast import make_cast

both = pytest.mark.django_db(databases=["default", "replica"], transaction=True)


@both
def test_inside_a_report_reads_go_to_the_replica_and_writes_to_the_primary(settings):
    settings.READ_REPLICA = True
    municipality = Municipality.objects.create(name="Район", slug="rayon")
    with reading_from_replica():
        schools = School.objects.filter(municipality=municipality)
        assert schools.db == "replica"
        created = School.objects.create(full_name="Школа", slug="shkola", municipality=municipality)
        assert created._state.db == "default"
        assert list(schools) == [created]  # the mirror sees the primary's committed row
    assert School.objects.all().db == "default"


@both
def test_without_a_replica_nothing_is_routed_to_it(settings):
    settings.READ_REPLICA = False
    with reading_from_replica():
        assert School.objects.all().db == "default"


@both
def test_the_municipality_page_reads_from_the_replica(settings, client):
    settings.READ_REPLICA = True
    cast = make_cast()
    client.force_login(cast.officer)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        response = client.get(reverse("municipality"))
    assert response.status_code == 200
    assert "Школа А" in response.content.decode()
    assert len(on_replica.captured_queries) > 0
    assert not [q for q in on_replica.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]


@both
def test_a_page_outside_the_reports_reads_from_the_primary(settings, client):
    settings.READ_REPLICA = True
    cast = make_cast()
    client.force_login(cast.curator)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert client.get(reverse("mentoring:board")).status_code == 200
    assert on_replica.captured_queries == []
