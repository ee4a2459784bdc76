"""Ranked mentor suggestions («подбор наставника») for one mentee or several at once.

Pure and deterministic: the same data and date give the same list, each suggestion
with its reasons in words so the curator sees why. Nothing is written; the curator
turns a suggestion into a draft with ``lifecycle.mentorship_create``.

Who is a candidate: a current person of the mentees' school with a mentor profile,
not one of the mentees, of a kind the form allows — or, with no form chosen, of a kind
some form in use allows for mentees of these kinds (so a pupil is offered only to
pupils, never to a teacher) — whose willingness is not «not ready», and whose load
plus the mentees stays within the school's hard cap.

Levels (see ``mentoring.levels``): a pupil's level comes from their class, anyone
else's from the levels and grades their subjects, requests and deficits name; the
mentor's from their subjects and competence areas.

Scoring (integers; per mentee rows are summed over the mentees, the rest count once):

==============  ======  ==========================================================
reason          points  when
==============  ======  ==========================================================
competence      +3      per mentee request or unresolved deficit sharing a word stem
                        with a competence area or subject of the mentor
subject         +2      per mentee, when they share at least one subject
experience      +2      per mentee, mentor's experience longer by 10 years or more
experience      +1      per mentee, longer by 5 to 9 years
experience       0      per mentee, longer by 0 to 4 years (stated, no points)
experience      -2      per mentee, the mentee's experience is longer
level           +1      per mentee, mentor and mentee name a common school level
level           -2      per mentee, both name levels and none is common
qualification   +1      category highest, teacher-methodist or teacher-mentor
load            +1      free places cover all the mentees
load            -3      load plus the mentees exceeds the mentor's own maximum
consent         -1      mentor consents not in force (can be collected before proposing)
willingness     -1      questionnaire says «ready later»
==============  ======  ==========================================================

Ties: lower load first, then last name, first name, pk.

Word stems are deliberately crude — lowercase, ё→е, words of 4+ letters cut to their
first 5 letters — so that «оценивание» meets «оценивания» without a stemmer dependency.
The noun «класс» is a level, not a competence: it is left to the level rule, while
«классное руководство» keeps its stem.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring import levels
from mentoring.catalog import FORMS as DEFAULT_FORMS
from mentoring.lifecycle import hard_cap
from mentoring.models import LOADING, MentoringForm, Participant
from people.consents import missing_consents
from people.models import ConsentKind, Deficit, MentorWillingness, Person, PersonKind, QualificationCategory

COMPETENCE_POINTS = 3
SUBJECT_POINTS = 2
LONG_GAP_YEARS, LONG_GAP_POINTS = 10, 2
GAP_YEARS, GAP_POINTS = 5, 1
MENTEE_MORE_EXPERIENCED_POINTS = -2
QUALIFICATION_POINTS = 1
FREE_PLACES_POINTS = 1
OVER_OWN_MAXIMUM_POINTS = -3
MISSING_CONSENT_POINTS = -1
LATER_POINTS = -1
SAME_LEVEL_POINTS = 1
OTHER_LEVEL_POINTS = -2

QUALIFIED = frozenset({QualificationCategory.HIGHEST, QualificationCategory.METHODIST, QualificationCategory.MENTOR})

MIN_WORD_LENGTH = 4
STEM_LENGTH = 5
FUNCTION_WORDS = """
    более менее очень когда также тоже либо даже если есть быть было были будет будут можно нужно
    через после перед между около среди кроме ради вместе чтобы только однако потому поэтому
    этот этого этой этим этих этом того тому свой своих своей своего своим себя всех всего всем
    который которая которое которые которых котором
