"""`python -m bench` (`make bench`): bench/pages.py in a throwaway test database.

Django is set up before bench.pages is imported, since that module imports models at the
top; the developer's db.sqlite3 and the demo in it are never touched.
"""

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinicsite.settings.test")
django.setup()

from django.db import connection  # noqa: E402 (Django is set up first)

from bench import pages  # noqa: E402

# No setup_test_environment(): its instrumented template rendering would inflate every
# timing. The test settings already allow the test client's host and keep mail in memory.
old_name = connection.settings_dict["NAME"]
connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
try:
    pages.run(pages.parse_args(sys.argv[1:]))
finally:
    connection.creation.destroy_test_db(old_name, verbosity=0)
