from django.urls import path

from config import converters  # noqa: F401  -- registers the «token» converter used below
from documents import settings_views, views

app_name = "documents"

urlpatterns = [
    path("", views.RegistryView.as_view(), name="registry"),
    path("inbox/", views.inbox, name="inbox"),
    path("settings/", settings_views.settings_page, name="settings"),
    path("settings/templates/<token:key>/", settings_views.template_edit, name="template_edit"),
    path("settings/templates/<token:key>/reset/", settings_views.template_reset, name="template_reset"),
    path("settings/templates/<token:key>/sample.pdf", settings_views.template_preview, name="template_preview"),
    path("new/<token:kind>/", views.document_new, name="new"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/status/", views.render_status, name="status"),
    path("<int:pk>/render/", views.rerender, name="render"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
    path("<int:pk>/send/", views.send, name="send"),
    path("<int:pk>/sign/", views.sign, name="sign"),
    path("<int:pk>/return/", views.return_document, name="return"),
    path("<int:pk>/scan/", views.upload_scan, name="scan"),
    path("<int:pk>/correct/", views.correct, name="correct"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/exclude/", views.exclude_pair, name="exclude_pair"),
    path("registrations/<int:pk>/confirm/", views.confirm_registration, name="confirm_registration"),
    path("registrations/<int:pk>/contest/", views.contest_registration, name="contest_registration"),
    path("<int:pk>/my-signature/", views.party_sign, name="party_sign"),
]
