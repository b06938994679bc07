from django.apps import AppConfig


class ClinicsiteConfig(AppConfig):
    """The project package as an app, for its `seed_demo` command. It has no models.

    The demo content spans every app (pages from home, articles from blog, the editorial
    groups), so it sits above them here, where no app imports it.
    """

    name = "clinicsite"
    label = "clinicsite"
