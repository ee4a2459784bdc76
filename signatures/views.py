"""«Сертификаты подписи»: the director sees the school's signing certificates, takes a new one from
the portal, uploads the PKCS#12 the school already has, or revokes one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.feedback import show_errors
from accounts.permissions import Action
from accounts.scoping import get_for_school
from audit.log import record
from audit.models import AuditAction
from signatures import issuing
from signatures.forms import Pkcs12Form, RevokeForm
from signatures.models import Certificate


def _require(request) -> None:
    if request.school is None or not request.user.has_perm(Action.SIGN_DOCUMENTS, request.school):
        raise PermissionDenied


def certificates(request, form=None):
    _require(request)
    return render(
        request,
        "signatures/certificates.html",
        {
            "certificates": Certificate.objects.for_school(request.school).select_related("owner"),
            "current": issuing.current(user=request.user, school=request.school),
            "form": form or Pkcs12Form(),
            "revoke_form": RevokeForm(),
        },
    )


@require_POST
def issue(request):
    _require(request)
    certificate = issuing.issue(user=request.user, school=request.school)
    record(actor=request.user, school=request.school, action=AuditAction.CREATE, obj=certificate)
    messages.success(request, _("Certificate %(serial)s is issued.") % {"serial": certificate.serial_hex})
    return redirect("signatures:certificates")


@require_POST
def upload(request):
    _require(request)
    form = Pkcs12Form(request.POST, request.FILES)
    if not form.is_valid():
        return certificates(request, form=form)
    try:
        certificate = issuing.upload_pkcs12(
            data=form.cleaned_data["file"].read(),
            password=form.cleaned_data["password"],
            user=request.user,
            school=request.school,
        )
    except ValidationError as error:
        for message in error.messages:
            form.add_error("file", message)
        return certificates(request, form=form)
    record(actor=request.user, school=request.school, action=AuditAction.CREATE, obj=certificate)
    messages.success(
        request,
        _("Certificate %(serial)s is uploaded: documents are signed with it.") % {"serial": certificate.serial_hex},
    )
    return redirect("signatures:certificates")


@require_POST
def revoke(request, pk):
    certificate = get_for_school(request, Certificate, pk=pk)  # another school's: 404 before anything
    _require(request)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        show_errors(request, ValidationError(_("Say why the certificate is revoked.")))
        return redirect("signatures:certificates")
    if certificate.is_revoked:
        show_errors(request, ValidationError(_("The certificate is already revoked.")))
        return redirect("signatures:certificates")
    issuing.revoke(certificate, reason=form.cleaned_data["reason"])
    record(
        actor=request.user,
        school=request.school,
        action=AuditAction.UPDATE,
        obj=certificate,
        changes={_("revoked"): [False, True]},
    )
    messages.success(request, _("Certificate %(serial)s is revoked.") % {"serial": certificate.serial_hex})
    return redirect("signatures:certificates")


def download(request, pk):
    """The public certificate (never the key), to install as trusted in a PDF reader."""
    certificate = get_for_school(request, Certificate, pk=pk)
    _require(request)
    response = HttpResponse(certificate.certificate_pem + certificate.chain_pem, content_type="application/x-pem-file")
    response["Content-Disposition"] = f'attachment; filename="{certificate.serial_hex}.pem"'
    return response
