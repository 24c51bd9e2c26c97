"""The sign-ups the old single form stored (`core.NewsletterSignup`) become subscribers, with
their date, before core drops its table. They never confirmed, so they get no subscription:
nothing is sent to them until they sign up again (double opt-in)."""

import secrets

from django.db import migrations


def copy_signups(apps, schema_editor):
    Signup = apps.get_model("core", "NewsletterSignup")
    Subscriber = apps.get_model("newsletters", "Subscriber")
    known = set(Subscriber.objects.values_list("email", flat=True))
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                email=signup.email.strip().lower(),
                token=secrets.token_urlsafe(24),
                created_at=signup.created_at,
            )
            for signup in Signup.objects.all()
            if signup.email.strip().lower() not in known
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsletters", "0001_initial"),
        ("core", "0005_purge_outbox_replaces_cached_dependency"),
    ]

    operations = [migrations.RunPython(copy_signups, migrations.RunPython.noop)]
