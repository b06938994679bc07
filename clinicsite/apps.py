from django.apps import AppConfig


class ClinicsiteConfig(AppConfig):
    """The project package as an app, for its `seed_demo` command and the check of the
    site's address. It has no models.

    The demo content spans every app (pages from home, articles from blog, the editorial
    groups), so it sits above them here, where no app imports it.
    """

    name = "clinicsite"
    label = "clinicsite"

    def ready(self):
        # Registers the deployment check of the site's own address.
        import clinicsite.checks  # noqa: F401
