from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("Mentorships")

    def ready(self):
        from accounts.models import School
        from mentoring import lifecycle
        from people.registry import ACTIVE_MENTORSHIP_PROVIDERS
        from people.signals import consent_withdrawn

        post_save.connect(_seed_catalog, sender=School, dispatch_uid="mentoring.seed_catalog")
        consent_withdrawn.connect(_flag_consent, dispatch_uid="mentoring.flag_consent")
        if lifecycle.people_with_running_mentorship not in ACTIVE_MENTORSHIP_PROVIDERS:
            ACTIVE_MENTORSHIP_PROVIDERS.append(lifecycle.people_with_running_mentorship)
        from mentoring.selectors import mentor_load_expression
        from people.registry import MENTOR_LOAD_EXPRESSION

        MENTOR_LOAD_EXPRESSION[:] = [mentor_load_expression]


def _seed_catalog(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from mentoring.catalog import catalog_seed

        catalog_seed(instance)


def _flag_consent(sender, consent, on, **kwargs):
    from mentoring.lifecycle import flag_withdrawn_consent

    flag_withdrawn_consent(consent=consent, on=on)
