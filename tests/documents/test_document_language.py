"""Every printed document, read back as a person reads it, for several casts.

Each test renders the real PDF (WeasyPrint), reads it with ``pdftotext`` and asserts whole
phrases: case, gender and number agree around every name, every legal item is there.
Casts: a female, a male and an acting director; one and two mentees; a male mentee; a pupil
with a guardian; an external mentor.
"""

import datetime
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from documents import drafting, paper, signing
from documents.models import DocumentSettings, DocumentStatus, DocumentType
from documents.printing import document_pdf
from mentoring import lifecycle
from mentoring.models import MentoringForm
from mentoring.replacement import replacement_request
from monitoring.models import RoadmapEvent
from people.models import ConsentKind, PartnerOrganization, PersonKind
from tests.documents.scans import pdf_bytes
from tests.mentoring.helpers import mentee, mentor, teacher_form
from tests.mentoring.test_lifecycle import active, proposed
from tests.programs.helpers import account

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None and __import__("os").environ.get("CI") != "true",
    reason="poppler-utils (pdftotext) is not installed",
)

NBSP = "\u00a0"
DIRECTORS = {
    "female": ("Соколова Ирина Владимировна", "Директор"),
    "male": ("Петров Андрей Николаевич", "Директор"),
    "acting": ("Соколова Ирина Владимировна", "Исполняющий обязанности директора"),
}


def words_of(pdf: bytes) -> str:
    """The PDF's words in reading order, with every run of spaces (and no-break spaces) as one space."""
    raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(raw.decode().replace(NBSP, " ").split())


def text_of(document, *, final=True) -> str:
    return words_of(document_pdf(document, final=final))


@pytest.fixture(params=sorted(DIRECTORS))
def director(request, cast):
    name, position = DIRECTORS[request.param]
    school = cast.school
    school.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»"
    school.short_name = "МБОУ «СОШ № 2»"
    school.director_name = name
    school.director_position = position
    school.address = "187700, Ленинградская область, г. Лодейное Поле, ул. Гагарина, д. 5"
    school.inn = "4709006537"
    school.ogrn = "1024701503770"
    school.save()
    DocumentSettings.objects.update_or_create(school=school, defaults={"place": "г. Лодейное Поле"})
    return request.param


@pytest.fixture
def school(cast):
    school = cast.school
    school.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»"
    school.short_name = "МБОУ «СОШ № 2»"
    school.director_name = "Соколова Ирина Владимировна"
    school.director_position = "Директор"
    school.address = "187700, Ленинградская область, г. Лодейное Поле, ул. Гагарина, д. 5"
    school.save()
    return school


def vasilyeva(school):
    return mentee(
        school,
        last_name="Васильева",
        first_name="Анастасия",
        patronymic="Игоревна",
        position="Учитель математики",
    )


def ivanov(school):
    return mentee(
        school, last_name="Иванов", first_name="Пётр", patronymic="Сергеевич", sex="m", position="Учитель физики"
    )


def grigoryeva(school):
    return mentor(
        school, last_name="Григорьева", first_name="Наталья", patronymic="Фёдоровна", position="Учитель математики"
    )


# --- the addressee, the director and the signature ---------------------------------------


@pytest.mark.django_db
def test_a_consent_is_addressed_to_the_director_in_the_dative_from_the_sender_in_the_genitive(cast, director):
    person = vasilyeva(cast.school)
    text = text_of(
        drafting.draft_consent(person=person, type=DocumentType.CONSENT_PARTICIPATION, by=cast.curator), final=False
    )
    expected_to = {
        "female": "Директору МБОУ «СОШ № 2» И. В. Соколовой",
        "male": "Директору МБОУ «СОШ № 2» А. Н. Петрову",
        "acting": "Исполняющему обязанности директора МБОУ «СОШ № 2» И. В. Соколовой",
    }[director]
    assert expected_to in text
    assert "от учителя математики Васильевой Анастасии Игоревны" in text
    assert "директорау" not in text
    assert "Муниципальное бюджетное" not in text.split("СОГЛАСИЕ")[0]


