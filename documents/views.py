from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from rules.contrib.views import PermissionRequiredMixin

from accounts.feedback import run_and_report, show_errors, show_form_errors
from accounts.ids import parse_id
from accounts.permissions import Action
from accounts.scoping import SchoolScopedMixin, get_for_school
from audit.log import record
from audit.models import AuditAction
from documents import drafting, forms, orders, paper, signing, verification
from documents.filters import DocumentFilter
from documents.models import Document, DocumentStatus, DocumentType, PaperRegistration, RenderState
from documents.services import request_preview


def _require(request, action):
    if request.school is None or not request.user.has_perm(action, request.school):
        raise PermissionDenied


def _document_for(request, pk, action=Action.VIEW_DOCUMENTS) -> Document:
    document = get_for_school(request, Document.objects.select_related("signed_by", "supersedes", "created_by"), pk=pk)
    _require(request, action)
    return document


class RegistryView(SchoolScopedMixin, PermissionRequiredMixin, FilterView):
    model = Document
    filterset_class = DocumentFilter
    permission_required = Action.VIEW_DOCUMENTS
    template_name = "documents/registry.html"
    paginate_by = 50
    raise_exception = True

    def get_permission_object(self):
        return self.request.school

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["types"] = DocumentType.choices
        context["may_draft"] = self.request.user.has_perm(Action.DRAFT_DOCUMENTS, self.request.school)
        return context


def inbox(request):
    """The director's documents awaiting signature, each previewed and signed or returned in one step."""
    _require(request, Action.SIGN_DOCUMENTS)
    waiting = list(signing.awaiting_director(request.school).order_by("date", "sequence"))
    for document in waiting:
        if document.render_state == RenderState.IDLE:
            request_preview(document)
            document.render_state = RenderState.PENDING
    return render(
        request,
        "documents/inbox.html",
        {"documents": waiting, "sign_form": forms.SignForm(), "return_form": forms.ReturnForm()},
    )


def _make(data, request, type_):
    school, by = request.school, request.user
    makers = {
        DocumentType.ORDER_PAIRS: lambda: drafting.draft_pairs_order(
            school=school, mentorships=data["mentorships"], by=by, basis=data.get("basis", "")
        ),
        DocumentType.ORDER_COMPLETION: lambda: drafting.draft_completion_order(
            school=school, mentorships=data["mentorships"], by=by
        ),
        DocumentType.ORDER_EXTENSION: lambda: drafting.draft_extension_order(
            school=school, mentorships=data["mentorships"], by=by
        ),
        DocumentType.ORDER_TERMINATION: lambda: drafting.draft_termination_order(
            school=school, mentorships=data["mentorships"], by=by
        ),
        DocumentType.ORDER_REPLACEMENT: lambda: drafting.draft_replacement_order(
            replacement=data["replacement"], by=by
        ),
        DocumentType.ORDER_CURATOR: lambda: drafting.draft_curator_order(
            school=school, person=data["person"], by=by, academic_year=data["academic_year"]
        ),
        DocumentType.ORDER_AWARD: lambda: drafting.draft_award_order(
            school=school, people=data["people"], award=data["award"], by=by
        ),
        DocumentType.ORDER_COUNCIL: lambda: drafting.draft_council_order(
            school=school, chair=data["chair"], by=by, academic_year=data["academic_year"]
        ),
        DocumentType.ORDER_REGULATION: lambda: drafting.draft_regulation_order(
            school=school, by=by, regulation_date=data["regulation_date"], roadmap_year=data["roadmap_year"]
        ),
        "consent": lambda: drafting.draft_consent(
            person=data["person"],
            type=data["kind"],
            by=by,
            guardian_name=data["guardian_name"],
            guardian_address=data.get("guardian_address", ""),
            role=data["role"],
            share_contacts=data.get("share_contacts", False),
        ),
        DocumentType.CONTRACT_SUPPLEMENT: lambda: drafting.draft_contract_supplement(
            mentorship=data["mentorship"],
            by=by,
            monthly_pay=data["monthly_pay"],
            contract_number=data["contract_number"],
            contract_date=data["contract_date"],
        ),
        DocumentType.PROGRAM: lambda: drafting.draft_program(program=data["program"], by=by),
        DocumentType.MENTOR_REPORT: lambda: drafting.draft_mentor_report(program=data["program"], by=by),
    }
    return makers[type_]()


