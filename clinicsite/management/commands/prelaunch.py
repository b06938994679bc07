"""`manage.py prelaunch`: run before going live; lists what still looks like demo content."""

from django.core.management.base import BaseCommand, CommandError

from clinicsite.prelaunch import find_leftovers


class Command(BaseCommand):
    help = (
        "List what still looks like demo content (placeholder address, demo images, demo "
        "passwords, invented authors, articles and replies, loopback addresses); exit 1 while "
        "any remains."
    )

    def handle(self, *args, **options):
        leftovers = find_leftovers()
        if not leftovers:
            self.stdout.write(
                self.style.SUCCESS("Ready: nothing on the site looks like demo content.")
            )
            return
        self.stdout.write("Still looks like demo content:")
        for leftover in leftovers:
            self.stdout.write(f"  - {leftover.what}\n    {leftover.fix}")
        raise CommandError(f"{len(leftovers)} thing(s) to replace before going live (see above).")
