"""The municipal bank of best practices (seed 004 §III.6: the municipality collects and spreads
its schools' best practices).

The bank holds exactly what the schools' public sections publish: each school's practices come
through ``public.publication.published_results`` — ``publishable(school).results`` for many schools
at once — so a practice whose participants did not consent, or that a school withdrew, is in
neither. The whole bank costs a fixed number of queries whatever the number of schools; search
and filters then work on that list (case-insensitive for Cyrillic, which SQLite's LIKE is not).
"""

import datetime
from dataclasses import dataclass

from accounts.models import School
from people.services import academic_year_of
from public.publication import published_results


@dataclass(frozen=True)
class Practice:
    """One published practice as the bank shows it."""

    practice: object  # programs.BestPractice
    school: School

    @property
    def program(self):
        return self.practice.program

    @property
    def form(self) -> str:
        return self.program.mentorship.form.name

    @property
    def completed_on(self) -> datetime.date | None:
        return self.program.completed_on

    @property
    def year(self) -> int | None:
        """The academic year the program was completed in (2025 for 2025/26)."""
        return academic_year_of(self.completed_on) if self.completed_on else None

    def text(self) -> str:
        return " ".join((self.program.title, self.practice.summary, self.program.directions)).casefold()


def schools_of(municipality) -> list[School]:
    return list(School.objects.filter(municipality=municipality).order_by("short_name", "full_name"))


def bank(municipality, schools: list[School] | None = None) -> list[Practice]:
    """Every practice the municipality's schools published, newest completion first."""
    schools = schools_of(municipality) if schools is None else schools
    found = published_results(schools)
    practices = [Practice(p, school) for school in schools for p in found[school.pk]]
    practices.sort(key=lambda p: (p.completed_on or datetime.date.min, p.practice.pk), reverse=True)
    return practices


@dataclass(frozen=True)
class Query:
    """The bank's search: words in the title, summary or directions, and the filters."""

    text: str = ""
    school: int | None = None
    form: str = ""
    year: int | None = None

    @classmethod
    def from_params(cls, params) -> "Query":
        def number(name):
            value = (params.get(name) or "").strip()
            return int(value) if value.isdigit() else None

        return cls(
            text=(params.get("q") or "").strip()[:200],
            school=number("school"),
            form=(params.get("form") or "").strip()[:255],
            year=number("year"),
        )

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.school or self.form or self.year)


def search(practices: list[Practice], query: Query) -> list[Practice]:
    words = query.text.casefold().split()
    return [
        p
        for p in practices
        if all(word in p.text() for word in words)
        and (query.school is None or p.school.pk == query.school)
        and (not query.form or p.form == query.form)
        and (query.year is None or p.year == query.year)
    ]


def choices(practices: list[Practice], schools: list[School]) -> dict:
    """What the filters offer: every school of the municipality, the forms and years that occur."""
    return {
        "schools": schools,
        "forms": sorted({p.form for p in practices}),
        "years": sorted({p.year for p in practices if p.year is not None}, reverse=True),
    }
