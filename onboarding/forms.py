from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.models import Case


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