@pytest.mark.django_db
def test_an_agreement_names_the_director_with_the_participle_of_their_sex(cast, director):
    today = timezone.localdate()
    mentor_person = grigoryeva(cast.school)
    pair = active_now(cast, mentors=[mentor_person], mentees=[vasilyeva(cast.school)])
    document = drafting.draft_contract_supplement(
        mentorship=pair,
        by=cast.curator,
        monthly_pay="3000",
        contract_number="17",
        contract_date=datetime.date(2020, 8, 25),
    )
    text = text_of(document, final=False)
    in_person_of = {
        "female": "в лице директора Соколовой Ирины Владимировны, действующей на основании Устава",
        "male": "в лице директора Петрова Андрея Николаевича, действующего на основании Устава",
        "acting": "в лице исполняющего обязанности директора Соколовой Ирины Владимировны, "
        "действующей на основании Устава",
    }[director]
    assert in_person_of in text
    assert "доплата в размере 3 000 (три тысячи) рублей 00 копеек" in text
    assert f"Срок наставничества: с {today:%d.%m.%Y} по {pair.planned_end:%d.%m.%Y}" in text
    assert "не позднее чем за три рабочих дня" in text
    assert "оказывает наставляемой Васильевой Анастасии Игоревне помощь" in text
    assert "ИНН 4709006537, ОГРН 1024701503770" in text
    assert document.number == "ДС-1"


def active_now(cast, *, mentors=None, mentees=None, form=None):
    """A pair fixed by order whose term runs from last month to well after today."""
    today = timezone.localdate()
    mentorship, _warnings = lifecycle.mentorship_create(
        school=cast.school,
        form=form or teacher_form(cast.school),
        mentors=mentors or [mentor(cast.school)],
        mentees=mentees or [mentee(cast.school)],
        start=today - datetime.timedelta(days=30),
        end=today + datetime.timedelta(days=200),
        by=cast.curator,
    )

    lifecycle.mentorship_propose(mentorship=mentorship, by=cast.curator)
    lifecycle.mentorship_approve(
        mentorship=mentorship,
        by=cast.director,
        order_number="01-10/3",
        order_date=today - datetime.timedelta(days=31),
        on=mentorship.planned_start,
    )
    return mentorship


# --- orders ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_pairs_order_for_one_pair_speaks_of_one_mentor_and_one_mentee(cast, school):
    pair = proposed(cast, mentors=[grigoryeva(school)], mentees=[ivanov(school)])
    text = text_of(drafting.draft_pairs_order(school=school, mentorships=[pair], by=cast.curator))
    assert (
        "Назначить Григорьеву Наталью Фёдоровну, учителя математики, наставником Иванова Петра Сергеевича, "
        "учителя физики, на срок с 01.09.2026 по 31.05.2027" in text
    )
    assert (
        "Наставнику Григорьевой Наталье Фёдоровне совместно с наставляемым разработать персонализированную программу"
        in text
    )
    assert "на основании письменных согласий наставницы и наставляемого" in text
    assert "Наставникам" not in text
    assert "пар и групп" not in text
    assert "статьёй 351.8 Трудового кодекса Российской Федерации" in text
    assert "С приказом ознакомлены:" in text
    assert "Фамилия, инициалы Подпись Дата" in text
    assert "Н. Ф. Григорьева" in text
    assert "П. С. Иванов" in text
    assert "Директор И. В. Соколова" in text


@pytest.mark.django_db
def test_a_pairs_order_for_a_female_mentee_agrees_with_her(cast, school):
    pair = proposed(cast, mentors=[grigoryeva(school)], mentees=[vasilyeva(school)])
    text = text_of(drafting.draft_pairs_order(school=school, mentorships=[pair], by=cast.curator))
    assert "совместно с наставляемой разработать" in text
    assert "письменных согласий наставницы и наставляемой" in text


@pytest.mark.django_db
def test_a_pairs_order_for_several_pairs_speaks_in_the_plural_and_lists_everyone(cast, school):
    first = proposed(cast, mentors=[grigoryeva(school)], mentees=[vasilyeva(school)])
    second = proposed(cast, mentees=[ivanov(school)])
    text = text_of(drafting.draft_pairs_order(school=school, mentorships=[first, second], by=cast.curator))
    assert "утвердить состав наставнических пар (2) на указанные сроки" in text
    assert "Наставникам совместно с наставляемыми разработать персонализированные программы" in text
    assert "письменных согласий наставников и наставляемых" in text
    acquainted = text.split("С приказом ознакомлены:")[1]
    for short in ("Н. Ф. Григорьева", "А. И. Васильева", "П. С. Иванов"):
        assert short in acquainted


