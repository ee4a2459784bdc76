import datetime

import factory

from accounts.models import Membership, Municipality, School, User
from accounts.roles import Role
from people.models import Consent, ConsentKind, PartnerOrganization, Person, PersonKind, Sex


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality

    name = factory.Sequence(lambda n: f"Муниципальный район № {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    full_name = factory.Sequence(lambda n: f"Муниципальное общеобразовательное учреждение «Школа № {n}»")
    short_name = factory.Sequence(lambda n: f"МОУ «Школа № {n}»")
    slug = factory.Sequence(lambda n: f"school-{n}")
    municipality = factory.SubFactory(MunicipalityFactory)
    time_zone = "Europe/Moscow"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Иванова"
    first_name = "Мария"
    patronymic = "Петровна"
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-1")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.MENTOR


class PartnerOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"ООО «Партнёр {n}»")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    school = factory.SubFactory(SchoolFactory)
    last_name = factory.Iterator(["Петрова", "Сидорова", "Кузнецова", "Орлова"])
    first_name = factory.Iterator(["Анна", "Елена", "Ольга", "Дарья"])
    patronymic = "Игоревна"
    sex = Sex.FEMALE
    kind = PersonKind.STAFF
    position = "Учитель математики"
    employee_number = factory.Sequence(lambda n: f"{n:05d}")
    birth_date = datetime.date(1990, 5, 17)
    teaching_started_on = datetime.date(2015, 9, 1)
    hired_on = datetime.date(2015, 9, 1)


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    kind = ConsentKind.PERSONAL_DATA
    given_on = datetime.date(2025, 9, 1)
    scan = factory.django.FileField(filename="scan.pdf", data=b"%PDF-1.4 test scan")
