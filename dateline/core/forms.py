from django import forms

from .models import NewsletterSignup


class NewsletterForm(forms.ModelForm):
    class Meta:
        model = NewsletterSignup
        fields = ["email"]
        widgets = {
            "email": forms.EmailInput(
                attrs={"autocomplete": "email", "placeholder": "you@example.com"}
            )
        }

    def validate_unique(self) -> None:
        """An address already on the list is not an error: telling the sender so would reveal
        to anyone who types an address whether that person subscribed. The view saves with
        get_or_create instead."""

    def clean_email(self) -> str:
        # One sign-up per mailbox however the address is capitalised.
        return NewsletterSignup.normalize(self.cleaned_data["email"])
