"""WSGI entry point: `gunicorn clinicsite.wsgi` serves the site with production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinicsite.settings.production")

application = get_wsgi_application()
