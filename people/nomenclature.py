"""Who is a pedagogical worker: the nomenclature of positions (Government Decree of 21.02.2022 No. 225).

A pure module (no models, no Django): the data migration that first set the flag imports it.

Of a school's employees («работники»), those holding a pedagogical position of the decree's
section «педагогические работники» are pedagogical workers: teachers («учитель <предмета>»,
«учитель начальных классов»), educators, the psychologist, the social pedagogue, the speech
therapist, the tutor, the methodologist, the senior counsellor, the director's adviser on
upbringing… Heads (директор, заместитель директора, руководитель структурного подразделения)
and other staff (секретарь, заведующий хозяйством, библиотекарь, лаборант…) are not, unless
they also hold a pedagogical post: «Заместитель директора по УВР, учитель математики» is one.
"""

import functools
import re

# The decree's pedagogical positions, normalised (lower case, «е» for «ё», «-» for any dash),
# each also in its «старший» (senior) variant. A position is pedagogical when it is one of
# these, or one of these followed by a space or a hyphen and more words: «учитель математики»,
# «учитель-логопед», «воспитатель группы продлённого дня», «преподаватель-организатор ОБЗР».
TITLES = (
    "учитель",
    "учительница",
    "учитель-логопед",
    "логопед",
    "учитель-дефектолог",
    "дефектолог",
    "воспитатель",
    "воспитательница",
    "педагогический работник",
    "педагог",  # «педагог» alone, «педагог дополнительного образования», «педагог-психолог»…
    "педагог дополнительного образования",
    "педагог-психолог",
    "социальный педагог",
    "педагог-библиотекарь",
    "педагог-организатор",
    "преподаватель",  # also «преподаватель-организатор основ безопасности (ОБЖ, ОБЗР)»
    "преподаватель-организатор",
    "тьютор",
    "методист",
    "инструктор-методист",
    "инструктор по физической культуре",
    "инструктор по труду",
    "концертмейстер",
    "музыкальный руководитель",
    "тренер-преподаватель",
    "мастер производственного обучения",
    "советник директора по воспитанию",  # «… и взаимодействию с детскими общественными объединениями»
    "советник по воспитанию",
)
# Pedagogical only as «старший»: a «вожатый» is support staff, a «старший вожатый» is a pedagogue.
SENIOR_ONLY_TITLES = ("вожатый", "вожатая")
SENIOR = ("старший", "старшая")

_DASHES = re.compile(r"\s*[-‐‑‒–—―]\s*")
_SPACES = re.compile(r"\s+")
# One line may name several posts: «Заместитель директора по УВР, учитель математики»,
# «Директор; учитель истории», «Библиотекарь / педагог-библиотекарь», «Завуч и учитель физики».
_POSTS = re.compile(r"\s*(?:[,;/+()\[\]]|\bи\b)\s*")


def normalize(position: str) -> str:
    """Case, «ё», dash variants and the spaces around them, repeated spaces and dots do not matter."""
    text = _SPACES.sub(" ", str(position or "").replace("\u00ad", "").strip().lower().replace("ё", "е"))
    return _DASHES.sub("-", text).strip(" .")


def _starts_with_title(post: str, titles) -> bool:
    return any(post == title or post.startswith((f"{title} ", f"{title}-")) for title in titles)


def _is_pedagogical_post(post: str) -> bool:
    post = post.strip(" .-")
    for senior in SENIOR:
        if post.startswith(f"{senior} "):
            rest = post[len(senior) + 1 :]
            return _starts_with_title(rest, TITLES) or _starts_with_title(rest, SENIOR_ONLY_TITLES)
    return _starts_with_title(post, TITLES)


@functools.lru_cache(maxsize=4096)  # positions repeat from person to person
def is_pedagogical_position(position: str) -> bool:
    """Whether the position (as typed or imported) is a pedagogical one of Decree No. 225."""
    text = normalize(position)
    if not text:
        return False
    return _is_pedagogical_post(text) or any(_is_pedagogical_post(post) for post in _POSTS.split(text) if post)


def pedagogical_flag(
    *,
    employee: bool,
    position: str,
    chosen: bool | None = None,
    current: bool | None = None,
    position_changed: bool = True,
) -> bool:
    """A person's «pedagogical worker» flag after an edit or an import row.

    ``chosen``: what a person said explicitly (the card's checkbox they changed, the import's
    «Педагогический работник» cell), which always wins; callers refuse ``True`` for a
    non-employee. Otherwise the flag follows the position when the person is new
    (``current`` is None) or their position or kind changed, and stays as stored when not:
    an override set on the card survives edits of other fields and re-imports. Only an
    employee is a pedagogical worker.
    """
    if chosen is not None:
        return chosen
    if not employee:
        return False
    if current is None or position_changed:
        return is_pedagogical_position(position)
    return current
