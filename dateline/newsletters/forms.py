from __future__ import annotations

from django import forms

from .models import Newsletter


class NewsletterChoiceForm(forms.Form):
    """The choice of active newsletters, shared by the sign-up and preferences forms."""

    newsletters = forms.ModelMultipleChoiceField(
        queryset=Newsletter.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["newsletters"].queryset = Newsletter.objects.filter(is_active=True)


class SignupForm(NewsletterChoiceForm):
    """The /newsletters/ page (checkboxes), each newsletter's page (one hidden choice) and the
    story pages' call-to-action (no choice: the newsletters marked as the default)."""

    email = forms.EmailField(
        max_length=254,
        error_messages={"invalid": "Enter an email address such as name@example.com."},
    )
    field_order = ["email", "newsletters"]

    def chosen(self) -> list[Newsletter]:
        picked = list(self.cleaned_data.get("newsletters") or [])
        if picked:
            return picked
        active = Newsletter.objects.filter(is_active=True)
        return list(active.filter(signup_default=True)) or list(active[:1])


class PreferencesForm(NewsletterChoiceForm):
    """A subscriber's choice, from the link in every email (no login)."""
