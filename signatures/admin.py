from django.contrib import admin

from signatures.models import Certificate, DocumentSignature


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Read-only but for revocation: the key never shows, even encrypted."""

    list_display = ("serial_hex", "subject_name", "kind", "school", "not_before", "not_after", "revoked_at")
    list_filter = ("kind", "school")
    search_fields = ("serial_hex", "subject_name")
    fields = (
        "kind",
        "school",
        "owner",
        "subject_name",
        "serial_hex",
        "not_before",
        "not_after",
        "certificate_pem",
        "revoked_at",
        "revocation_reason",
    )
    readonly_fields = (
        "kind",
        "school",
        "owner",
        "subject_name",
        "serial_hex",
        "not_before",
        "not_after",
        "certificate_pem",
    )

    def has_add_permission(self, request):
        return False


@admin.register(DocumentSignature)
class DocumentSignatureAdmin(admin.ModelAdmin):
    list_display = ("document", "certificate", "signed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
