from celery import shared_task

from mentoring.lifecycle import activate_due


@shared_task(name="mentoring.activate_due")
def activate_due_mentorships() -> int:
    """Daily: approved mentorships whose start date has come become active."""
    return activate_due()
