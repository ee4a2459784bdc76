"""Full names as a school's office would write them in orders: «назначить наставником Иванову Марию Петровну».

Every expected string is the normative form (Розенталь, «Справочник по правописанию и стилистике»:
склонение фамилий, имён и отчеств), not whatever a library happens to return.
"""

from types import SimpleNamespace

import pytest

from documents.declension import NBSP, Case, decline_full_name, decline_person, initials_and_last_name

NAMES = [
    # The four phrases from the director's orders
    ("Иванова", "Мария", "Петровна", "f", Case.ACCUSATIVE, "Иванову Марию Петровну"),
    ("Петров", "Иван", "Сергеевич", "m", Case.INSTRUMENTAL, "Петровым Иваном Сергеевичем"),
    ("Сидоров", "Пётр", "Алексеевич", "m", Case.DATIVE, "Сидорову Петру Алексеевичу"),
    ("Смирнов", "Андрей", "Викторович", "m", Case.GENITIVE, "Смирнова Андрея Викторовича"),
    # Surnames in -ов/-ова, -ев, -ёв, -ин/-ина; first names Илья, Никита, Любовь, Павел, Лев, Пётр;
    # patronymics in -ич (Ильич, Кузьмич: stressed, so «-ичом»), -ична
    ("Иванова", "Мария", "Петровна", "f", Case.GENITIVE, "Ивановой Марии Петровны"),
    ("Иванова", "Мария", "Петровна", "f", Case.DATIVE, "Ивановой Марии Петровне"),
    ("Иванова", "Мария", "Петровна", "f", Case.INSTRUMENTAL, "Ивановой Марией Петровной"),
    ("Пушкин", "Александр", "Сергеевич", "m", Case.INSTRUMENTAL, "Пушкиным Александром Сергеевичем"),
    ("Пушкина", "Наталья", "Николаевна", "f", Case.ACCUSATIVE, "Пушкину Наталью Николаевну"),
    ("Медведев", "Илья", "Павлович", "m", Case.GENITIVE, "Медведева Ильи Павловича"),
    ("Медведев", "Илья", "Павлович", "m", Case.DATIVE, "Медведеву Илье Павловичу"),
    ("Медведев", "Илья", "Павлович", "m", Case.ACCUSATIVE, "Медведева Илью Павловича"),
    ("Медведев", "Илья", "Павлович", "m", Case.INSTRUMENTAL, "Медведевым Ильёй Павловичем"),
    ("Ковалёв", "Никита", "Ильич", "m", Case.GENITIVE, "Ковалёва Никиты Ильича"),
    ("Ковалёв", "Никита", "Ильич", "m", Case.ACCUSATIVE, "Ковалёва Никиту Ильича"),
    ("Ковалёв", "Никита", "Ильич", "m", Case.INSTRUMENTAL, "Ковалёвым Никитой Ильичом"),
    ("Ковалёва", "Алёна", "Семёновна", "f", Case.INSTRUMENTAL, "Ковалёвой Алёной Семёновной"),
    ("Ковалёва", "Алёна", "Семёновна", "f", Case.ACCUSATIVE, "Ковалёву Алёну Семёновну"),
    ("Орлова", "Любовь", "Ильинична", "f", Case.GENITIVE, "Орловой Любови Ильиничны"),
    ("Орлова", "Любовь", "Ильинична", "f", Case.DATIVE, "Орловой Любови Ильиничне"),
    ("Орлова", "Любовь", "Ильинична", "f", Case.ACCUSATIVE, "Орлову Любовь Ильиничну"),
    ("Орлова", "Любовь", "Ильинична", "f", Case.INSTRUMENTAL, "Орловой Любовью Ильиничной"),
    ("Фомин", "Павел", "Кузьмич", "m", Case.GENITIVE, "Фомина Павла Кузьмича"),
    ("Фомин", "Павел", "Кузьмич", "m", Case.INSTRUMENTAL, "Фоминым Павлом Кузьмичом"),
    ("Фомин", "Павел", "Кузьмич", "m", Case.DATIVE, "Фомину Павлу Кузьмичу"),
    ("Соловьёв", "Пётр", "Ильич", "m", Case.ACCUSATIVE, "Соловьёва Петра Ильича"),
    ("Кузнецов", "Дмитрий", "Юрьевич", "m", Case.PREPOSITIONAL, "Кузнецове Дмитрии Юрьевиче"),
    ("Семенов", "Федор", "Петрович", "m", Case.DATIVE, "Семенову Федору Петровичу"),
    # Adjectival surnames: -ая, -яя, -ий, -ой
    ("Толстая", "Татьяна", "Никитична", "f", Case.GENITIVE, "Толстой Татьяны Никитичны"),
    ("Толстая", "Татьяна", "Никитична", "f", Case.ACCUSATIVE, "Толстую Татьяну Никитичну"),
    ("Толстая", "Татьяна", "Никитична", "f", Case.DATIVE, "Толстой Татьяне Никитичне"),
    ("Толстой", "Лев", "Николаевич", "m", Case.GENITIVE, "Толстого Льва Николаевича"),
    ("Толстой", "Лев", "Николаевич", "m", Case.INSTRUMENTAL, "Толстым Львом Николаевичем"),
    ("Толстой", "Лев", "Николаевич", "m", Case.DATIVE, "Толстому Льву Николаевичу"),
    ("Горький", "Максим", "", "m", Case.INSTRUMENTAL, "Горьким Максимом"),
    ("Достоевский", "Фёдор", "Михайлович", "m", Case.DATIVE, "Достоевскому Фёдору Михайловичу"),
    ("Зимняя", "Ольга", "Петровна", "f", Case.GENITIVE, "Зимней Ольги Петровны"),
    # Double surnames
    ("Римская-Корсакова", "Ольга", "Николаевна", "f", Case.GENITIVE, "Римской-Корсаковой Ольги Николаевны"),
    ("Римская-Корсакова", "Ольга", "Николаевна", "f", Case.ACCUSATIVE, "Римскую-Корсакову Ольгу Николаевну"),
    ("Римский-Корсаков", "Николай", "Андреевич", "m", Case.INSTRUMENTAL, "Римским-Корсаковым Николаем Андреевичем"),
    ("Петров-Водкин", "Кузьма", "Сергеевич", "m", Case.GENITIVE, "Петрова-Водкина Кузьмы Сергеевича"),
    ("Петров-Водкин", "Кузьма", "Сергеевич", "m", Case.INSTRUMENTAL, "Петровым-Водкиным Кузьмой Сергеевичем"),
    ("Бонч-Бруевич", "Владимир", "Дмитриевич", "m", Case.INSTRUMENTAL, "Бонч-Бруевичем Владимиром Дмитриевичем"),
    ("Немирович-Данченко", "Владимир", "Иванович", "m", Case.DATIVE, "Немировичу-Данченко Владимиру Ивановичу"),
    # Surnames that are not declined
    ("Ли", "Анна", "", "f", Case.ACCUSATIVE, "Ли Анну"),
    ("Ли", "Сергей", "Владимирович", "m", Case.DATIVE, "Ли Сергею Владимировичу"),
    ("Дюма", "Александр", "", "m", Case.GENITIVE, "Дюма Александра"),
    ("Шоу", "Бернард", "", "m", Case.DATIVE, "Шоу Бернарду"),
    ("Гёте", "Иоганн", "", "m", Case.INSTRUMENTAL, "Гёте Иоганном"),
    ("Гарсиа", "Хосе", "", "m", Case.DATIVE, "Гарсиа Хосе"),
    ("Дурново", "Пётр", "Николаевич", "m", Case.GENITIVE, "Дурново Петра Николаевича"),
    ("Живаго", "Юрий", "Андреевич", "m", Case.INSTRUMENTAL, "Живаго Юрием Андреевичем"),
    ("Черных", "Светлана", "Игоревна", "f", Case.ACCUSATIVE, "Черных Светлану Игоревну"),
    ("Седых", "Алексей", "Павлович", "m", Case.GENITIVE, "Седых Алексея Павловича"),
    ("Белых", "Евгений", "Иванович", "m", Case.DATIVE, "Белых Евгению Ивановичу"),
    ("Шевченко", "Тарас", "Григорьевич", "m", Case.GENITIVE, "Шевченко Тараса Григорьевича"),
    ("Шевченко", "Оксана", "Викторовна", "f", Case.INSTRUMENTAL, "Шевченко Оксаной Викторовной"),
    ("Долгих", "Асель", "Ринатовна", "f", Case.GENITIVE, "Долгих Асели Ринатовны"),
    ("Долгих", "Пётр", "Сергеевич", "m", Case.INSTRUMENTAL, "Долгих Петром Сергеевичем"),
    ("Бойко", "Ольга", "Сергеевна", "f", Case.INSTRUMENTAL, "Бойко Ольгой Сергеевной"),
    # Consonant surnames: declined for men, not for women
    ("Смит", "Джон", "", "m", Case.GENITIVE, "Смита Джона"),
    ("Цой", "Виктор", "Робертович", "m", Case.GENITIVE, "Цоя Виктора Робертовича"),
    ("Цой", "Виктор", "Робертович", "m", Case.INSTRUMENTAL, "Цоем Виктором Робертовичем"),
    ("Цой", "Марианна", "Игоревна", "f", Case.DATIVE, "Цой Марианне Игоревне"),
    ("Кох", "Ирина", "Олеговна", "f", Case.GENITIVE, "Кох Ирины Олеговны"),
    ("Кох", "Роберт", "Генрихович", "m", Case.GENITIVE, "Коха Роберта Генриховича"),
    ("Ковальчук", "Наталья", "Сергеевна", "f", Case.GENITIVE, "Ковальчук Натальи Сергеевны"),
    ("Ковальчук", "Наталья", "Сергеевна", "f", Case.INSTRUMENTAL, "Ковальчук Натальей Сергеевной"),
    ("Ковальчук", "Андрей", "Петрович", "m", Case.GENITIVE, "Ковальчука Андрея Петровича"),
    ("Ковальчук", "Андрей", "Петрович", "m", Case.INSTRUMENTAL, "Ковальчуком Андреем Петровичем"),
    ("Ким", "Елена", "Александровна", "f", Case.DATIVE, "Ким Елене Александровне"),
    ("Ким", "Сергей", "Александрович", "m", Case.GENITIVE, "Кима Сергея Александровича"),
    ("Рерих", "Николай", "Константинович", "m", Case.GENITIVE, "Рериха Николая Константиновича"),
    # Tatar and Bashkir names; Turkic patronymics with оглы/кызы
    ("Хабибуллина", "Айгуль", "Рашидовна", "f", Case.GENITIVE, "Хабибуллиной Айгули Рашидовны"),
    ("Хабибуллина", "Айгуль", "Рашидовна", "f", Case.ACCUSATIVE, "Хабибуллину Айгуль Рашидовну"),
    ("Хабибуллина", "Айгуль", "Рашидовна", "f", Case.INSTRUMENTAL, "Хабибуллиной Айгулью Рашидовной"),
    ("Галиева", "Зульфия", "Маратовна", "f", Case.DATIVE, "Галиевой Зульфии Маратовне"),
    ("Галиева", "Зульфия", "Маратовна", "f", Case.ACCUSATIVE, "Галиеву Зульфию Маратовну"),
    ("Алиев", "Рашид", "Али оглы", "m", Case.DATIVE, "Алиеву Рашиду Али оглы"),
    ("Алиев", "Рашид", "Али оглы", "m", Case.INSTRUMENTAL, "Алиевым Рашидом Али оглы"),
    ("Мамедова", "Лейла", "Гусейн кызы", "f", Case.GENITIVE, "Мамедовой Лейлы Гусейн кызы"),
    ("Мамедова", "Лейла", "Гусейн кызы", "f", Case.ACCUSATIVE, "Мамедову Лейлу Гусейн кызы"),
    ("Мухаметзянов", "Ильдус", "Ринатович", "m", Case.DATIVE, "Мухаметзянову Ильдусу Ринатовичу"),
    ("Фаттахов", "Айдар", "Рашидович", "m", Case.INSTRUMENTAL, "Фаттаховым Айдаром Рашидовичем"),
    ("Габдрахманов", "Рустам", "", "m", Case.GENITIVE, "Габдрахманова Рустама"),
    ("Мухаметзянова", "Гузель", "Маратовна", "f", Case.INSTRUMENTAL, "Мухаметзяновой Гузелью Маратовной"),
    ("Гарипова", "Ляйсан", "Ильдаровна", "f", Case.GENITIVE, "Гариповой Ляйсан Ильдаровны"),
    # Words the dictionary does not know as a surname; particles; capitals; the nominative
    ("Глоба", "Иван", "Петрович", "m", Case.GENITIVE, "Глобы Ивана Петровича"),
    ("фон Визин", "Денис", "Иванович", "m", Case.GENITIVE, "фон Визина Дениса Ивановича"),
    ("ИВАНОВА", "МАРИЯ", "ПЕТРОВНА", "f", Case.ACCUSATIVE, "ИВАНОВУ МАРИЮ ПЕТРОВНУ"),
    ("Иванова", "Мария", "Петровна", "f", Case.NOMINATIVE, "Иванова Мария Петровна"),
]


