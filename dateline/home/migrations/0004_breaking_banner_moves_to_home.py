"""The breaking-news banner moves from the newsroom to home (issue 20), by state only: the table
keeps its name (newsroom_breakingnewsbanner) and the content type is relabelled in place, so
the desk's permission to change it follows.

Runs after the newsroom's roles (newsroom 0002 grants newsroom.change_breakingnewsbanner)."""


import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from dateline.core.moves import relabel_content_types


class Migration(migrations.Migration):

    dependencies = [
        ("newsroom", "0006_editor_takes_over_any_stage"),
        ("contenttypes", "0002_remove_content_type_name"),
        ('home', '0003_section_block_points_to_articles'),
        ('wagtailcore', '0098_apitoken'),
        migrations.swappable_dependency(settings.WAGTAIL_PAGE_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='BreakingNewsBanner',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(blank=True, help_text='Leave empty to show no banner.', max_length=200)),
                        ('link_url', models.CharField(blank=True, help_text='Or any address, when no page is chosen.', max_length=300)),
                        ('expires_at', models.DateTimeField(blank=True, help_text='The banner disappears by itself at this time.', null=True)),
                        ('link_page', models.ForeignKey(blank=True, help_text='The story or live page the banner leads to.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.WAGTAIL_PAGE_MODEL)),
                        ('site', models.OneToOneField(editable=False, on_delete=django.db.models.deletion.CASCADE, to='wagtailcore.site')),
                    ],
                    options={
                        'verbose_name': 'breaking-news banner',
                        'db_table': 'newsroom_breakingnewsbanner',
                    },
                ),
            ],
            database_operations=[],
        ),
        relabel_content_types("newsroom", "home", ["breakingnewsbanner"]),
    ]
