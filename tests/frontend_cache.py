"""A frontend-cache backend for tests: it records the URLs Wagtail asks it to purge."""

from wagtail.contrib.frontend_cache.backends.base import BaseBackend


class RecordingBackend(BaseBackend):
    """Records each purged URL in the class-wide list `purged` instead of calling a CDN."""

    purged = []

    def purge(self, url):
        self.purged.append(url)