FORMS = {
    DocumentType.ORDER_PAIRS: forms.PairsOrderForm,
    DocumentType.ORDER_COMPLETION: forms.CompletionOrderForm,
    DocumentType.ORDER_TERMINATION: forms.TerminationOrderForm,
    DocumentType.ORDER_EXTENSION: forms.ExtensionOrderForm,
    DocumentType.ORDER_REPLACEMENT: forms.ReplacementOrderForm,
    DocumentType.ORDER_CURATOR: forms.CuratorOrderForm,
    DocumentType.ORDER_AWARD: forms.AwardOrderForm,
    DocumentType.ORDER_COUNCIL: forms.CouncilOrderForm,
    DocumentType.ORDER_REGULATION: forms.RegulationOrderForm,
    "consent": forms.ConsentForm,
    DocumentType.CONTRACT_SUPPLEMENT: forms.ContractSupplementForm,
    DocumentType.PROGRAM: forms.ProgramChoiceForm,
    DocumentType.MENTOR_REPORT: forms.ProgramChoiceForm,
}
FORM_TITLES = {**{t.value: t.label for t in DocumentType}, "consent": _("Consent form")}


def document_new(request, kind):
    _require(request, Action.DRAFT_DOCUMENTS)
    if kind not in FORMS:
        raise Http404
    # The board's «Сформировать приказ» and a pair's page arrive with the pairs (or the person,
    # or the replacement) already chosen.
    initial = {key: request.GET.getlist(key) for key in ("mentorships", "people") if request.GET.getlist(key)}
    initial.update({key: request.GET[key] for key in ("replacement", "person", "mentorship") if request.GET.get(key)})
    form = FORMS[kind](request.POST or None, school=request.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = _make(form.cleaned_data, request, kind)
        except ValidationError as error:
            show_form_errors(form, error)
        else:
            request_preview(document)
            messages.success(request, _("Draft No. %(number)s is registered.") % {"number": document.number})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/new.html", {"form": form, "title": FORM_TITLES[kind], "kind": kind})


def document_detail(request, pk):
    document = _document_for(request, pk)
    if not document.is_frozen and document.render_state == RenderState.IDLE:
        request_preview(document)
        document.render_state = RenderState.PENDING
    return render(
        request,
        "documents/detail.html",
        {
            "document": document,
            "may_draft": request.user.has_perm(Action.DRAFT_DOCUMENTS, request.school),
            "may_sign": request.user.has_perm(Action.SIGN_DOCUMENTS, request.school),
            "may_register_original": paper.registration_refusal(request.user, document) is None,
            "registration_refusal": paper.registration_refusal(request.user, document),
            "registrations": document.paper_registrations.select_related(
                "registered_by", "confirmed_by", "contested_by"
            ),
            "may_contest": request.user.has_perm(Action.CONTEST_REGISTRATION, request.school),
            "may_exclude_pairs": document.type == DocumentType.ORDER_PAIRS
            and document.status in orders.PENDING
            and request.user.has_perm(Action.DRAFT_DOCUMENTS, request.school),
            "may_withdraw": document.status in orders.PENDING
            and request.user.has_perm(Action.DRAFT_DOCUMENTS, request.school),
            "pairs": document.mentorships.prefetch_related("participants__person"),
            "today": timezone.localdate(),
            "sign_form": forms.SignForm(),
            "return_form": forms.ReturnForm(),
            "scan_form": forms.ScanForm(),
            "verified": signing.verify(document) if document.is_frozen else None,
            "DocumentStatus": DocumentStatus,
        },
    )


def render_status(request, pk):
    document = _readable_document(request, pk)
    return JsonResponse({"state": document.render_state, "error": bool(document.render_error)})


@require_POST
def rerender(request, pk):
    document = _document_for(request, pk, Action.DRAFT_DOCUMENTS)
    if document.is_frozen:
        raise PermissionDenied
    request_preview(document)
    return redirect("documents:detail", pk=pk)


@xframe_options_sameorigin  # shown inside the document's page, in an <object>
def document_pdf(request, pk):
    """The signed PDF, or the draft's preview, for the school's managers and for the person who
    signs it as a party; every download of personal data is logged."""
    document = _readable_document(request, pk)
    file = document.pdf if document.is_frozen else document.preview
    if not file:
        raise Http404
    record(actor=request.user, school=document.school, action=AuditAction.DOWNLOAD, obj=document)
    name = f"{document.number.replace('/', '-')}.pdf"
    return FileResponse(file.open("rb"), content_type="application/pdf", filename=name, as_attachment=False)


def _readable_document(request, pk) -> Document:
    """The school's managers read every document; a party reads the one they sign."""
    document = get_for_school(request, Document.objects.select_related("person"), pk=pk)
    if not (
        request.user.has_perm(Action.VIEW_DOCUMENTS, request.school)
        or request.user.has_perm(Action.SIGN_AS_PARTY, document)
    ):
        raise PermissionDenied
    return document


def _step(request, pk, action, run, success):
    document = _document_for(request, pk, action)
    run_and_report(request, lambda: run(document), success=success)
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("documents:detail", pk=pk)


@require_POST
def send(request, pk):
    return _step(
        request,
        pk,
        Action.DRAFT_DOCUMENTS,
        lambda d: signing.send_for_signature(document=d, by=request.user),
        _("Sent to the director for signature."),
    )


@require_POST
def sign(request, pk):
    return _step(
        request,
        pk,
        Action.SIGN_DOCUMENTS,
        lambda d: signing.sign(document=d, by=request.user, password=request.POST.get("password", ""), request=request),
        _("Signed. The PDF is frozen and can be verified by its QR code."),
    )


@require_POST
def return_document(request, pk):
    return _step(
        request,
        pk,
        Action.SIGN_DOCUMENTS,
        lambda d: signing.return_for_correction(document=d, by=request.user, comment=request.POST.get("comment", "")),
        _("Returned for correction."),
    )


@require_POST
def upload_scan(request, pk):
    document = _document_for(request, pk)
    if paper.registration_refusal(request.user, document) is not None:  # the page tells them why
        raise PermissionDenied
    run_and_report(
        request,
        lambda: paper.register_original(document=document, by=request.user, upload=request.FILES.get("scan")),
        success=_("The signed paper original is registered."),
    )
    return redirect("documents:detail", pk=pk)


@require_POST
def confirm_registration(request, pk):
    registration = get_for_school(request, PaperRegistration.objects.all(), pk=pk)
    _require(request, Action.CONTEST_REGISTRATION)
    run_and_report(
        request,
        lambda: paper.confirm_registration(registration=registration, by=request.user),
        success=_("The registration is confirmed."),
    )
    return redirect("documents:detail", pk=registration.document_id)


@require_POST
def contest_registration(request, pk):
    registration = get_for_school(request, PaperRegistration.objects.all(), pk=pk)
    _require(request, Action.CONTEST_REGISTRATION)
    run_and_report(
        request,
        lambda: paper.contest_registration(
            registration=registration, by=request.user, reason=request.POST.get("reason", "")
        ),
        success=_("The registration is contested: the document is returned and what it decided is undone."),
    )
    return redirect("documents:detail", pk=registration.document_id)


@require_POST
def exclude_pair(request, pk):
    return _step(
        request,
        pk,
        Action.DRAFT_DOCUMENTS,
        lambda d: orders.exclude_pair(
            document=d, mentorship_id=parse_id(request.POST.get("mentorship")), by=request.user
        ),
        _("The pair is excluded from the order; its new text is being prepared."),
    )


@require_POST
def withdraw(request, pk):
    return _step(
        request,
        pk,
        Action.DRAFT_DOCUMENTS,
        lambda d: orders.withdraw(document=d, by=request.user, reason=request.POST.get("reason", "")),
        _("The document is withdrawn unsigned; its number stays in the registry."),
    )


def party_sign(request, pk):
    """The subject of a consent, or the employee of an agreement, reads and signs their document."""
    document = get_for_school(request, Document.objects.select_related("person", "school"), pk=pk)
    if not request.user.has_perm(Action.SIGN_AS_PARTY, document):
        raise PermissionDenied
    form = forms.PartySignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        signed = run_and_report(
            request,
            lambda: signing.sign_as_party(
                document=document, by=request.user, password=form.cleaned_data["password"], request=request
            ),
            success=_("Signed with your simple electronic signature."),
        )
        if signed:
            return redirect("documents:party_sign", pk=pk)
    if not document.is_frozen and document.render_state == RenderState.IDLE:
        request_preview(document)
        document.render_state = RenderState.PENDING
    return render(
        request,
        "documents/party_sign.html",
        {
            "document": document,
            "form": form,
            "waiting": signing.is_party(request.user, document)
            and document.status == DocumentStatus.AWAITING_SIGNATURE
            and document.party_signed_at is None,
        },
    )


@require_POST
def correct(request, pk):
    document = _document_for(request, pk, Action.DRAFT_DOCUMENTS)
    try:
        copy = drafting.correction_of(document=document, by=request.user)
    except ValidationError as error:
        show_errors(request, error)
        return redirect("documents:detail", pk=pk)
    request_preview(copy)
    messages.success(
        request, _("Correction No. %(number)s is drafted; it cites the signed document.") % {"number": copy.number}
    )
    return redirect("documents:detail", pk=copy.pk)


@login_not_required
def verify(request, code):
    """Public: a signed document's details, signers and status, and nothing personal (documents.verification).

    A visitor may post the file they hold: it is hashed and compared with the signed one, never kept.
    An unknown code, or a document not signed, is a plain «not found» that tells nothing more.
    """
    document = (
        Document.objects.select_related("school", "signed_by", "consent")
        .filter(verification_code=code, status=DocumentStatus.SIGNED)
        .first()
    )
    if document is None:
        return render(request, "documents/verify_not_found.html", status=404)
    comparison, report, upload_error = None, None, ""
    if request.method == "POST":
        try:
            # Refused before the body is read: an anonymous upload is capped by its declared length.
            if int(request.META.get("CONTENT_LENGTH") or 0) > verification.MAX_UPLOAD_BYTES + 64 * 1024:
                raise verification.too_large_error()
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose the PDF file to compare."))
            _require_check_allowed(request)
            data = verification.read_upload(upload)
            comparison = verification.compare_bytes(document, data)
            report = verification.check_file(data, expected=document)
        except ValidationError as error:
            upload_error = " ".join(error.messages)
    return render(
        request,
        "documents/verify.html",
        {
            "document": document,
            "intact": signing.verify(document),
            "organization": verification.organization(document),
            "title": verification.public_title(document),
            "signatures": verification.signatures(document),
            "status": verification.public_status(document),
            "corrects": document.supersedes if document.supersedes_id else None,
            "comparison": comparison,
            "report": report,
            "upload_error": upload_error,
            "max_upload_mb": verification.MAX_UPLOAD_MB,
        },
    )


def _require_check_allowed(request) -> None:
    """Checking a file costs the server a PDF parse: each visitor's address gets a number an hour."""
    from django_ratelimit.core import is_ratelimited

    from accounts.lockouts import client_address

    limited = is_ratelimited(
        request,
        group="verify-file",
        key=lambda _group, request: client_address(request) or "",
        rate=f"{settings.VERIFY_FILE_CHECKS_PER_ADDRESS}/h",
        increment=True,
    )
    if limited:
        raise ValidationError(_("Too many files were checked from your address: try again in an hour."))


@login_not_required
def verify_file(request):
    """Public «Проверить файл»: any PDF is checked — its embedded signature, its certificate, whether
    it is a registered signed document and that document's status (documents.verification.check_file)."""
    report, upload_error = None, ""
    if request.method == "POST":
        try:
            if int(request.META.get("CONTENT_LENGTH") or 0) > verification.MAX_UPLOAD_BYTES + 64 * 1024:
                raise verification.too_large_error()
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(_("Choose the PDF file to check."))
            _require_check_allowed(request)
            report = verification.check_file(verification.read_upload(upload))
        except ValidationError as error:
            upload_error = " ".join(error.messages)
    return render(
        request,
        "documents/verify_file.html",
        {"report": report, "upload_error": upload_error, "max_upload_mb": verification.MAX_UPLOAD_MB},
    )
