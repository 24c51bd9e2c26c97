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
        error_messages = {"email": {"unique": "This address is already signed up. Thank you!"}}
