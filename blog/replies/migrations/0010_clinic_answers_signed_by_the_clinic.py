"""The clinic's answers are signed with the clinic's name (Clinic settings), no longer with
the moderator's: answers written before are renamed the same way."""

from django.db import migrations, models


def sign_with_the_clinic_name(apps, schema_editor):
    """Earlier clinic answers take the clinic's name of the default site (the site is one
    clinic's); without a clinic name there, none change."""
    Site = apps.get_model("wagtailcore", "Site")
    ClinicSettings = apps.get_model("home", "ClinicSettings")
    site = Site.objects.filter(is_default_site=True).first()
    clinic = site and ClinicSettings.objects.filter(site=site).first()
    name = clinic.clinic_name.strip()[:50] if clinic else ""
    if name:
        apps.get_model("replies", "Reply").objects.filter(is_clinic_reply=True).update(
            user_name=name
        )


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0009_once_only_reply_emails"),
        ("home", "0005_medical_disclaimer_without_crisis_line"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reply",
            name="is_clinic_reply",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Written by a moderator for the clinic; signed with the clinic's name "
                    "and shown with a “Clinic” badge."
                ),
            ),
        ),
        migrations.RunPython(sign_with_the_clinic_name, migrations.RunPython.noop),
    ]
