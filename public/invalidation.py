"""The public pages are cached per school; any change that could alter them bumps the school's
version, so the next visitor gets a fresh page (old entries simply expire)."""

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from accounts.scoping import school_of

# Models whose rows can change what the public section shows.
WATCHED = [
    "public.NewsItem",
    "public.PublicFile",
    "public.SectionText",
    "people.Person",
    "people.Consent",
    "people.MentorProfile",
    "people.MenteeProfile",
    "mentoring.Mentorship",
    "mentoring.Participant",
    "programs.Program",
    "programs.BestPractice",
    "documents.Document",
    "monitoring.IndicatorTarget",
    "monitoring.RoadmapEvent",
    "recognition.Contest",
    "recognition.Nomination",
]


def version_key(school_id: int) -> str:
    return f"public:version:{school_id}"


def version(school_id: int) -> int:
    return cache.get_or_set(version_key(school_id), 1, timeout=None)


def bump(school_id: int) -> None:
    try:
        cache.incr(version_key(school_id))
    except ValueError:
        cache.set(version_key(school_id), 2, timeout=None)


def _changed(sender, instance, **kwargs):
    try:
        school = school_of(instance)
    except AttributeError:
        return
    if school is not None:
        bump(school.pk)


def connect() -> None:
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(_changed, sender=model, dispatch_uid=f"public.bump.save.{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"public.bump.delete.{label}")
    m2m_changed.connect(_changed, dispatch_uid="public.bump.m2m")
