"""Filters of the moderation queue: by status (awaiting moderation unless another is chosen,
every status when searching), article and date."""

from django import forms

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

import django_filters

from blog.models import BlogPage
from blog.replies.models import Reply, Status

DEFAULT_STATUS = Status.AWAITING
ALL = "all"
STATUS_CHOICES = [*Status.choices, ("flagged", "Reported by readers"), (ALL, "All")]


def articles(request):
    return BlogPage.objects.order_by("title")


class ReplyFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=STATUS_CHOICES,
        method="filter_status",
        empty_label=None,
        widget=forms.RadioSelect,
        initial=DEFAULT_STATUS,
    )
    article = django_filters.ModelChoiceFilter(
        label="Article", queryset=articles, method="filter_article"
    )
    submit_date = django_filters.DateFromToRangeFilter(
        label="Submitted", widget=DateRangePickerWidget
    )

    class Meta:
        model = Reply
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        # With no status in the address the queue shows what waits for a moderator. As the
        # field's initial value it also counts as "not filtering" (no filter pill to remove).
        # A search with no status chosen looks through every status: a moderator searching
        # for a reader's words expects to find them wherever the reply now is.
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = ALL if data.get("q", "").strip() else DEFAULT_STATUS
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        if value in Status.values:
            return queryset.with_status(value)
        if value == "flagged":
            return queryset.reported()
        return queryset

    def filter_article(self, queryset, name, value):
        return queryset.for_article(value)
