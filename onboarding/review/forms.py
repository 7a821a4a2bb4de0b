"""Forms of the review dashboard and the operator console."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.models import Case, Document
from onboarding.review.access import EXPORT_REASON_MIN
from onboarding.review.models import Decision
from onboarding.review.selectors import REVIEWABLE_STATES, QueueFilters
from onboarding.review.services import REVEAL_REASON_MIN


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        initial="open",
        choices=[("open", _("Open (submitted or in review)")), ("", _("Any"))]
        + [(s.value, s.label) for s in REVIEWABLE_STATES],
    )
    flagged = forms.ChoiceField(
        label=_("Flags"), required=False, choices=[("", _("Any")), ("yes", _("Flagged")), ("no", _("Not flagged"))]
    )
    kind = forms.ChoiceField(label=_("Document"), required=False, choices=[("", _("Any")), *Document.Kind.choices])
    provider = forms.ChoiceField(label=_("Provider"), required=False, choices=[("", _("Any"))])
    min_age_days = forms.IntegerField(label=_("Waiting at least (days)"), required=False, min_value=0, max_value=365)
    sort = forms.ChoiceField(
        label=_("Sort"), required=False, choices=[("oldest", _("Oldest first")), ("newest", _("Newest first"))]
    )
    mine = forms.BooleanField(label=_("Only cases I hold"), required=False)

    def __init__(self, *args: Any, providers: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provider_field = self.fields["provider"]
        assert isinstance(provider_field, forms.ChoiceField)
        provider_field.choices = [("", _("Any")), *((p, p) for p in providers)]

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        d = self.cleaned_data
        return QueueFilters(
            state=d["state"] if "state" in self.data else "open",
            flagged=d["flagged"],
            kind=d["kind"],
            provider=d["provider"],
            min_age_days=d["min_age_days"],
            sort=d["sort"] or "oldest",
            mine=d["mine"],
        )


class RevealForm(forms.Form):
    field_key = forms.CharField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason for revealing"),
        min_length=REVEAL_REASON_MIN,
        max_length=500,
        help_text=_("Recorded in the access log with your name and the time."),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Asked again for every reveal."),
    )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Decision.Outcome.choices, widget=forms.RadioSelect)
    reason_code = forms.ChoiceField(
        label=_("Reason code"), required=False, choices=[("", _("(none for an approval)")), *Decision.Reason.choices]
    )
    documents = forms.MultipleChoiceField(
        label=_("Documents to capture again"), required=False, widget=forms.CheckboxSelectMultiple, choices=()
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For a resubmission the customer reads this. Do not type personal values."),
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        documents = self.fields["documents"]
        assert isinstance(documents, forms.MultipleChoiceField)
        documents.choices = [(k, Document.Kind(k).label) for k in kinds]


class ReturnForm(forms.Form):
    note = forms.CharField(label=_("Why you do not confirm"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    reviewer = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args: Any, reviewers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewer = self.fields["reviewer"]
        assert isinstance(reviewer, forms.ChoiceField)
        reviewer.choices = [(str(u.pk), u.username) for u in reviewers]


class AuditFilterForm(forms.Form):
    action = forms.CharField(label=_("Action"), required=False, max_length=64)
    actor = forms.CharField(label=_("Actor (username)"), required=False, max_length=150)
    case = forms.UUIDField(label=_("Case id"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the export"),
        min_length=EXPORT_REASON_MIN,
        max_length=500,
        help_text=_("Exports are listed in the monthly access review with this reason."),
    )


class MonthForm(forms.Form):
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], widget=forms.DateInput(attrs={"type": "month"}))


# Operator console ------------------------------------------------------------------------------


class AssistedStartForm(forms.Form):
    email = forms.EmailField(
        label=_("Customer's e-mail address"),
        help_text=_("The customer receives their link here, and can continue or consent on their own device."),
    )
    flow = forms.ChoiceField(
        label=_("What are they onboarding?"), choices=Case.Flow.choices, widget=forms.RadioSelect, initial="personal"
    )


class OperatorSearchForm(forms.Form):
    q = forms.CharField(label=_("Customer e-mail or case id"), required=False, max_length=254)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("Any")), *Case.State.choices])
