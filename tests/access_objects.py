"""School A's objects behind the access matrix's URLs, each made on first use.

The cast's mentor and mentee are the participants of the mentorship, its program, plan
and log, so «the mentor may log a session in HIS program» is really exercised; the cast's
pupil, a mentee too, takes part in none of them.
"""

import datetime
from functools import cached_property

from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mentoring.lifecycle import mentorship_create
from mentoring.models import Participant, Replacement
from people.models import ConsentKind, MenteeProfile, MentorProfile, Person
from tests.factories import PersonFactory, UserFactory
from tests.mentoring.helpers import START, mentee, mentor, teacher_form, with_consents
from tests.test_school_isolation import document, news_item, roadmap_event, survey

END = START.replace(year=START.year + 1) - datetime.timedelta(days=1)


class Scene:
    def __init__(self, cast):
        self.cast = cast
        self.school = cast.school

    # --- the bank ---------------------------------------------------------------------

    @cached_property
    def mentor_person(self) -> Person:
        person = Person.objects.get(user=self.cast.mentor)
        MentorProfile.objects.create(person=person, max_mentees=3)
        return with_consents(person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTOR_PARTICIPATION)

    @cached_property
    def mentee_person(self) -> Person:
        """The cast's mentee: the card a colleague must not open."""
        person = Person.objects.get(user=self.cast.mentee)
        MenteeProfile.objects.create(person=person)
        return with_consents(person, ConsentKind.PERSONAL_DATA, ConsentKind.MENTEE_PARTICIPATION)

    @cached_property
    def consent(self):
        """The mentee's own consent, with its private scan."""
        return self.mentee_person.consents.get(kind=ConsentKind.PERSONAL_DATA)

    # --- pairs and programs -----------------------------------------------------------

    @cached_property
    def mentorship(self):
        return self._pair(self.mentee_person)

    @cached_property
    def free_mentorship(self):
        """The mentor's second pair, still without a program: where one is started or copied to."""
        return self._pair(mentee(self.school))

    def _pair(self, mentee_person):
        made, _warnings = mentorship_create(
            school=self.school,
            form=teacher_form(self.school),
            mentors=[self.mentor_person],
            mentees=[mentee_person],
            start=START,
            end=END,
            by=None,
        )
        return made

    @cached_property
    def replacement(self):
        return Replacement.objects.create(
            mentorship=self.mentorship,
            outgoing=self.mentorship.participants.get(role=Participant.Role.MENTOR),
            incoming=PersonFactory(school=self.school),
            reason="illness",
            effective_on=START + datetime.timedelta(days=90),
        )

    @cached_property
    def petition(self):
        """The mentee's open request for another mentor."""
        from mentoring.models import Petition

        return Petition.objects.create(
            mentorship=self.mentorship,
            participant=self.mentorship.participants.get(role=Participant.Role.MENTEE),
            kind="another_mentor",
            reason="personal",
            submitted_on=START,
        )

    @cached_property
    def mentoring_form(self):
        return teacher_form(self.school)

    @cached_property
    def program(self):
        from programs.models import Program

        return Program.objects.create(mentorship=self.mentorship, title="П", goal="Ц", start=START, end=END)

    @cached_property
    def other_program(self):
        """A colleague pair's program, not a best practice: the cast's mentor has no business in it."""
        from programs.models import Program

        pair, _warnings = mentorship_create(
            school=self.school,
            form=teacher_form(self.school),
            mentors=[mentor(self.school)],
            mentees=[mentee(self.school)],
            start=START,
            end=END,
            by=None,
        )
        return Program.objects.create(mentorship=pair, title="Чужая программа", goal="Ц", start=START, end=END)

    @cached_property
    def plan_item(self):
        from programs.models import PlanItem

        item = PlanItem.objects.create(program=self.program, title="Встреча", planned_on=START + datetime.timedelta(9))
        item.evidence_file.save("note.pdf", ContentFile(b"%PDF-1.4 evidence"))
        return item

    @cached_property
    def log_entry(self):
        from programs.models import LogEntry

        item = self.plan_item
        return LogEntry.objects.create(
            program=self.program,
            plan_item=item,
            occurred_on=item.planned_on,
            what_done="Встреча",
            author=self.cast.mentor,
        )

    @cached_property
    def calendar_token(self) -> str:
        from programs.models import CalendarFeed

        return CalendarFeed.objects.create(user=self.cast.mentee).token

    # --- documents, surveys, monitoring, the public section --------------------------

    @cached_property
    def document(self):
        """A draft with its preview."""
        return document(self.school)

    @cached_property
    def paper_registration(self):
        """A paper original registered in a school whose director signs on paper: hers to contest."""
        from documents.models import PaperRegistration

        registration = PaperRegistration(
            school=self.school,
            document=self.document,
            sha256="0" * 64,
            registered_by=self.cast.curator,
            contest_until=datetime.date.today() + datetime.timedelta(days=5),  # noqa: DTZ011
        )
        registration.scan.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=False)
        registration.save()
        return registration

    @cached_property
    def mentee_consent(self):
        """The mentee's own consent, waiting for her signature."""
        from documents import drafting, signing
        from documents.models import DocumentType

        made = drafting.draft_consent(
            person=self.mentee_person, type=DocumentType.CONSENT_PUBLICATION, by=self.cast.curator
        )
        signing.send_for_signature(document=made, by=self.cast.curator)
        return made

    @cached_property
    def signed_regulation(self):
        from documents.models import Document, DocumentStatus, DocumentType

        made = Document.objects.create(
            school=self.school,
            type=DocumentType.ORDER_REGULATION,
            title="Об утверждении положения",
            number="2",
            year=2026,
            sequence=2,
            date=datetime.date(2026, 8, 28),
            status=DocumentStatus.SIGNED,
            signed_by=self.cast.director,
        )
        made.pdf.save("signed.pdf", ContentFile(b"%PDF-1.4 signed"))
        return made

    @cached_property
    def survey(self):
        return survey(self.school)

    @cached_property
    def question(self):
        return self.survey.questions.first()

    @cached_property
    def invitation_token(self) -> str:
        from surveys.models import Invitation

        invitation = Invitation.objects.create(
            survey=self.survey, mentorship=self.mentorship, person=self.mentee_person, role=Participant.Role.MENTEE
        )
        return invitation.token

    @cached_property
    def roadmap_event(self):
        return roadmap_event(self.school)

    @cached_property
    def news_item(self):
        return news_item(self.school)

    @cached_property
    def public_file(self):
        from public.models import PublicFile

        made = PublicFile.objects.create(school=self.school, kind="local", title="Положение")
        made.file.save("polozhenie.pdf", ContentFile(b"%PDF-1.4 public"))
        return made

    @cached_property
    def school_export(self):
        """A ready export of all of school A's data, waiting to be downloaded."""
        from backups.models import ExportState, SchoolExport

        made = SchoolExport.objects.create(school=self.school, state=ExportState.DONE, token="matrix")
        made.file.save("export.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
        return made

    # --- a user's own things ----------------------------------------------------------

    @cached_property
    def notification(self):
        """The mentee's notification: nobody else's to open."""
        from notifications.models import Kind, Notification

        return Notification.objects.create(
            user=self.cast.mentee, school=self.school, kind=Kind.UPCOMING_ITEM, title="Встреча", key="matrix", url="/"
        )

    @cached_property
    def password_reset(self) -> dict:
        """A valid reset link of a user outside the cast (logging in changes a token's user)."""
        user = UserFactory(username="forgetful")
        return {
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        }


UPLOADED = "Фамилия;Имя\n".encode()


def import_preview(kind, school):
    """A finished preview of an upload (``people/import_jobs.py``), waiting for its confirmation."""
    from people.models import ImportJob

    _token, name = kind.uploads.keep(school, SimpleUploadedFile("bank.csv", UPLOADED))
    return ImportJob.objects.create(
        school=school,
        kind=kind.kind,
        stage=ImportJob.Stage.PREVIEW,
        status=ImportJob.Status.DONE,
        file_name=name,
        original_name="bank.csv",
        total_rows=0,
        report={"counts": {"created": 1}, "created": [{"line": 2, "name": "Орлова Анна"}], "rejected": []},
    )


def put_back_upload(job) -> None:
    """A confirmation deletes the upload once imported; a rolled-back visit does not bring the file back."""
    from people.storage import private_storage

    if not private_storage.exists(job.file_name):
        private_storage.save(job.file_name, ContentFile(UPLOADED))