"""
STOP_WORDS = frozenset(FUNCTION_WORDS.split())
# Words in almost every request and competence («работа с …», «навыки …»): matching on
# them would pair «работа с родителями» with «работа с одарёнными детьми».
GENERIC_STEMS = frozenset({"работ", "навык", "умени", "помощ", "вопро", "деяте"})
# The noun «класс» in its cases: a grade, matched by levels, not by words.
GRADE_NOUNS = frozenset(
    ["класс", "класса", "классу", "классом", "классе", "классы", "классов", "классам", "классами", "классах"]
)

WORD = re.compile(r"[^\W\d_]+")
PHRASE_SEPARATORS = re.compile(r"[;,\r\n]+")


class ReasonKind(StrEnum):
    COMPETENCE = "competence"
    SUBJECT = "subject"
    EXPERIENCE = "experience"
    LOAD = "load"
    LEVEL = "level"
    QUALIFICATION = "qualification"
    CONSENT = "consent"
    WILLINGNESS = "willingness"


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str
    points: int
    mentee: Person | None = None  # set on per-mentee reasons (competence, subject, experience)


@dataclass(frozen=True)
class Suggestion:
    mentor: Person
    score: int
    reasons: tuple[Reason, ...]
    load: int
    capacity: int


@dataclass(frozen=True)
class _Phrase:
    text: str
    stems: frozenset[str]


@dataclass(frozen=True)
class _Need:
    is_deficit: bool
    phrase: _Phrase


@dataclass(frozen=True)
class _Mentee:
    person: Person
    needs: tuple[_Need, ...]
    subjects: dict[str, str]
    experience: int | None
    levels: frozenset[levels.Level]


# --- text -------------------------------------------------------------------------


def _normalize(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


def stems(text: str) -> frozenset[str]:
    """The word stems of a text, without short words, function words and generic words."""
    words = WORD.findall(_normalize(text))
    found = (
        word[:STEM_LENGTH]
        for word in words
        if len(word) >= MIN_WORD_LENGTH and word not in STOP_WORDS and word not in GRADE_NOUNS
    )
    return frozenset(stem for stem in found if stem not in GENERIC_STEMS)


def _phrases(text: str) -> list[_Phrase]:
    parts = (part.strip() for part in PHRASE_SEPARATORS.split(text or ""))
    return [_Phrase(part, stems(part)) for part in parts if part]


def _subjects(person: Person) -> dict[str, str]:
    """Normalized subject → as the person's card spells it, in card order."""
    found = {}
    for part in (person.subjects or "").split(","):
        if part.strip():
            found.setdefault(_normalize(part), part.strip())
    return found


# --- loading the data in a fixed number of queries --------------------------------


def loads_for(people: Iterable[Person]) -> dict[int, int]:
    """Distinct current mentees per person over their proposed, approved and active
    mentorships (as ``lifecycle.mentor_load``), for all the people in one query."""
    ids = [person.pk for person in people]
    if not ids:
        return {}
    # One filter() call, so the mentee conditions and the count share one join.
    rows = (
        Participant.objects.filter(
            person_id__in=ids,
            role=Participant.Role.MENTOR,
            ended_on__isnull=True,
            mentorship__status__in=LOADING,
            mentorship__participants__role=Participant.Role.MENTEE,
            mentorship__participants__ended_on__isnull=True,
        )
        .values("person_id")
        .annotate(load=Count("mentorship__participants__person", distinct=True))
        .values_list("person_id", "load")
    )
    loads = dict.fromkeys(ids, 0)
    loads.update(rows)
    return loads


def _school_of(mentees: list[Person]) -> int:
    schools = {mentee.school_id for mentee in mentees}
    if not schools:
        raise ValueError("Choose at least one mentee.")
    if len(schools) > 1:
        raise ValueError("All the mentees must be of one school.")
    return schools.pop()


def _load_mentees(mentees: list[Person], on: datetime.date) -> list[_Mentee]:
    unresolved = Deficit.objects.filter(Q(resolved_on__isnull=True) | Q(resolved_on__gt=on))
    fresh = Person.objects.filter(pk__in=[m.pk for m in mentees]).select_related("mentee_profile")
    by_pk = {p.pk: p for p in fresh.prefetch_related(Prefetch("deficits", queryset=unresolved))}
    return [_mentee(by_pk[m.pk], on) for m in mentees]


def _mentee(person: Person, on: datetime.date) -> _Mentee:
    profile = getattr(person, "mentee_profile", None)
    needs = [_Need(False, phrase) for phrase in _phrases(profile.requests if profile else "")]
    needs += [_Need(True, _Phrase(d.description.strip(), stems(d.description))) for d in person.deficits.all()]
    unique = {}
    for need in needs:
        unique.setdefault(_normalize(need.phrase.text), need)
    return _Mentee(
        person, tuple(unique.values()), _subjects(person), person.experience_years(on), _levels_of_mentee(person)
    )


def _levels_of_mentee(person: Person) -> frozenset[levels.Level]:
    if person.kind == PersonKind.PUPIL:
        level = levels.level_of_class(person.school_class)
        return frozenset({level}) if level else frozenset()
    profile = getattr(person, "mentee_profile", None)
    texts = [person.subjects, profile.requests if profile else ""] + [d.description for d in person.deficits.all()]
    return levels.levels_in(" ; ".join(texts))