@pytest.mark.django_db
def test_a_group_order_names_each_mentee_with_her_own_position(cast, school):
    group = proposed(cast, mentors=[grigoryeva(school)], mentees=[ivanov(school), vasilyeva(school)])
    text = text_of(drafting.draft_pairs_order(school=school, mentorships=[group], by=cast.curator))
    assert (
        "наставником Иванова Петра Сергеевича, учителя физики, и Васильевой Анастасии Игоревны, "
        "учителя математики, на срок" in text
    )
    assert "групповое наставничество" in text
    assert "совместно с наставляемыми разработать" in text


@pytest.mark.django_db
def test_orders_cite_the_schools_regulation_by_date_and_number(cast, school):
    RoadmapEvent.objects.create(
        school=school,
        year=2026,
        stage="Подготовительный",
        title="Формирование базы наставников",
        starts_on=datetime.date(2026, 9, 1),
    )
    regulation = drafting.draft_regulation_order(
        school=school, by=cast.director, regulation_date=datetime.date(2026, 8, 28), roadmap_year="2026/2027"
    )
    signing.send_for_signature(document=regulation, by=cast.curator)
    _sign(regulation, cast.director)
    regulation.refresh_from_db()
    pair = proposed(cast)
    text = text_of(drafting.draft_pairs_order(school=school, mentorships=[pair], by=cast.curator))
    assert (
        f"Положением о системе наставничества МБОУ «СОШ № 2», утверждённым приказом от "
        f"{regulation.date:%d.%m.%Y} № {regulation.number}" in text
    )


def _sign(document, user):
    user.set_password("sign-pass-1")
    user.save()
    signing.sign(document=document, by=user, password="sign-pass-1")


@pytest.mark.django_db
def test_a_replacement_order_leaves_no_day_without_a_mentor_and_none_with_two(cast, school):
    old = mentor(school, last_name="Смирнов", first_name="Андрей", patronymic="Викторович", sex="m")
    new = grigoryeva(school)
    mentee_person = vasilyeva(school)
    running = active(cast, mentors=[old], mentees=[mentee_person])
    pending = replacement_request(
        mentorship=running,
        outgoing=old,
        incoming=new,
        reason="parental_leave",
        effective_on=datetime.date(2027, 1, 11),
        by=cast.curator,
    )
    text = text_of(drafting.draft_replacement_order(replacement=pending, by=cast.curator))
    assert (
        "Освободить Смирнова Андрея Викторовича, учителя математики, от обязанностей наставника "
        "Васильевой Анастасии Игоревны с 11.01.2027." in text
    )
    assert (
        "Назначить Григорьеву Наталью Фёдоровну, учителя математики, наставником Васильевой Анастасии Игоревны "
        "с 11.01.2027 по 31.05.2027." in text
    )
    assert "по взаимному согласию с наставляемой." in text
    assert "Прекратить выплату доплаты за наставничество Смирнову Андрею Викторовичу с 11.01.2027" in text
    assert "в связи с уходом наставника в отпуск по уходу за ребёнком" in text
    assert "10.01.2027" not in text
    acquainted = text.split("С приказом ознакомлены:")[1]
    for short in ("А. В. Смирнов", "Н. Ф. Григорьева", "А. И. Васильева"):
        assert short in acquainted


@pytest.mark.django_db
def test_a_completion_order_has_its_date_and_ends_the_extra_pay(cast, school):
    pair = active(cast, mentors=[grigoryeva(school)], mentees=[ivanov(school)])
    document = drafting.draft_completion_order(school=school, mentorships=[pair], by=cast.curator)
    text = text_of(document)
    day, next_day = document.date, document.date + datetime.timedelta(days=1)
    assert (
        f"Считать завершённой {day:%d.%m.%Y} реализацию персонализированной программы наставничества "
        "наставнической парой: наставник Григорьева Наталья Фёдоровна, учитель математики; наставляемый Иванов "
        "Пётр Сергеевич, учитель физики" in text
    )
    assert f"Прекратить выплату доплаты за наставничество Григорьевой Наталье Фёдоровне с {next_day:%d.%m.%Y}." in text
    assert "в связи с выполнением персонализированной программы наставничества" in text


