"""The clinic's answers are signed with the clinic's name (Clinic settings), no longer with
the moderator's: answers written before are renamed the same way."""

from django.db import migrations, models


def sign_with_the_clinic_name(apps, schema_editor):
    """Each site's clinic answers take that site's clinic name; without settings, none change."""
    Reply = apps.get_model("replies", "Reply")
    BlogPage = apps.get_model("blog", "BlogPage")
    ClinicSettings = apps.get_model("home", "ClinicSettings")
    Site = apps.get_model("wagtailcore", "Site")
    names = {
        clinic.site_id: clinic.clinic_name.strip()[:50]
        for clinic in ClinicSettings.objects.all()
        if clinic.clinic_name.strip()
    }
    if not names:
        return
    sites = list(Site.objects.select_related("root_page"))
    for answer in Reply.objects.filter(is_clinic_reply=True):
        article = BlogPage.objects.filter(pk=answer.object_pk).first()
        if article is None:
            continue
        # The site whose root is above the article (historical models have no get_site()).
        site = next(
            (
                site
                for site in sorted(sites, key=lambda s: -len(s.root_page.path))
                if article.path.startswith(site.root_page.path)
            ),
            None,
        )
        if site is not None and site.pk in names:
            Reply.objects.filter(pk=answer.pk).update(user_name=names[site.pk])


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0009_once_only_reply_emails"),
        ("home", "0005_medical_disclaimer_without_crisis_line"),
        ("blog", "0003_editorial_groups_and_workflow"),
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