def _id(row) -> str:
    last, first, _patronymic, sex, case, _expected = row
    return f"{last}-{first}-{sex}-{case}"


@pytest.mark.parametrize(("last", "first", "patronymic", "sex", "case", "expected"), NAMES, ids=map(_id, NAMES))
def test_decline_full_name(last, first, patronymic, sex, case, expected):
    assert decline_full_name(last, first, patronymic, sex=sex, case=case) == expected


def test_decline_person_reads_the_persons_fields():
    person = SimpleNamespace(last_name="Иванова", first_name="Мария", patronymic="Петровна", sex="f")

    assert decline_person(person, Case.ACCUSATIVE) == "Иванову Марию Петровну"


def test_case_may_be_given_by_its_grammeme():
    assert decline_full_name("Петров", "Иван", "Сергеевич", sex="m", case="ablt") == "Петровым Иваном Сергеевичем"


def test_blank_parts_and_surrounding_spaces_are_dropped():
    assert decline_full_name(" Смирнов ", "Андрей", "  ", sex="m", case=Case.GENITIVE) == "Смирнова Андрея"


def test_unknown_sex_is_refused():
    with pytest.raises(ValueError, match="sex"):
        decline_full_name("Иванова", "Мария", "Петровна", sex="", case=Case.GENITIVE)