@pytest.mark.django_db
def test_an_award_order_rests_on_article_191_and_agrees_with_the_count(cast, school):
    one = grigoryeva(school)
    two = mentor(school, last_name="Смирнов", first_name="Андрей", patronymic="Викторович", sex="m")
    text = text_of(drafting.draft_award_order(school=school, people=[one], award="Почётной грамотой", by=cast.director))
    assert "В соответствии со статьёй 191 Трудового кодекса Российской Федерации" in text
    assert "Наградить Григорьеву Наталью Фёдоровну, учителя математики, Почётной грамотой." in text
    assert "С приказом ознакомлена:" in text
    text = text_of(
        drafting.draft_award_order(school=school, people=[one, two], award="Почётной грамотой", by=cast.director)
    )
    assert "Наградить Почётной грамотой: Григорьеву Наталью Фёдоровну, учителя математики; Смирнова Андрея" in text
    assert "С приказом ознакомлены:" in text


@pytest.mark.django_db
def test_a_correction_declares_the_old_order_void_and_keeps_the_control_item_last(cast, school):
    person = grigoryeva(school)
    order = drafting.draft_award_order(school=school, people=[person], award="Почётной грамотой", by=cast.director)
    signing.send_for_signature(document=order, by=cast.curator)
    _sign(order, cast.director)
    order.refresh_from_db()
    correction = drafting.correction_of(document=order, by=cast.curator)
    text = text_of(correction)
    assert (
        f"Признать утратившим силу приказ от {order.date:%d.%m.%Y} № {order.number} «О поощрении наставников»." in text
    )
    assert "Взамен документа" not in text
    assert text.index("Признать утратившим силу") < text.index("Контроль за исполнением настоящего приказа")


# --- consents ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_womans_participation_consent_agrees_with_her(cast, school):
    text = text_of(
        drafting.draft_consent(person=vasilyeva(school), type=DocumentType.CONSENT_PARTICIPATION, by=cast.curator)
    )
    assert "в качестве наставляемой" in text
    assert "ознакомлена" in text
    text = text_of(
        drafting.draft_consent(person=ivanov(school), type=DocumentType.CONSENT_PARTICIPATION, by=cast.curator)
    )
    assert "в качестве наставляемого" in text
    assert "ознакомлен." in text


@pytest.mark.django_db
def test_a_mentors_consent_is_the_written_consent_of_article_351_8(cast, school):
    text = text_of(
        drafting.draft_consent(
            person=grigoryeva(school), type=DocumentType.CONSENT_PARTICIPATION, role="mentor", by=cast.curator
        )
    )
    assert "в соответствии со статьёй 351.8 Трудового кодекса Российской Федерации" in text
    assert "даю согласие на выполнение работы по наставничеству в качестве наставника" in text
    assert "не позднее чем за три рабочих дня" in text


@pytest.mark.django_db
def test_the_personal_data_consent_holds_every_item_of_article_9_part_4(cast, school):
    person = vasilyeva(school)
    text = text_of(drafting.draft_consent(person=person, type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator))
    assert "зарегистрированная по адресу: (адрес регистрации)" in text
    assert "(вид, серия и номер документа, дата выдачи, кем выдан)" in text
    assert "оператору — Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 2»" in text
    assert "адрес: 187700, Ленинградская область, г. Лодейное Поле, ул. Гагарина, д. 5" in text
    assert "Цель обработки: организация и реализация системы наставничества" in text
    assert "Перечень персональных данных: фамилия, имя, отчество" in text
    assert "Способ обработки — смешанный" in text
    assert "обработка персональных данных другим лицам по поручению оператора не поручается" in text
    term_end = drafting.consent_term_end(timezone.localdate())
    assert f"Срок действия согласия: со дня его подписания по {term_end:%d.%m.%Y} включительно." in text
    assert "Порядок отзыва: согласие может быть отозвано мною в любое время письменным заявлением" in text

    person.address = "187700, г. Лодейное Поле, ул. Ленина, д. 1, кв. 2"
    person.identity_document = "паспорт 4012 345678, выдан ТП УФМС 01.02.2012"
    person.save()
    text = text_of(drafting.draft_consent(person=person, type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator))
    assert "зарегистрированная по адресу: 187700, г. Лодейное Поле, ул. Ленина, д. 1, кв. 2" in text
    assert "документ, удостоверяющий личность: паспорт 4012 345678, выдан ТП УФМС 01.02.2012" in text


