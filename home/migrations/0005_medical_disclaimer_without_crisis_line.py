"""The article page now follows the medical disclaimer with the crisis line (home/crisis.py),
so the crisis sentence the old default ended with is taken out of saved disclaimers that
still end with it; a disclaimer an editor rewrote is left alone."""

from django.db import migrations, models

OLD_CRISIS_SENTENCE = " If you are in crisis, call or text 988 or dial 911."


def drop_crisis_sentence(apps, schema_editor):
    for clinic in apps.get_model("home", "ClinicSettings").objects.all():
        if clinic.medical_disclaimer.endswith(OLD_CRISIS_SENTENCE):
            clinic.medical_disclaimer = clinic.medical_disclaimer.removesuffix(OLD_CRISIS_SENTENCE)
            clinic.save(update_fields=["medical_disclaimer"])


def restore_crisis_sentence(apps, schema_editor):
    for clinic in apps.get_model("home", "ClinicSettings").objects.exclude(medical_disclaimer=""):
        if not clinic.medical_disclaimer.endswith(OLD_CRISIS_SENTENCE):
            clinic.medical_disclaimer += OLD_CRISIS_SENTENCE
            clinic.save(update_fields=["medical_disclaimer"])


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0004_information_page_and_privacy_setting'),
    ]

    operations = [
        migrations.AlterField(
            model_name='clinicsettings',
            name='medical_disclaimer',
            field=models.TextField(blank=True, default='This article is for general information and is not medical advice. Talk to a qualified clinician about your own situation before starting or changing any treatment.', help_text='Shown at the end of every article, followed by the crisis line.'),
        ),
        migrations.RunPython(drop_crisis_sentence, restore_crisis_sentence),
    ]
