from django.apps import AppConfig


class WordPressConfig(AppConfig):
    """The WordPress import: its models remember what came from WordPress. Above every
    app (it builds articles and replies), inside the project package, which no app imports."""

    name = "clinicsite.wordpress"
    label = "wordpress"
    verbose_name = "WordPress import"
    default_auto_field = "django.db.models.BigAutoField"
