from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.models import Case, ExtractedField, NoticeVersion


class StartForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send you a one-time link to continue or resume your onboarding."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    flow = forms.ChoiceField(
        label=_("What are you onboarding?"),
        choices=Case.Flow.choices,
        widget=forms.RadioSelect,
        initial=Case.Flow.PERSONAL,
    )


class ResumeForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ConsentForm(forms.Form):
    """One unticked checkbox per consent notice shown; the notice ids travel with the form.

    The ids say exactly which versions were on the screen, so a version published meanwhile does
    not change what this person is recorded as having seen.
    """

    notice_ids = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, notices: list[NoticeVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.notices = notices
        self.fields["notice_ids"].initial = ",".join(str(n.pk) for n in notices)
        for notice in notices:
            if notice.kind == NoticeVersion.Kind.CONSIGNMENT:
                continue
            label = {
                NoticeVersion.Kind.COLLECTION: _("I agree to the collection and use of my personal data (required)."),
                NoticeVersion.Kind.UNIQUE_IDENTIFIERS: _(
                    "I agree to the processing of my unique identifiers (required)."
                ),
                NoticeVersion.Kind.PAYMENT_CARD: _("I agree to the collection of payment card data (optional)."),
            }[NoticeVersion.Kind(notice.kind)]
            self.fields[f"notice_{notice.pk}"] = forms.BooleanField(label=label, required=False, initial=False)

    def clean_notice_ids(self) -> list[int]:
        try:
            ids = [int(part) for part in self.cleaned_data["notice_ids"].split(",") if part]
        except ValueError:
            raise forms.ValidationError(_("The consent page was incomplete. Please reload it.")) from None
        return ids

    def checked_ids(self) -> set[int]:
        return {n.pk for n in self.notices if self.cleaned_data.get(f"notice_{n.pk}")}


class UploadForm(forms.Form):
    """The no-JavaScript path and the JavaScript path post the same form."""

    # Empty files reach intake, which explains what to do instead of a generic "empty file" error.
    file = forms.FileField(label=_("Photo or scan of the document"), allow_empty_file=True)
    subtype = forms.ChoiceField(
        label=_("Which ID is it?"),
        required=False,
        choices=[
            ("", _("Let us detect it")),
            ("resident", _("Resident registration card")),
            ("driver", _("Driver's licence")),
            ("passport", _("Passport")),
            ("alien", _("Alien registration card")),
        ],
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        accept = "image/jpeg,image/png" + (",application/pdf" if kind == "business_registration" else "")
        # capture="environment" opens the rear camera on phones; desktops show the file picker.
        self.fields["file"].widget.attrs.update({"accept": accept, "capture": "environment"})
        if kind != "id_card":
            del self.fields["subtype"]


class FieldsForm(forms.Form):
    """The extracted fields as an editable form, in catalogue order, labelled in the UI language.

    Sensitive fields are blank unless revealed (blank keeps the value read from the picture); a field
    that needs review has a checkbox to confirm it as it is.
    """

    def __init__(self, *args: Any, fields: list[ExtractedField], language: str, revealed: bool, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.extracted = fields
        for f in fields:
            label = f.label_ko if language == "ko" else f.label_en
            masked = f.sensitive and (not revealed or f.key == "card_number")
            attrs = {"data-field-key": f.key, "autocomplete": "off", "spellcheck": "false"}
            help_text: Any = ""
            if masked:
                attrs["placeholder"] = self._masked(f)
                help_text = _("Shown masked. Leave empty to keep it, or type the correct value.")
            self.fields[f"value_{f.key}"] = forms.CharField(
                label=label,
                required=False,
                initial="" if masked else f.value,
                help_text=help_text,
                widget=forms.TextInput(attrs=attrs),
            )
            if f.awaiting_review:
                self.fields[f"confirm_{f.key}"] = forms.BooleanField(
                    label=_("I checked “%(label)s” and it is right") % {"label": label}, required=False
                )

    @staticmethod
    def _masked(field: ExtractedField) -> str:
        from ocr_integration.masking import mask_value

        return field.value if field.key == "card_number" else mask_value(field.key, field.value)

    def values(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for f in self.extracted:
            raw = self.cleaned_data.get(f"value_{f.key}", "")
            out[f.key] = raw if raw else (None if f.sensitive else raw)
        return out

    def confirmed(self) -> set[str]:
        return {f.key for f in self.extracted if self.cleaned_data.get(f"confirm_{f.key}")}