def _levels_of_mentor(mentor: Person) -> frozenset[levels.Level]:
    if mentor.kind == PersonKind.PUPIL:
        level = levels.level_of_class(mentor.school_class)
        return frozenset({level}) if level else frozenset()
    return levels.levels_in(f"{mentor.subjects} ; {mentor.mentor_profile.competence_areas}")


def mentor_kinds_for(school_id: int, mentees: list[Person]) -> set[str]:
    """The mentor kinds some form in use allows for every one of the mentees' kinds (the
    school's forms, or the default catalog while the school has none)."""
    forms = (
        MentoringForm.objects.for_school(school_id).filter(is_active=True).values_list("mentor_kinds", "mentee_kinds")
    )
    pairs = list(forms) or [
        (mentor_kinds, mentee_kinds) for _name, mentor_kinds, mentee_kinds, _models in DEFAULT_FORMS
    ]
    needed = {mentee.kind for mentee in mentees}
    return {kind for mentor_kinds, mentee_kinds in pairs if needed <= set(mentee_kinds) for kind in mentor_kinds}


def _candidates(school_id: int, mentees: list[Person], form: MentoringForm | None, on: datetime.date):
    people = (
        Person.objects.for_school(school_id)
        .current(on)
        .mentors()
        .exclude(pk__in=[m.pk for m in mentees])
        .exclude(mentor_profile__willingness=MentorWillingness.NOT_READY)
        .select_related("mentor_profile")
        .prefetch_related("consents")
    )
    kinds = form.mentor_kinds if form is not None else mentor_kinds_for(school_id, mentees)
    return list(people.filter(kind__in=kinds))


# --- scoring ----------------------------------------------------------------------


def _for_mentee(reason: Reason, mentee: _Mentee, several: bool) -> Reason:
    text = reason.text
    if several:
        text = _("%(mentee)s: %(reason)s") % {"mentee": mentee.person.short_name, "reason": text}
    return Reason(reason.kind, text, reason.points, mentee.person)


def _competence_reasons(mentee: _Mentee, competences: list[_Phrase]) -> list[Reason]:
    reasons = []
    for need in mentee.needs:
        best, shared = None, 0
        for competence in competences:
            count = len(need.phrase.stems & competence.stems)
            if count > shared:
                best, shared = competence, count
        if best is None:
            continue
        if need.is_deficit:
            text = _("Deficit «%(deficit)s» meets competence «%(competence)s»") % {
                "deficit": need.phrase.text,
                "competence": best.text,
            }
        else:
            text = _("Request «%(request)s» meets competence «%(competence)s»") % {
                "request": need.phrase.text,
                "competence": best.text,
            }
        reasons.append(Reason(ReasonKind.COMPETENCE, text, COMPETENCE_POINTS))
    return reasons


def _subject_reasons(mentee: _Mentee, mentor_subjects: dict[str, str]) -> list[Reason]:
    shared = [spelling for key, spelling in mentor_subjects.items() if key in mentee.subjects]
    if not shared:
        return []
    text = ngettext("Same subject: %(subjects)s", "Same subjects: %(subjects)s", len(shared)) % {
        "subjects": ", ".join(shared)
    }
    return [Reason(ReasonKind.SUBJECT, text, SUBJECT_POINTS)]


def _experience_points(gap: int) -> int:
    if gap < 0:
        return MENTEE_MORE_EXPERIENCED_POINTS
    if gap >= LONG_GAP_YEARS:
        return LONG_GAP_POINTS
    if gap >= GAP_YEARS:
        return GAP_POINTS
    return 0


def _experience_reasons(mentee: _Mentee, mentor_experience: int | None) -> list[Reason]:
    if mentor_experience is None or mentee.experience is None:
        return []
    gap = mentor_experience - mentee.experience
    if gap > 0:
        text = ngettext(
            "The mentor has %(years)s more year of experience", "The mentor has %(years)s more years of experience", gap
        )
    elif gap < 0:
        text = ngettext(
            "The mentee has %(years)s more year of experience",
            "The mentee has %(years)s more years of experience",
            -gap,
        )
    else:
        text = _("The mentor and the mentee have the same experience")
    return [Reason(ReasonKind.EXPERIENCE, text % {"years": abs(gap)}, _experience_points(gap))]


