"""The regional coordinator (seed 004 §III.2): the region's municipalities side by side, each
municipality's schools, aggregates only, and nothing of another region."""

import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Membership, Region
from accounts.permissions import Action
from accounts.roles import Role
from tests.factories import MembershipFactory, MunicipalityFactory, SchoolFactory, UserFactory
from tests.monitoring.test_indicators import SEPT_1, Y, mentorship, teacher
from tests.monitoring.test_municipality_indicator import PLANNED_END, a_pair, regulation


def shows(row: str, percent: str) -> bool:
    """The share printed in either language's decimal separator."""
    return f"{percent} %" in row or f"{percent.replace('.', ',')} %" in row


def row_of(page: str, marker: str) -> str:
    row = page[page.index(marker) :]
    return row[: row.index("</tr>")]


def test_a_regional_coordinator_starts_at_the_region_page(cast, client_as):
    response = client_as(cast.regional).get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("region:index")


def test_the_regional_role_is_held_in_a_region_only(cast):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.regional, role=Role.REGIONAL_COORDINATOR, school=cast.school)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.regional, role=Role.REGIONAL_COORDINATOR, municipality=cast.municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.officer, role=Role.MUNICIPAL_OFFICER, region=cast.region)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=cast.curator, role=Role.CURATOR, school=cast.school, region=cast.region)
    assert not Role.REGIONAL_COORDINATOR.is_school_role


def test_the_region_is_read_only_by_its_own_coordinator(cast):
    far = Region.objects.create(name="Ульяновская область", slug="ulyanovsk")
    cast.other_municipality.region = far
    cast.other_municipality.save()
    assert cast.regional.has_perm(Action.VIEW_REGION, cast.region)
    assert cast.regional.has_perm(Action.VIEW_REGION, cast.municipality)
    assert not cast.regional.has_perm(Action.VIEW_REGION, far)
    assert not cast.regional.has_perm(Action.VIEW_REGION, cast.other_municipality)
    assert not cast.officer.has_perm(Action.VIEW_REGION, cast.region)
    assert not cast.regional.has_perm(Action.VIEW_MUNICIPALITY, cast.municipality)
    assert not cast.regional.has_perm(Action.VIEW_DASHBOARD, cast.school)


@pytest.fixture
def region_of_two(cast):
    """The cast's municipality (A: 5 young of whom 3 mentees; B: 5 young, 1 a mentee, regulation
    signed and a pair: implemented) and a second municipality of the region with 6 young, 6 mentees."""
    mentor = teacher(cast.school)
    young_a = [teacher(cast.school, teaching_started_on=datetime.date(Y - 1, 9, 1)) for _ in range(5)]
    mentorship(cast.school, mentors=[mentor], mentees=young_a[:3], start=SEPT_1, end=PLANNED_END)
    young_b = [teacher(cast.other_school, teaching_started_on=datetime.date(Y - 1, 9, 1)) for _ in range(5)]
    mentorship(
        cast.other_school, mentors=[teacher(cast.other_school)], mentees=young_b[:1], start=SEPT_1, end=PLANNED_END
    )
    regulation(cast.other_school, datetime.date(Y, 9, 1))
    second = MunicipalityFactory(name="Волховский район", slug="volkhov", region=cast.region)
    school = SchoolFactory(short_name="Школа Г", municipality=second)
    young = [teacher(school, teaching_started_on=datetime.date(Y - 1, 9, 1)) for _ in range(6)]
    mentorship(school, mentors=[teacher(school)], mentees=young, start=SEPT_1, end=PLANNED_END)
    return second


def test_the_region_page_sets_its_municipalities_side_by_side(cast, client_as, region_of_two):
    page = client_as(cast.regional).get(reverse("region:index"), {"year": Y}).content.decode()
    assert "Лодейнопольский район" in page
    assert "Волховский район" in page
    assert "Тихвинский район" not in page  # not of this region
    first = row_of(page, f'data-municipality="{cast.municipality.pk}"')
    # Young specialists: (3 + 1) of (5 + 5) = 40 %; schools: 2, one implementing.
    assert shows(first, "40.0")
    assert "4 / 10" in first
    assert shows(first, "50.0")
    assert "1 / 2" in first
    second = row_of(page, f'data-municipality="{region_of_two.pk}"')
    assert shows(second, "100.0")
    assert "6 / 6" in second
    total = row_of(page, 'data-testid="region-total"')
    assert "10 / 16" in total  # young specialists over the whole region
    assert "1 / 3" in total  # schools implementing the system
    assert 'data-testid="as-of"' in page
    for name in ("Васильева", "Смирнов", "Школа А", "Школа Г"):  # no person, no school on the region page
        assert name not in page