def test_results_are_cached():
    decline_full_name("Сидоров", "Пётр", "Алексеевич", sex="m", case=Case.DATIVE)
    hits = decline_full_name.cache_info().hits

    assert decline_full_name("Сидоров", "Пётр", "Алексеевич", sex="m", case=Case.DATIVE) == "Сидорову Петру Алексеевичу"
    assert decline_full_name.cache_info().hits == hits + 1


def test_case_values_are_pymorphy_grammemes():
    assert [case.value for case in Case] == ["nomn", "gent", "datv", "accs", "ablt", "loct"]


@pytest.mark.parametrize(
    ("last", "first", "patronymic", "expected"),
    [
        ("Иванова", "Мария", "Петровна", f"М.{NBSP}П.{NBSP}Иванова"),
        ("Смит", "Джон", "", f"Д.{NBSP}Смит"),
        ("Петров", "Иван", None, f"И.{NBSP}Петров"),
        ("Римская-Корсакова", "Анна-Мария", "Ильинична", f"А.-М.{NBSP}И.{NBSP}Римская-Корсакова"),
        ("Алиев", "Рашид", "Али оглы", f"Р.{NBSP}А.{NBSP}Алиев"),
        ("Ёлкина", "Эльвира", "Юрьевна", f"Э.{NBSP}Ю.{NBSP}Ёлкина"),
        ("Иванова", "", "", "Иванова"),
    ],
)
def test_initials_and_last_name(last, first, patronymic, expected):
    assert initials_and_last_name(last, first, patronymic) == expected


def test_initials_are_kept_on_the_surnames_line():
    signature = initials_and_last_name("Иванова", "Мария", "Петровна")

    assert " " not in signature
    assert signature.replace(NBSP, " ") == "М. П. Иванова"
