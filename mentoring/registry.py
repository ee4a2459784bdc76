"""Hooks the apps above ``mentoring`` fill in, so the board can show what they know.

``BOARD_PROVIDERS`` holds callables ``(mentorships, on) -> {mentorship_id: BoardNote}``
taking the board's mentorships at once (one query each, not one per row). The programs
app registers one that reports plan progress and overdue events.
"""

from dataclasses import dataclass, field


@dataclass
class BoardNote:
    alerts: list[str] = field(default_factory=list)
    progress: int | None = None  # percent of due plan events done
    link: str = ""  # where the row's program lives


BOARD_PROVIDERS: list = []


def board_notes(mentorships, on) -> dict[int, BoardNote]:
    notes: dict[int, BoardNote] = {}
    for provider in BOARD_PROVIDERS:
        for pk, note in provider(mentorships, on).items():
            merged = notes.setdefault(pk, BoardNote())
            merged.alerts.extend(note.alerts)
            merged.progress = note.progress if note.progress is not None else merged.progress
            merged.link = note.link or merged.link
    return notes
