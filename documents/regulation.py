"""The school's Положение о системе наставничества and its roadmap: appendices 1 and 2 of the
regulation order.

Drafting the order snapshots everything they print (the school's catalogs, the target indicators
with the year's targets, the load cap, the roadmap's events) into the order's context, so a later
change does not silently change an approved text. Printing renders them, in the school's own
wording if it has one (``TemplateOverride`` with the keys «regulation» and «roadmap»), as pages of
the order's PDF. Signing also stores them alone, as PDF/A (``Document.published_pdf``): that is
the Положение the public section publishes, never the order approving it.
"""

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.declension import Case, decline_position
from documents.drafting import DATE, legal_basis
from documents.models import Document, DocumentSettings, DocumentStatus, DocumentType, TemplateOverride
from documents.printing import print_context
from documents.rendering import htmls_to_pdf
from mentoring.lifecycle import hard_cap
from mentoring.models import MentoringForm, Mode, RoleModel
from monitoring.indicators import DEFINITIONS, target_for
from monitoring.models import IndicatorTarget, RoadmapEvent, RoadmapStatus
from people.models import PersonKind
from people.services import academic_year_of

REGULATION = "regulation"
ROADMAP = "roadmap"
# The appendices in the order they follow the order: key → (appendix number, standard template).
APPENDICES = {REGULATION: (1, "documents/regulation.html"), ROADMAP: (2, "documents/roadmap.html")}

# The day the yearly monitoring is done by (seed 000, п. 1.6: «не позднее 30 июня»).
MONITORING_DAY = "30 июня"

KINDS = {
    PersonKind.STAFF: "педагогический работник",
    PersonKind.PUPIL: "обучающийся",
    PersonKind.PRACTICUM_STUDENT: "студент-практикант",
    PersonKind.EXTERNAL: "представитель организации-партнёра",
}

# How the Положение words each indicator of monitoring.indicators (by its code).
INDICATORS = {
    "young_in_programs": "Доля молодых специалистов (педагогический стаж менее трёх лет), включённых в программы "
    "наставничества в роли наставляемых, от общего числа молодых специалистов Школы",
    "teachers_in_programs": "Доля педагогических работников, участвующих в программах наставничества в роли "
    "наставников или наставляемых, от общего числа педагогических работников Школы",
    "under35_in_programs": "Доля педагогических работников в возрасте до 35 лет, включённых в программы "
    "наставничества в роли наставляемых, от общего числа педагогических работников Школы в возрасте до 35 лет",
    "mentee_satisfaction": "Уровень удовлетворённости наставляемых участием в программах наставничества (доля "
    "удовлетворённых — оценивших участие на 4 или 5 баллов из 5 — от общего числа наставляемых, участвовавших в "
    "программах наставничества в учебном году)",
    "mentor_satisfaction": "Уровень удовлетворённости наставников участием в программах наставничества (доля "
    "удовлетворённых — оценивших участие на 4 или 5 баллов из 5 — от общего числа наставников, участвовавших в "
    "программах наставничества в учебном году)",
    "school_events": "Количество проведённых общешкольных мероприятий для наставнических пар и групп",
    "mentorships": "количество наставнических пар и групп, закреплённых приказом и действовавших в учебном году",
    "groups": "количество наставнических групп",
    "mentors": "количество наставников",
    "mentees": "количество наставляемых",
    "programs_completed": "количество завершённых персонализированных программ наставничества",
    "best_practices": "количество практик наставничества, включённых в банк лучших практик",
}

# The standard description of a mode of mentoring (seeds 000 and 002), found by the mode's name.
MODES = (
    (
        ("виртуальн", "дистанционн"),
        "дистанционная форма организации наставничества с использованием информационно-коммуникационных "
        "технологий (видеоконференции, платформы дистанционного обучения, социальные сети и онлайн-сообщества); "
        "применяется, когда наставник и наставляемый находятся на расстоянии друг от друга",
    ),
    (
        ("в группе", "группов"),
        "один наставник взаимодействует одновременно с группой наставляемых (от двух человек и более)",
    ),
    (
        ("краткосрочн", "целеполагающ"),
        "наставник и наставляемый встречаются по заранее установленному графику для постановки конкретных целей, "
        "ориентированных на определённые краткосрочные результаты",
    ),
    (
        ("реверсивн",),
        "профессионал младшего возраста становится наставником опытного работника по вопросам новых технологий "
        "и тенденций, а опытный работник — наставником молодого педагога в вопросах методики и организации "
        "учебно-воспитательной деятельности",
    ),
    (
        ("ситуационн",),
        "наставник оказывает помощь или консультацию всякий раз, когда наставляемый нуждается в них, обеспечивая "
        "немедленное реагирование на значимую для него ситуацию",
    ),
    (
        ("скоростн",),
        "однократная встреча наставляемого (наставляемых) с наставником более высокого уровня для обмена опытом, "
        "постановки целей профессионального развития и построения взаимоотношений с коллегами, объединёнными "
        "общими проблемами и интересами",
    ),
    (
        ("традиционн", "один на один", "один-на-один"),
        "взаимодействие более опытного и начинающего работника в течение продолжительного времени; наставник "
        "и наставляемый подбираются по опыту, навыкам и личностным характеристикам",
    ),
)


