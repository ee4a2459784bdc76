"""The daily rule (notifications.reminders.DAILY) that reminds a director of the certificate's end.

It comes once per certificate, from 30 days before its last day; none when the director already has
a certificate valid beyond it. It goes under the «documents awaiting signature» kind: it is about
the director's signing, and it needs no kind of its own in the preferences.
"""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from notifications.models import Kind
from notifications.recipients import Reminder, members
from signatures.models import Certificate

EXPIRY_REMINDER_DAYS = 30


def certificate_expiry(school, on: datetime.date) -> list[Reminder]:
    zone = ZoneInfo(school.time_zone)
    start = datetime.datetime.combine(on, datetime.time.min, tzinfo=zone)
    horizon = start + datetime.timedelta(days=EXPIRY_REMINDER_DAYS + 1)
    directors = {user.pk: user for user in members(school, Role.DIRECTOR)}
    usable = Certificate.objects.for_school(school).usable(on=start).filter(owner_id__in=directors)
    reminders = []
    for certificate in usable.filter(not_after__lt=horizon):
        if usable.filter(owner_id=certificate.owner_id, not_after__gte=horizon).exists():
            continue  # a newer certificate takes over
        user = directors[certificate.owner_id]
        last_day = timezone.localtime(certificate.not_after, zone).date()
        params = {"serial": certificate.serial_hex, "date": last_day.strftime("%d.%m.%Y")}
        reminders.append(
            Reminder(
                key=f"{Kind.CERTIFICATE_EXPIRING}:{certificate.pk}:{user.pk}",
                user=user,
                school=school,
                kind=Kind.CERTIFICATE_EXPIRING,
                title=_("Your signing certificate expires on %(date)s") % params,
                body=_(
                    "Certificate %(serial)s is valid until %(date)s. Issue or upload a new one under «Signing "
                    "certificates»; otherwise the portal issues one at your next signing."
                )
                % params,
                url=reverse("signatures:certificates"),
            )
        )
    return reminders
