"""Ready questionnaires a school copies and adapts: the seeds' monitoring criteria as questions.

Satisfaction of mentees and mentors (seed 000, target indicators 3 and 4), motivation,
adaptation (seed 003 §7.5) and the mentee's self-assessment of competences, asked at
entry and again at exit so the two can be compared. The texts are the school's data,
in Russian, and stay editable in the school's copy until the first answer arrives.
"""

from dataclasses import dataclass, field

from surveys.models import Audience, Competence, QuestionKind, SurveyStage


@dataclass(frozen=True)
class ReadyQuestion:
    text: str
    kind: str = QuestionKind.LIKERT
    choices: tuple[str, ...] = ()
    competence: str = ""
    overall: bool = False


@dataclass(frozen=True)
class ReadyTemplate:
    key: str
    title: str
    description: str
    stage: str
    audience: str
    questions: tuple[ReadyQuestion, ...] = field(default_factory=tuple)

    @property
    def stage_label(self):
        return SurveyStage(self.stage).label

    @property
    def audience_label(self):
        return Audience(self.audience).label


OVERALL = ReadyQuestion("Насколько вы в целом удовлетворены участием в программе наставничества?", overall=True)

SELF_ASSESSMENT = (
    ReadyQuestion(
        "Насколько уверенно вы планируете урок: цели, этапы, распределение времени?",
        competence=Competence.PLANNING,
    ),
    ReadyQuestion(
        "Насколько уверенно вы поддерживаете дисциплину и рабочую атмосферу в классе?",
        competence=Competence.DISCIPLINE,
    ),
    ReadyQuestion(
        "Насколько уверенно вы общаетесь с родителями учеников, в том числе в сложных ситуациях?",
        competence=Competence.PARENTS,
    ),
    ReadyQuestion(
        "Насколько уверенно вы используете цифровые инструменты: электронный журнал, ФГИС «Моя школа», "
        "интерактивную доску?",
        competence=Competence.DIGITAL,
    ),
    ReadyQuestion(
        "Насколько уверенно вы оцениваете работы учеников по критериям и объясняете отметку?",
        competence=Competence.ASSESSMENT,
    ),
)

FORMS_OF_WORK = (
    "посещение уроков наставника",
    "разбор моих уроков",
    "консультации один на один",
    "дистанционные консультации",
    "совместные проекты и подготовка к конкурсам",
)

READY_TEMPLATES = (
    ReadyTemplate(
        key="mentee_entry",
        title="Входная анкета наставляемого",
        description="Анкета заполняется до начала работы с наставником. Ответы помогут составить "
        "персонализированную программу. Оценки от 1 до 5 — это ваша самооценка, правильных ответов нет.",
        stage=SurveyStage.ENTRY,
        audience=Audience.MENTEE,
        questions=(
            ReadyQuestion(
                "Чего вы в первую очередь ждёте от наставничества?",
                kind=QuestionKind.SINGLE,
                choices=(
                    "помощи в адаптации в коллективе и в школе",
                    "методической помощи в подготовке уроков",
                    "поддержки в трудных ситуациях с учениками и родителями",
                    "подготовки к аттестации на квалификационную категорию",
                ),
            ),
            ReadyQuestion(
                "В каких формах вам удобнее работать с наставником?", kind=QuestionKind.MULTIPLE, choices=FORMS_OF_WORK
            ),
            *SELF_ASSESSMENT,
            ReadyQuestion("Насколько вы мотивированы развиваться в профессии в этом учебном году?"),
            ReadyQuestion("Какие трудности в работе беспокоят вас больше всего?", kind=QuestionKind.TEXT),
        ),
    ),
    ReadyTemplate(
        key="mentee_exit",
        title="Итоговая анкета наставляемого",
        description="Анкета заполняется по завершении программы наставничества. Оцените, что изменилось "
        "за это время: оценки от 1 до 5 сравниваются с вашей входной анкетой.",
        stage=SurveyStage.EXIT,
        audience=Audience.MENTEE,
        questions=(
            OVERALL,
            *SELF_ASSESSMENT,
            ReadyQuestion("Насколько комфортно вы чувствуете себя в коллективе школы?"),
            ReadyQuestion(
                "Какие формы работы оказались для вас полезными?", kind=QuestionKind.MULTIPLE, choices=FORMS_OF_WORK
            ),
            ReadyQuestion(
                "Хотели бы вы в будущем сами стать наставником?",
                kind=QuestionKind.SINGLE,
                choices=("да", "возможно, через несколько лет", "нет"),
            ),
            ReadyQuestion("Что помогло вам больше всего? Что стоило бы сделать иначе?", kind=QuestionKind.TEXT),
        ),
    ),
    ReadyTemplate(
        key="mentor_entry",
        title="Входная анкета наставника",
        description="Анкета заполняется до начала работы с наставляемым. Ответы помогут куратору "
        "спланировать поддержку наставников.",
        stage=SurveyStage.ENTRY,
        audience=Audience.MENTOR,
        questions=(
            ReadyQuestion(
                "Есть ли у вас опыт наставничества?",
                kind=QuestionKind.SINGLE,
                choices=("нет, это первый опыт", "да, один-два наставляемых", "да, больше двух наставляемых"),
            ),
            ReadyQuestion("Насколько вы мотивированы работать наставником в этом учебном году?"),
            ReadyQuestion("Насколько ясны вам цели и задачи наставничества в вашей паре или группе?"),
            ReadyQuestion("Насколько вы уверены, что сможете регулярно выделять время на встречи с наставляемым?"),
            ReadyQuestion(
                "Как часто вы планируете встречаться с наставляемым?",
                kind=QuestionKind.SINGLE,
                choices=("несколько раз в неделю", "раз в неделю", "раз в две недели", "раз в месяц"),
            ),
            ReadyQuestion(
                "Какая поддержка школы вам нужна?",
                kind=QuestionKind.MULTIPLE,
                choices=(
                    "методические материалы",
                    "время в расписании для взаимопосещений",
                    "обучение по наставничеству",
                    "консультации педагога-психолога",
                    "обмен опытом с другими наставниками",
                ),
            ),
            ReadyQuestion("Какие трудности вы ожидаете в работе с наставляемым?", kind=QuestionKind.TEXT),
        ),
    ),
    ReadyTemplate(
        key="mentor_exit",
        title="Итоговая анкета наставника",
        description="Анкета заполняется по завершении программы наставничества. Ваши ответы помогут "
        "улучшить организацию наставничества в школе.",
        stage=SurveyStage.EXIT,
        audience=Audience.MENTOR,
        questions=(
            OVERALL,
            ReadyQuestion("Насколько, по вашей оценке, наставляемый преодолел свои профессиональные затруднения?"),
            ReadyQuestion("Насколько вы мотивированы продолжать работу наставником?"),
            ReadyQuestion("Насколько достаточной была поддержка куратора и администрации школы?"),
            ReadyQuestion(
                "Что было трудным в работе наставника?",
                kind=QuestionKind.MULTIPLE,
                choices=(
                    "нехватка времени",
                    "несовпадение расписаний",
                    "нехватка методических материалов",
                    "низкая мотивация наставляемого",
                    "трудностей не было",
                ),
            ),
            ReadyQuestion(
                "Готовы ли вы взять наставляемого в следующем учебном году?",
                kind=QuestionKind.SINGLE,
                choices=("да", "да, но с меньшей нагрузкой", "нет"),
            ),
            ReadyQuestion("Что стоит улучшить в организации наставничества в школе?", kind=QuestionKind.TEXT),
        ),
    ),
)

BY_KEY = {template.key: template for template in READY_TEMPLATES}
