from django import forms
from django.utils.translation import gettext_lazy as _

from signatures.issuing import MAX_PKCS12_BYTES


class Pkcs12Form(forms.Form):
    file = forms.FileField(
        label=_("Certificate container (.p12, .pfx)"),
        help_text=_("The PKCS#12 file with the director's certificate and private key."),
        widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx,application/x-pkcs12"}),
    )
    password = forms.CharField(
        label=_("Container password"), required=False, strip=False, widget=forms.PasswordInput(render_value=False)
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_PKCS12_BYTES:
            raise forms.ValidationError(_("The file is too large for a certificate container."))
        return upload


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)
