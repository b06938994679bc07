"""The staff roles of the site, as the names of the Django groups that hold them.

Every app, migration and the demo refer to these constants, never to the literal names: a
group renamed here is renamed everywhere. "Editors" and "Moderators" are also the names of
the groups Wagtail's first migration creates; this project reuses them (see
blog/editorial.py and the replies app's permissions migration).
"""

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
MODERATORS = "Moderators"

STAFF_GROUPS = (EDITORS, MEDICAL_REVIEWERS, MODERATORS)
