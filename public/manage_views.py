"""The curator's and secretary's page for the school's public section."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.permissions import Action
from accounts.scoping import get_for_school
from people.forms import DateInput
from portal.uploads import delete_file_on_commit, max_mb, validate_pdf
from public.models import NewsItem, PublicFile, SectionText


class SectionTextForm(forms.ModelForm):
    class Meta:
        model = SectionText
        fields = ["intro", "contacts"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 4}), "contacts": forms.Textarea(attrs={"rows": 2})}


class NewsForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "published_on", "is_announcement", "is_published"]
        widgets = {"published_on": DateInput(), "body": forms.Textarea(attrs={"rows": 5})}


class PublicFileForm(forms.ModelForm):
    link = forms.URLField(label=gettext_lazy("Link"), required=False, assume_scheme="https")

    class Meta:
        model = PublicFile
        fields = ["kind", "title", "file", "link", "position"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            validate_pdf(upload, max_mb("PUBLIC_FILE_MAX_MB"))
            if not upload.name.lower().endswith(".pdf"):
                raise forms.ValidationError(_("Upload a PDF file."))
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("link"):
            raise forms.ValidationError(_("Attach a PDF or give a link."))
        return data


WIDGET_SNIPPET = '<iframe src="{url}" title="Наставничество" width="320" height="240" style="border:0"></iframe>'


def _require(request):
    if request.school is None or not request.user.has_perm(Action.EDIT_PUBLIC, request.school):
        raise PermissionDenied


def manage(request):
    _require(request)
    school = request.school
    text, _created = SectionText.objects.get_or_create(school=school)
    which = request.POST.get("form") if request.method == "POST" else None
    text_form = SectionTextForm(request.POST if which == "text" else None, instance=text, prefix="text")
    news_form = NewsForm(
        request.POST if which == "news" else None,
        instance=NewsItem(school=school),
        prefix="news",
        initial={"published_on": timezone.localdate()},
    )
    file_form = PublicFileForm(
        request.POST if which == "file" else None,
        request.FILES if which == "file" else None,
        instance=PublicFile(school=school),
        prefix="file",
    )
    for form in (text_form, news_form, file_form):
        if form.is_bound and form.is_valid():
            form.save()
            messages.success(request, _("The public section is updated."))
            return redirect("public_manage")
    index = request.build_absolute_uri(reverse("public:index", kwargs={"slug": school.slug}))
    widget = request.build_absolute_uri(reverse("public:widget", kwargs={"slug": school.slug}))
    return render(
        request,
        "public/manage.html",
        {
            "text_form": text_form,
            "news_form": news_form,
            "file_form": file_form,
            "news": NewsItem.objects.for_school(school),
            "files": PublicFile.objects.for_school(school),
            "index_url": index,
            "widget_snippet": WIDGET_SNIPPET.format(url=widget),
        },
    )


@require_POST
def news_delete(request, pk):
    _require(request)
    get_for_school(request, NewsItem, pk=pk).delete()
    messages.success(request, _("The news item is removed."))
    return redirect("public_manage")


@require_POST
def file_delete(request, pk):
    _require(request)
    public_file = get_for_school(request, PublicFile, pk=pk)
    with transaction.atomic():
        delete_file_on_commit(public_file.file)
        public_file.delete()
    messages.success(request, _("The document is removed from the section."))
    return redirect("public_manage")
