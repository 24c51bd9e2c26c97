"""Agency uploads move out of the public media storage into the private `wire_uploads`
one (dateline/wires/storage.py): the field's storage changes, and files already uploaded
are copied across (same names) and removed from media."""

from django.core.files.storage import default_storage, storages
from django.db import migrations, models

import dateline.wires.storage


def move_uploads_out_of_media(apps, schema_editor):
    WireSource = apps.get_model("wires", "WireSource")
    private = storages["wire_uploads"]
    for name in WireSource.objects.exclude(upload="").values_list("upload", flat=True):
        if private.exists(name) or not default_storage.exists(name):
            continue
        with default_storage.open(name, "rb") as handle:
            saved = private.save(name, handle)
        if saved != name:  # the same name is free in the new storage: this never happens
            WireSource.objects.filter(upload=name).update(upload=saved)
        default_storage.delete(name)


class Migration(migrations.Migration):
    dependencies = [
        ("wires", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="wiresource",
            name="folder",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Drop folder on the server, under DATELINE_WIRE_DROP_ROOT (a relative "
                    "path is taken under it); ingested files move to its 'done' sub-folder."
                ),
                max_length=500,
            ),
        ),
        migrations.AlterField(
            model_name="wiresource",
            name="upload",
            field=models.FileField(
                blank=True,
                storage=dateline.wires.storage.wire_upload_storage,
                upload_to="wire-uploads/",
            ),
        ),
        migrations.RunPython(move_uploads_out_of_media, migrations.RunPython.noop),
    ]