@pytest.mark.django_db
def test_a_guardians_consent_names_the_pupil_by_class_and_sex(cast, school):
    pupil = mentee(
        school,
        last_name="Лазарев",
        first_name="Кирилл",
        patronymic="Дмитриевич",
        sex="m",
        kind=PersonKind.PUPIL,
        position="",
        school_class="8 «Б»",
        birth_date=datetime.date(2013, 3, 4),
    )
    text = text_of(
        drafting.draft_consent(
            person=pupil, type=DocumentType.CONSENT_GUARDIAN, guardian_name="Лазарева Ольга Ивановна", by=cast.curator
        )
    )
    assert (
        "являясь законным представителем несовершеннолетнего Лазарева Кирилла Дмитриевича, 04.03.2013 года "
        "рождения, обучающегося 8 «Б» класса" in text
    )
    assert "в качестве наставляемого" in text
    assert "от Лазаревой Ольги Ивановны" in text
    assert "обучающегося (обучающейся)" not in text
    grown_up = vasilyeva(school)
    with pytest.raises(ValidationError):
        drafting.draft_consent(
            person=grown_up, type=DocumentType.CONSENT_GUARDIAN, guardian_name="Кто-то Иной", by=cast.curator
        )


@pytest.mark.django_db
def test_the_publication_consent_is_separate_and_says_where_what_and_how_long(cast, school):
    school.website = "https://sosh2.example.ru"
    school.inn = "4709006537"
    school.ogrn = "1024701503770"
    school.save()
    text = text_of(
        drafting.draft_consent(person=vasilyeva(school), type=DocumentType.CONSENT_PUBLICATION, by=cast.curator)
    )
    assert "разрешённых субъектом персональных данных для распространения" in text
    assert "статьёй 10.1 Федерального закона от 27.07.2006 № 152-ФЗ" in text
    assert "ИНН 4709006537, ОГРН 1024701503770" in text
    assert f"/s/{school.slug}/nastavnichestvo/" in text
    assert "https://sosh2.example.ru" in text
    assert "фамилия, имя, отчество" in text
    assert "оператор прекращает их распространение в течение трёх рабочих дней" in text


# --- who signs what ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_subject_signs_their_consent_in_the_portal_and_the_bank_gets_it(cast, school):
    person = vasilyeva(school)
    user = account(person, "vasilyeva")
    document = drafting.draft_consent(person=person, type=DocumentType.CONSENT_PUBLICATION, by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)
    assert document not in signing.awaiting_director(school)
    assert list(signing.awaiting_party(user)) == [document]
    with pytest.raises(ValidationError):
        _sign(document, cast.director)
    with pytest.raises(ValidationError):
        signing.sign_as_party(document=document, by=user, password="wrong")
    signing.sign_as_party(document=document, by=user, password="secret-pass-1")
    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    assert document.signed_by is None
    assert document.party_signed_by == user
    consent = document.consent
    assert consent.kind == ConsentKind.PUBLICATION
    assert consent.person == person
    assert consent.valid_until == drafting.consent_term_end(timezone.localdate())
    text = words_of(document.pdf.read())
    assert "Подписано простой электронной подписью: А. И. Васильева" in text


@pytest.mark.django_db
def test_nobody_else_signs_a_persons_consent(cast, school):
    person = vasilyeva(school)
    account(person, "vasilyeva")
    document = drafting.draft_consent(person=person, type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)
    cast.curator.set_password("curator-pass-1")
    cast.curator.save()
    with pytest.raises(ValidationError):
        signing.sign_as_party(document=document, by=cast.curator, password="curator-pass-1")
    document.refresh_from_db()
    assert document.status == DocumentStatus.AWAITING_SIGNATURE
    assert document.consent is None


@pytest.mark.django_db
def test_an_agreement_is_signed_by_the_employee_then_by_the_director(cast, school):
    mentor_person = grigoryeva(school)
    user = account(mentor_person, "grigoryeva", role="mentor")
    pair = active_now(cast, mentors=[mentor_person])
    document = drafting.draft_contract_supplement(
        mentorship=pair,
        by=cast.curator,
        monthly_pay="2500.50",
        contract_number="17",
        contract_date=datetime.date(2020, 8, 25),
    )
    signing.send_for_signature(document=document, by=cast.curator)
    assert document not in signing.awaiting_director(school)
    with pytest.raises(ValidationError):
        _sign(document, cast.director)
    signing.sign_as_party(document=document, by=user, password="secret-pass-1")
    assert document in signing.awaiting_director(school)
    _sign(document, cast.director)
    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    assert document.signed_by == cast.director
    text = words_of(document.pdf.read())
    assert "2 500 (две тысячи пятьсот) рублей 50 копеек" in text
    assert "Подписано простой электронной подписью: Н. Ф. Григорьева" in text


