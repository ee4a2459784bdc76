from django.utils.translation import gettext_lazy as _

# Russia's eleven time zones, west to east, one IANA name each.
RUSSIAN_TIME_ZONES = [
    ("Europe/Kaliningrad", _("Kaliningrad (MSK−1)")),
    ("Europe/Moscow", _("Moscow (MSK)")),
    ("Europe/Samara", _("Samara (MSK+1)")),
    ("Asia/Yekaterinburg", _("Yekaterinburg (MSK+2)")),
    ("Asia/Omsk", _("Omsk (MSK+3)")),
    ("Asia/Krasnoyarsk", _("Krasnoyarsk (MSK+4)")),
    ("Asia/Irkutsk", _("Irkutsk (MSK+5)")),
    ("Asia/Yakutsk", _("Yakutsk (MSK+6)")),
    ("Asia/Vladivostok", _("Vladivostok (MSK+7)")),
    ("Asia/Magadan", _("Magadan (MSK+8)")),
    ("Asia/Kamchatka", _("Kamchatka (MSK+9)")),
]