def test_a_small_total_is_masked_and_so_is_what_would_give_it_away(cast, client_as):
    """A: 6 young, 6 mentees; B: 2 young, 1 mentee (a small share). The municipality's total
    (7 of 8) would give B away with A shown on the municipality's page: masked. The region's total
    with only this municipality masked would give it away again: masked too."""
    young_a = [teacher(cast.school, teaching_started_on=datetime.date(Y - 1, 9, 1)) for _ in range(6)]
    mentorship(cast.school, mentors=[teacher(cast.school)], mentees=young_a, start=SEPT_1, end=PLANNED_END)
    young_b = [teacher(cast.other_school, teaching_started_on=datetime.date(Y - 1, 9, 1)) for _ in range(2)]
    mentorship(
        cast.other_school, mentors=[teacher(cast.other_school)], mentees=young_b[:1], start=SEPT_1, end=PLANNED_END
    )
    client = client_as(cast.regional)
    page = client.get(reverse("region:index"), {"year": Y}).content.decode()
    detail = client.get(reverse("region:municipality", args=[cast.municipality.slug]), {"year": Y}).content.decode()
    first = row_of(page, f'data-municipality="{cast.municipality.pk}"')
    assert "7 / 8" not in first
    assert not shows(first, "87.5")
    assert "data-masked" in first
    assert "7 / 8" not in row_of(page, 'data-testid="region-total"')
    # The municipality's page of the region shows A, masks B and the total.
    assert shows(row_of(detail, f'data-school="{cast.school.pk}"'), "100.0")
    assert "data-masked" in row_of(detail, f'data-school="{cast.other_school.pk}"')
    assert "7 / 8" not in row_of(detail, 'data-testid="municipality-total"')


def test_the_region_xlsx_has_a_line_per_municipality_and_the_total(cast, client_as, region_of_two):
    response = client_as(cast.regional).get(reverse("region:export"), {"year": Y})
    assert response["Content-Disposition"] == f'attachment; filename="region-{Y}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    rows = {(r[0], r[1]): dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    young = rows[("Волховский район", "young_in_programs")]
    assert (young["Числитель"], young["Знаменатель"], young["Значение"]) == (6, 6, 100.0)
    own = rows[("Ленинградская область", "schools_implementing")]
    assert (own["Числитель"], own["Знаменатель"], own["Цель"]) == (1, 3, 85.0)
    assert ("Тихвинский район", "young_in_programs") not in rows
    assert str(rows[("Ленинградская область", "young_in_programs")]["Данные"]).startswith("Данные на ")


def test_a_municipality_of_the_region_shows_its_schools_aggregates(cast, client_as, region_of_two):
    client = client_as(cast.regional)
    page = client.get(reverse("region:municipality", args=[cast.municipality.slug]), {"year": Y}).content.decode()
    assert "Школа А" in page
    assert "Школа Б" in page
    assert "Школа В" not in page
    assert "Смирнов" not in page  # never a person
    assert client.get(reverse("region:municipality", args=[cast.other_municipality.slug])).status_code == 404
    assert client.get(reverse("region:municipality", args=["no-such-place"])).status_code == 404


def test_another_regions_coordinator_sees_none_of_it(cast, client_as, region_of_two):
    far = Region.objects.create(name="Ульяновская область", slug="ulyanovsk")
    cast.other_municipality.region = far
    cast.other_municipality.save()
    stranger = UserFactory(username="olga")
    MembershipFactory(user=stranger, role=Role.REGIONAL_COORDINATOR, school=None, region=far)
    client = client_as(stranger)
    page = client.get(reverse("region:index")).content.decode()
    assert "Тихвинский район" in page
    assert "Лодейнопольский район" not in page
    assert "Волховский район" not in page
    assert client.get(reverse("region:municipality", args=[cast.municipality.slug])).status_code == 404


def test_the_municipality_page_reads_stored_figures_and_says_when(cast, client_as):
    regulation(cast.school, datetime.date(Y, 9, 1))
    a_pair(cast.school)
    page = client_as(cast.officer).get(reverse("municipality"), {"year": Y}).content.decode()
    assert 'data-testid="as-of"' in page
    assert "data-implemented" in row_of(page, f'data-school="{cast.school.pk}"')


def test_the_schools_table_is_laid_out_anew_once_a_figure_or_a_name_changed(
    cast, client_as, django_capture_on_commit_callbacks
):
    """The table is kept in the cache under its schools' names and the times their figures were
    computed (region.table.version_of): a refreshed figure or a new name shows on the next load."""
    with django_capture_on_commit_callbacks(execute=True):
        regulation(cast.school, datetime.date(Y, 9, 1))
    officer = client_as(cast.officer)
    marker = f'data-school="{cast.school.pk}"'

    def page() -> str:
        return officer.get(reverse("municipality"), {"year": Y}).content.decode()

    assert "data-implemented" not in row_of(page(), marker)  # no pair fixed yet
    with django_capture_on_commit_callbacks(execute=True):
        a_pair(cast.school)  # the school's stored figures are refreshed after the commit
    assert "data-implemented" in row_of(page(), marker)
    cast.school.short_name = "Школа имени Пушкина"
    cast.school.save()
    assert "Школа имени Пушкина" in row_of(page(), marker)
