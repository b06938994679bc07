"""`manage.py demo_logins`: where the demo site is and who to sign in as (`make run` ends
with it, just before the server takes over the terminal)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.urls import reverse

from clinicsite.demo.seed import DEMO_USERS


class Command(BaseCommand):
    help = "Print the site's address, the admin's and the demo logins."

    def handle(self, *args, **options):
        base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        existing = set(
            get_user_model()
            .objects.filter(username__in=[user.username for user in DEMO_USERS])
            .values_list("username", flat=True)
        )
        lines = [
            "",
            self.style.SUCCESS("The demo site is ready."),
            f"  Site:   {base}/",
            f"  Admin:  {base}{reverse('wagtailadmin_home')}",
            f"  Logins (password {settings.DEMO_PASSWORD}):",
        ]
        lines += [
            f"    {user.username:<10} {user.does}"
            for user in DEMO_USERS
            if user.username in existing
        ]
        lines += ["  Before going live: manage.py prelaunch", ""]
        self.stdout.write("\n".join(lines))