def _level_reasons(mentee: _Mentee, mentor_levels: frozenset[levels.Level]) -> list[Reason]:
    if not mentee.levels or not mentor_levels:
        return []
    common = mentee.levels & mentor_levels
    if common:
        text = _("Same school level: %(levels)s") % {"levels": levels.describe(common)}
        return [Reason(ReasonKind.LEVEL, text, SAME_LEVEL_POINTS)]
    text = _("Different school levels: the mentee — %(mentee)s, the mentor — %(mentor)s") % {
        "mentee": levels.describe(mentee.levels),
        "mentor": levels.describe(mentor_levels),
    }
    return [Reason(ReasonKind.LEVEL, text, OTHER_LEVEL_POINTS)]


def _per_mentee_reasons(mentor: Person, mentees: list[_Mentee], on: datetime.date) -> list[Reason]:
    profile = mentor.mentor_profile
    subjects = _subjects(mentor)
    competences = _phrases(profile.competence_areas) + [_Phrase(text, stems(text)) for text in subjects.values()]
    mentor_experience = mentor.experience_years(on)
    mentor_levels = _levels_of_mentor(mentor)
    several = len(mentees) > 1
    reasons = []
    for mentee in mentees:
        found = (
            _competence_reasons(mentee, competences)
            + _subject_reasons(mentee, subjects)
            + _experience_reasons(mentee, mentor_experience)
            + _level_reasons(mentee, mentor_levels)
        )
        reasons += [_for_mentee(reason, mentee, several) for reason in found]
    return reasons


def _qualification_reasons(mentor: Person) -> list[Reason]:
    if mentor.qualification_category not in QUALIFIED:
        return []
    text = _("Qualification category: %(category)s") % {"category": mentor.get_qualification_category_display()}
    return [Reason(ReasonKind.QUALIFICATION, text, QUALIFICATION_POINTS)]


def _load_reasons(load: int, capacity: int, adding: int) -> list[Reason]:
    free = capacity - load
    if free >= adding:
        text = _("Free places: %(free)s of %(capacity)s") % {"free": free, "capacity": capacity}
        return [Reason(ReasonKind.LOAD, text, FREE_PLACES_POINTS)]
    text = _("Would exceed their own maximum: %(total)s mentees with a maximum of %(capacity)s") % {
        "total": load + adding,
        "capacity": capacity,
    }
    return [Reason(ReasonKind.LOAD, text, OVER_OWN_MAXIMUM_POINTS)]


def _consent_reasons(mentor: Person, on: datetime.date) -> list[Reason]:
    missing = missing_consents(mentor, as_mentor=True, on=on)
    if not missing:
        return []
    kinds = "; ".join(str(ConsentKind(kind).label) for kind in missing)
    text = _("Consents to collect before proposing: %(kinds)s") % {"kinds": kinds}
    return [Reason(ReasonKind.CONSENT, text, MISSING_CONSENT_POINTS)]


def _willingness_reasons(mentor: Person) -> list[Reason]:
    if mentor.mentor_profile.willingness != MentorWillingness.LATER:
        return []
    return [Reason(ReasonKind.WILLINGNESS, _("Ready to mentor later, by the questionnaire"), LATER_POINTS)]


def _suggestion(mentor: Person, load: int, mentees: list[_Mentee], on: datetime.date) -> Suggestion:
    capacity = mentor.mentor_profile.max_mentees
    reasons = (
        _per_mentee_reasons(mentor, mentees, on)
        + _qualification_reasons(mentor)
        + _load_reasons(load, capacity, len(mentees))
        + _consent_reasons(mentor, on)
        + _willingness_reasons(mentor)
    )
    score = sum(reason.points for reason in reasons)
    return Suggestion(mentor=mentor, score=score, reasons=tuple(reasons), load=load, capacity=capacity)


def _rank(suggestion: Suggestion) -> tuple:
    mentor = suggestion.mentor
    return (-suggestion.score, suggestion.load, mentor.last_name, mentor.first_name, mentor.pk)


def suggest_mentors(
    *, mentees: list[Person], form: MentoringForm | None = None, on: datetime.date | None = None, limit: int = 10
) -> list[Suggestion]:
    """The best ``limit`` mentors for the mentees together, best first (see the module docstring)."""
    on = on or timezone.localdate()
    school_id = _school_of(mentees)
    if form is not None and form.school_id != school_id:
        raise ValueError("The form belongs to another school.")
    profiles = _load_mentees(mentees, on)
    cap = hard_cap(school_id)
    candidates = _candidates(school_id, mentees, form, on)
    loads = loads_for(candidates)
    suggestions = [
        _suggestion(mentor, loads[mentor.pk], profiles, on)
        for mentor in candidates
        if loads[mentor.pk] + len(mentees) <= cap
    ]
    return sorted(suggestions, key=_rank)[:limit]
