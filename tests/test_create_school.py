import pytest
from django.core.management import CommandError, call_command

from accounts.models import Municipality, School


@pytest.mark.django_db
def test_it_creates_a_school_in_a_municipality(capsys):
    call_command(
        "create_school",
        "sosh-7",
        "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 7»",
        "--short-name",
        "МБОУ «СОШ № 7»",
        "--municipality",
        "Иркутский район",
        "--time-zone",
        "Asia/Irkutsk",
    )
    school = School.objects.get(slug="sosh-7")
    assert school.short_name == "МБОУ «СОШ № 7»"
    assert school.time_zone == "Asia/Irkutsk"
    assert school.municipality == Municipality.objects.get(name="Иркутский район")
    assert "/s/sosh-7/" in capsys.readouterr().out


@pytest.mark.django_db
def test_it_reuses_an_existing_municipality():
    call_command("create_school", "a-1", "Школа 1", "--municipality", "Район")
    call_command("create_school", "a-2", "Школа 2", "--municipality", "Район")
    assert Municipality.objects.filter(name="Район").count() == 1
    assert Municipality.objects.get().schools.count() == 2


@pytest.mark.django_db
def test_a_taken_address_is_refused_in_russian():
    call_command("create_school", "a-1", "Школа 1")
    with pytest.raises(CommandError, match="уже есть"):
        call_command("create_school", "a-1", "Другая школа")
    assert School.objects.count() == 1


@pytest.mark.django_db
def test_a_malformed_address_is_refused():
    with pytest.raises(CommandError, match="Школа не создана"):
        call_command("create_school", "Школа №1", "Школа 1")
    assert not School.objects.exists()