def academic_year(text: str) -> int:
    """«2026/2027» → 2026; anything without a year → the current academic year."""
    found = re.search(r"(19|20)\d\d", text or "")
    return int(found.group()) if found else academic_year_of(timezone.localdate())


def _year_label(year: int) -> str:
    return f"{year}/{year + 1}"


def _in_text(words: str) -> str:
    """«Директора» → «директора» inside a sentence; an abbreviation («И.о. директора») stays."""
    if len(words) > 1 and words[1].islower():
        return words[0].lower() + words[1:]
    return words


def _no_break(text: str) -> str:
    """«№ 2» and «№ 273-ФЗ» never lose their number at a line end."""
    return text.replace("№ ", "№\u00a0")


def _according_to(acts: list[str]) -> str:
    """«со статьёй 28 …, распоряжением …»: the preposition «с» becomes «со» before «с» + consonant."""
    first = acts[0].lower() if acts else ""
    preposition = "со" if re.match(r"^[сзшжщ][^аеёиоуыэюя]", first) else "с"
    return _no_break(f"{preposition} {', '.join(acts)}")


def _number(value: Decimal) -> str:
    """Decimal("70.0") → «70», Decimal("72.50") → «72,5»."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _mode_description(name: str) -> str:
    lowered = name.lower().strip("«» ")
    for stems, description in MODES:
        if any(stem in lowered for stem in stems):
            return description
    return ""


def _forms(school) -> list[dict]:
    offered = Prefetch("role_models", RoleModel.objects.filter(is_active=True))  # not the ones kept for old pairs
    forms = MentoringForm.objects.for_school(school).filter(is_active=True).prefetch_related(offered)
    return [
        {
            "name": form.name,
            "mentors": "; ".join(KINDS.get(kind, kind) for kind in form.mentor_kinds),
            "mentees": "; ".join(KINDS.get(kind, kind) for kind in form.mentee_kinds),
            "role_models": [role_model.name for role_model in form.role_models.all()],
            "with_pupils": PersonKind.PUPIL in (*form.mentor_kinds, *form.mentee_kinds),
        }
        for form in forms
    ]


def _indicators(school, year: int) -> tuple[list[dict], list[str]]:
    """The indicators with a target for the year (the school's own, else the standard one), and the
    ones that are only counted."""
    custom = dict(IndicatorTarget.objects.for_school(school).filter(year=year).values_list("code", "value"))
    targets, counted = [], []
    for definition in DEFINITIONS:
        label = INDICATORS.get(definition.code, str(definition.label))
        target = target_for(definition, year, custom.get(definition.code))
        if target is None:
            counted.append(label)
            continue
        value = _number(Decimal(target))
        targets.append(
            {
                "code": definition.code,
                "label": label,
                "target": f"{value}\u00a0%" if definition.percent else f"не менее {value}",
                "own": definition.code in custom,
            }
        )
    return targets, counted


def _roadmap(school, year: int) -> dict:
    events = RoadmapEvent.objects.for_school(school).filter(year=year).exclude(status=RoadmapStatus.CANCELLED)
    return {
        "year": _year_label(year),
        "events": [
            {
                "stage": event.stage,
                "title": event.title,
                "when": event.starts_on.strftime(DATE) + (f" – {ends}" if (ends := _ends(event)) else ""),
                "starts": event.starts_on.strftime(DATE),
                "ends": _ends(event),
                "responsible": event.responsible,
                "result": event.result,
            }
            for event in events.order_by("starts_on", "pk")
        ],
    }


def _ends(event) -> str:
    return event.ends_on.strftime(DATE) if event.ends_on and event.ends_on != event.starts_on else ""


def snapshot(school, *, roadmap_year: str, regulation_date: str = "") -> dict:
    """What appendices 1 and 2 print, computed from the school's data now (stored when drafting)."""
    year = academic_year(roadmap_year)
    forms = _forms(school)
    with_pupils = any(form["with_pupils"] for form in forms)
    targets, counted = _indicators(school, year)
    settings_row = DocumentSettings.objects.filter(school=school).first()
    position = str(school.director_position) or "Директор"
    short_name = _no_break(school.short_name or school.full_name)
    return {
        "regulation": {
            "subject": "педагогических работников и обучающихся" if with_pupils else "педагогических работников",
            "short_name": short_name,
            "approver": f"{_in_text(decline_position(position, Case.GENITIVE))} {short_name}",
            "accepted_on": regulation_date,
            "according_to": _according_to(legal_basis(settings_row)),
            "forms": forms,
            "with_pupils": with_pupils,
            "modes": [{"name": mode.name, "description": _mode_description(mode.name)} for mode in _modes(school)],
            "year": _year_label(year),
            "indicators": targets,
            "counted": counted,
            "hard_cap": hard_cap(school),
            "monitoring_day": MONITORING_DAY,
            "website": school.website,
        },
        "roadmap": _roadmap(school, year),
    }


def _modes(school):
    return Mode.objects.for_school(school).order_by("name")


def require_roadmap(snapshot_: dict) -> None:
    """The order approves the roadmap: it cannot be drafted without a single event of the year."""
    roadmap = snapshot_["roadmap"]
    if not roadmap["events"]:
        raise ValidationError(
            _(
                "The roadmap for %(year)s has no events: add them in Monitoring → Roadmap, "
                "then draft the order approving it."
            )
            % {"year": roadmap["year"]}
        )


# --- printing --------------------------------------------------------------------------


def template_html(school, key: str, context: dict) -> str:
    """An appendix in the school's wording if it has one (autoescaped, as every document), else the standard."""
    override = TemplateOverride.objects.filter(school=school, type=key).first()
    if override is not None:
        return Engine.get_default().from_string(override.html).render(Context(context, autoescape=True))
    return render_to_string(APPENDICES[key][1], context)


def _complete(document: Document, context: dict) -> dict:
    """A regulation order drafted before the snapshot existed prints the school's data of today."""
    if "regulation" in context and "roadmap" in context:
        return context
    fresh = snapshot(
        document.school,
        roadmap_year=context.get("roadmap_year", ""),
        regulation_date=context.get("regulation_date", ""),
    )
    return {**fresh, **context}


def appendices(document: Document, context: dict, *, published: bool = False) -> list[str]:
    """The Положение (appendix 1) and the roadmap (appendix 2) as HTML documents of their own pages.

    In the order's PDF the verification box stays on the order's last page; printed alone for the
    public section, it goes on the last page of the roadmap.
    """
    if document.type != DocumentType.ORDER_REGULATION:
        return []
    context = _complete(document, context)
    htmls = []
    for key, (number, _name) in APPENDICES.items():
        last = number == len(APPENDICES)
        shown = published and last
        htmls.append(
            template_html(
                document.school,
                key,
                {
                    **context,
                    "appendix": {"number": number, "published": published},
                    "verification_url": context.get("verification_url", "") if shown else "",
                    "qr": context.get("qr", "") if shown else "",
                },
            )
        )
    return htmls


def published_pdf(document: Document) -> bytes:
    """The Положение with its roadmap alone, PDF/A, with the order's final number and date."""
    return htmls_to_pdf(appendices(document, print_context(document, final=True), published=True), archival=True)


def publish_regulation(document: Document) -> None:
    """Called when a regulation order is signed (in the browser or on paper): stores the Положение
    the public section serves. Written once, like the signed PDF; a signed document is never saved
    again, so the file is set with an update."""
    if document.type != DocumentType.ORDER_REGULATION or document.status != DocumentStatus.SIGNED:
        return
    if document.published_pdf:
        return
    document.published_pdf.save("published.pdf", ContentFile(published_pdf(document)), save=False)
    Document.objects.filter(pk=document.pk, published_pdf="").update(published_pdf=document.published_pdf.name)


def published_file(document: Document):
    """The stored Положение of a signed regulation order; one signed before it was stored is rendered now."""
    if not document.published_pdf:
        publish_regulation(document)
        document.refresh_from_db(fields=["published_pdf"])
    return document.published_pdf


def sample_context(school, *, roadmap_year: str = "") -> dict:
    """The appendices' data of the school today, for the template editor's check and preview."""
    year = academic_year(roadmap_year) if roadmap_year else academic_year_of(timezone.localdate())
    return {
        **snapshot(school, roadmap_year=_year_label(year), regulation_date=timezone.localdate().strftime(DATE)),
        "roadmap_year": _year_label(year),
    }
