"""The admin's list of contact messages, with its CSV export made safe to open in a spreadsheet.

Readers write the messages, so a cell could start with `=` and run as a formula when staff
open the CSV in Excel or LibreOffice. Such cells get a leading apostrophe (OWASP's advice);
Wagtail already does the same for the XLSX export.
"""

import re

from wagtail.contrib.forms.views import SubmissionsListView

# A leading + or - followed only by these is a phone number or a plain number, not a formula.
NUMBER_LIKE = re.compile(r"[+-][\d\s().-]*")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """`value` with a leading apostrophe if a spreadsheet would read it as a formula."""
    if value.startswith(FORMULA_STARTS) and not NUMBER_LIKE.fullmatch(value):
        return "'" + value
    return value


class ContactSubmissionsListView(SubmissionsListView):
    """Wagtail's submissions listing and export; CSV cells are neutralised."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_safe(value)
        return value