@pytest.mark.django_db
def test_an_external_mentor_gets_no_agreement_to_an_employment_contract(cast, school):
    partner = PartnerOrganization.objects.create(school=school, name="ЛГУ им. А. С. Пушкина")
    outsider = mentor(
        school,
        last_name="Орлов",
        first_name="Игорь",
        patronymic="Павлович",
        sex="m",
        kind=PersonKind.EXTERNAL,
        position="Доцент",
        partner_organization=partner,
    )
    form = MentoringForm.objects.get(school=school, name="социальный партнёр – педагог")
    pair = active_now(cast, mentors=[outsider], form=form)
    with pytest.raises(ValidationError):
        drafting.draft_contract_supplement(
            mentorship=pair,
            by=cast.curator,
            monthly_pay="1000",
            contract_number="1",
            contract_date=datetime.date(2020, 1, 1),
        )
    text = text_of(
        drafting.draft_consent(person=outsider, type=DocumentType.CONSENT_PARTICIPATION, role="mentor", by=cast.curator)
    )
    assert "Я, Орлов Игорь Павлович, доцент (ЛГУ им. А. С. Пушкина)" in text
    assert "от доцента Орлова Игоря Павловича" in text


@pytest.mark.django_db
def test_each_kind_of_document_has_its_own_number_series(cast, school):
    pair = proposed(cast)
    order = drafting.draft_pairs_order(school=school, mentorships=[pair], by=cast.curator)
    consent = drafting.draft_consent(person=vasilyeva(school), type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator)
    other = drafting.draft_consent(person=ivanov(school), type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator)
    assert order.number == "01-10/1"
    assert (consent.number, other.number) == ("С-1", "С-2")


@pytest.mark.django_db
def test_a_signed_document_is_archival_pdf_a(cast, school):
    order = drafting.draft_award_order(
        school=school, people=[grigoryeva(school)], award="Почётной грамотой", by=cast.director
    )
    signing.send_for_signature(document=order, by=cast.curator)
    _sign(order, cast.director)
    order.refresh_from_db()
    metadata = subprocess.run(["pdfinfo", "-meta", "-"], input=order.pdf.read(), capture_output=True, check=True)
    assert 'pdfaid:part="3"' in metadata.stdout.decode()
    preview = document_pdf(order, final=False)
    assert b"pdfaid" not in preview


@pytest.mark.django_db
def test_a_consent_signed_on_paper_counts_once_its_scan_is_registered(cast, school):
    from django.core.files.uploadedfile import SimpleUploadedFile

    person = vasilyeva(school)
    person.consents.all().delete()
    document = drafting.draft_consent(person=person, type=DocumentType.CONSENT_PERSONAL_DATA, by=cast.curator)
    signing.send_for_signature(document=document, by=cast.curator)
    assert not person.consents.active().exists()
    scan = pdf_bytes()
    paper.register_original(
        document=document, by=cast.secretary, upload=SimpleUploadedFile("signed.pdf", scan, "application/pdf")
    )
    document.refresh_from_db()
    assert document.status == DocumentStatus.SIGNED
    assert document.signed_on_paper
    assert document.signed_by is None
    consent = person.consents.active().get()
    assert consent.kind == ConsentKind.PERSONAL_DATA
    assert consent.scan.read() == scan
    assert consent.recorded_by == cast.secretary


@pytest.mark.django_db
def test_the_bank_records_a_paper_consent_only_with_its_scan(cast, client_as):
    from django.urls import reverse

    person = vasilyeva(cast.school)
    person.consents.all().delete()
    response = client_as(cast.curator).post(
        reverse("people:consent_add", kwargs={"pk": person.pk}),
        {"kind": ConsentKind.PERSONAL_DATA, "given_on": "01.09.2026"},
    )
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    assert not person.consents.exists()


@pytest.mark.django_db
def test_a_completion_order_names_a_female_mentee_as_one(cast, school):
    pair = active(cast, mentors=[grigoryeva(school)], mentees=[vasilyeva(school)])
    text = text_of(drafting.draft_completion_order(school=school, mentorships=[pair], by=cast.curator))
    assert "; наставляемая Васильева Анастасия Игоревна, учитель математики" in text
