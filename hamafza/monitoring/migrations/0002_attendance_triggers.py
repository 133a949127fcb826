from django.db import migrations


def install(apps, schema_editor):
    from hamafza.monitoring import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):
    from hamafza.monitoring import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("sessions_app", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, remove)]
