"""The curator's and secretary's page for the school's public section, and the council's drafts for it."""

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

from accounts.ids import parse_id
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


class DraftTextForm(forms.ModelForm):
    """The council's proposed wording of the main page, published by the curator."""

    class Meta:
        model = SectionText
        fields = ["draft_intro", "draft_contacts"]
        widgets = {
            "draft_intro": forms.Textarea(attrs={"rows": 4}),
            "draft_contacts": forms.Textarea(attrs={"rows": 2}),
        }


class NewsForm(forms.ModelForm):
    class Meta:
        model = NewsItem
        fields = ["title", "body", "published_on", "is_announcement", "is_published"]
        widgets = {"published_on": DateInput(), "body": forms.Textarea(attrs={"rows": 5})}


class NewsDraftForm(NewsForm):
    class Meta(NewsForm.Meta):
        fields = ["title", "body", "published_on", "is_announcement"]


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
    """Who opens the page: those who publish, and the council, who prepare drafts for them."""
    if request.school is None or not request.user.has_perm(Action.PREPARE_PUBLIC, request.school):
        raise PermissionDenied
    return request.user.has_perm(Action.EDIT_PUBLIC, request.school)


def _save_draft(form, user) -> None:
    """A council member's news item or wording: saved unpublished, with its author, for the curator."""
    item = form.save(commit=False)
    if isinstance(item, NewsItem):
        item.is_published = False
        item.prepared_by = user
    else:
        item.draft_by = user
    item.save()


def _publish(request, school, text) -> bool:
    """The curator publishes a council member's draft (a news item, or the main page's wording)."""
    what = request.POST.get("form")
    if what == "publish_news":
        item = get_for_school(request, NewsItem, pk=parse_id(request.POST.get("pk")))
        item.is_published = True
        item.save(update_fields=["is_published"])
    elif what == "publish_text" and text.has_draft:
        text.intro, text.contacts = text.draft_intro, text.draft_contacts
        text.draft_intro, text.draft_contacts, text.draft_by = "", "", None
        text.save()
    elif what == "discard_text":
        text.draft_intro, text.draft_contacts, text.draft_by = "", "", None
        text.save()
    else:
        return False
    return True


def manage(request):
    publishes = _require(request)
    school = request.school
    text, _created = SectionText.objects.get_or_create(school=school)
    if request.method == "POST" and publishes and _publish(request, school, text):
        messages.success(request, _("The public section is updated."))
        return redirect("public_manage")
    which = request.POST.get("form") if request.method == "POST" else None
    text_form_class, news_form_class = (SectionTextForm, NewsForm) if publishes else (DraftTextForm, NewsDraftForm)
    text_form = text_form_class(request.POST if which == "text" else None, instance=text, prefix="text")
    news_form = news_form_class(
        request.POST if which == "news" else None,
        instance=NewsItem(school=school),
        prefix="news",
        initial={"published_on": timezone.localdate()},
    )
    file_form = PublicFileForm(
        request.POST if which == "file" and publishes else None,
        request.FILES if which == "file" and publishes else None,
        instance=PublicFile(school=school),
        prefix="file",
    )
    for form in (text_form, news_form, file_form):
        if form.is_bound and form.is_valid():
            if publishes:
                form.save()
                messages.success(request, _("The public section is updated."))
            else:
                _save_draft(form, request.user)
                messages.success(request, _("The draft is saved; the curator publishes it."))
            return redirect("public_manage")
    index = request.build_absolute_uri(reverse("public:index", kwargs={"slug": school.slug}))
    widget = request.build_absolute_uri(reverse("public:widget", kwargs={"slug": school.slug}))
    news = NewsItem.objects.for_school(school).select_related("prepared_by")
    return render(
        request,
        "public/manage.html",
        {
            "publishes": publishes,
            "text": text,
            "text_form": text_form,
            "news_form": news_form,
            "file_form": file_form,
            "news": news,
            "files": PublicFile.objects.for_school(school),
            "index_url": index,
            "widget_snippet": WIDGET_SNIPPET.format(url=widget),
        },
    )


@require_POST
def news_delete(request, pk):
    publishes = _require(request)
    item = get_for_school(request, NewsItem, pk=pk)
    if not publishes and (item.is_published or item.prepared_by_id != request.user.pk):
        raise PermissionDenied
    item.delete()
    messages.success(request, _("The news item is removed."))
    return redirect("public_manage")


@require_POST
def file_delete(request, pk):
    if not _require(request):
        raise PermissionDenied
    public_file = get_for_school(request, PublicFile, pk=pk)
    with transaction.atomic():
        delete_file_on_commit(public_file.file)
        public_file.delete()
    messages.success(request, _("The document is removed from the section."))
    return redirect("public_manage")
