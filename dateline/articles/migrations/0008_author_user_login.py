"""An author's newsroom login (stories they create start with their byline), and a data step
that links the obvious pairs: one author and one login with the same email address, or else
the same full name. Anything ambiguous is left for an editor to link in the Author snippet.

The rule is written out here, not imported, so this migration never changes meaning."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _unique_matches(pairs):
    """{author: user} for the pairs where neither side appears in another pair."""
    authors, users = {}, {}
    for author_id, user_id in pairs:
        authors.setdefault(author_id, set()).add(user_id)
        users.setdefault(user_id, set()).add(author_id)
    return {
        author_id: next(iter(user_ids))
        for author_id, user_ids in authors.items()
        if len(user_ids) == 1 and len(users[next(iter(user_ids))]) == 1
    }


def link_authors_to_logins(apps, schema_editor):
    Author = apps.get_model("articles", "Author")
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    taken = set(Author.objects.exclude(user=None).values_list("user_id", flat=True))
    users = [u for u in User.objects.filter(is_active=True) if u.pk not in taken]
    by_email, by_name = {}, {}
    for user in users:
        if user.email:
            by_email.setdefault(user.email.strip().lower(), []).append(user.pk)
        full_name = " ".join(f"{user.first_name} {user.last_name}".split()).lower()
        if full_name:
            by_name.setdefault(full_name, []).append(user.pk)
    unlinked = list(Author.objects.filter(user=None))
    for rule in (
        lambda author: by_email.get(author.email.strip().lower(), []) if author.email else [],
        lambda author: by_name.get(" ".join(author.name.split()).lower(), []),
    ):
        pairs = [(author.pk, user_id) for author in unlinked for user_id in rule(author)]
        linked = _unique_matches(pairs)
        for author in unlinked:
            if author.pk in linked and linked[author.pk] not in taken:
                author.user_id = linked[author.pk]
                author.save(update_fields=["user"])
                taken.add(author.user_id)
        unlinked = [author for author in unlinked if author.user_id is None]


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_pub_covering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="author",
            name="user",
            field=models.OneToOneField(
                blank=True,
                help_text="The login of this journalist: stories they create are credited to them.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="author_profile",
                to=settings.AUTH_USER_MODEL,
                verbose_name="newsroom login",
            ),
        ),
        migrations.RunPython(link_authors_to_logins, migrations.RunPython.noop),
    ]
