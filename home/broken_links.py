"""The Broken links report: links in the site's pages (rich text, link blocks, page and
document choosers) and in Clinic settings that lead to a deleted or unpublished page or a
deleted document, by the rule of `home.links`. It is under Reports, with a count on the
dashboard, for editors (`home.editors`).

It reads Wagtail's reference index, which records what every page's rich text, blocks and
chooser fields point at (and Clinic settings', registered in `HomeConfig.ready`). Wagtail
forgets the references to an object when the object is deleted, which would hide exactly
the links that just died; so once a deletion is committed, the objects that referred to it
are indexed again from their content (`index_again_after_delete`): a link their text or
blocks still hold is recorded again, a chooser field the deletion emptied is not.
"""

import datetime
from dataclasses import dataclass
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.text import capfirst

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.documents import get_document_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from home.editors import EDITING_ACTIONS, editable_pages
from home.models import ClinicSettings


def _ids_as_text(queryset):
    # The index keeps ids as text (any model's primary key); compare them as such.
    return queryset.annotate(id_text=Cast("pk", output_field=CharField())).values("id_text")


def broken_links(user):
    """The reference-index rows (a queryset) of every dead link in a page `user` may edit,
    or in Clinic settings if they may change those: one row per link and place, ordered by
    page and place."""
    page_type = ContentType.objects.get_for_model(Page)
    document_type = ContentType.objects.get_for_model(get_document_model())
    dead = Q(to_content_type=page_type) & ~Q(to_object_id__in=_ids_as_text(Page.objects.live()))
    dead |= Q(to_content_type=document_type) & ~Q(
        to_object_id__in=_ids_as_text(get_document_model().objects.all())
    )
    sources = Q(base_content_type=page_type, object_id__in=_ids_as_text(editable_pages(user)))
    if ModelPermissionPolicy(ClinicSettings).user_has_permission(user, "change"):
        sources |= Q(base_content_type=ContentType.objects.get_for_model(ClinicSettings))
    return ReferenceIndex.objects.filter(sources, dead).order_by(
        "base_content_type", "object_id", "content_path"
    )


@dataclass
class BrokenLink:
    """One dead link as editors read it: the page it is in, where in it, what it pointed at
    (each a label and an admin URL, or None when there is nothing to open)."""

    page: str
    page_url: str | None
    where: str
    where_url: str | None
    target: str
    target_url: str | None


def describe(rows, user):
    """A BrokenLink for each reference-index row of `rows`, loading what they name in bulk
    (one query for the pages they are in, one for their unpublished targets)."""
    rows = list(rows)
    page_type = ContentType.objects.get_for_model(Page)
    source_pages = Page.objects.in_bulk(
        [row.object_id for row in rows if row.base_content_type_id == page_type.pk]
    )
    target_pages = Page.objects.in_bulk(
        [row.to_object_id for row in rows if row.to_content_type_id == page_type.pk]
    )
    url_finder = AdminURLFinder(user)
    links = []
    for row in rows:
        if row.base_content_type_id == page_type.pk:
            source = source_pages.get(int(row.object_id))
            page = source.title if source else f"Page {row.object_id}"
            page_url = reverse("wagtailadmin_pages:edit", args=[row.object_id])
        else:
            # Clinic settings: one or two rows at most, one per site.
            model = ContentType.objects.get_for_id(row.base_content_type_id).model_class()
            page = capfirst(model._meta.verbose_name)
            page_url = url_finder.get_edit_url(model.objects.get(pk=row.object_id))
        if row.to_content_type_id == page_type.pk:
            target_page = target_pages.get(int(row.to_object_id))
            target = f"{target_page.title} (unpublished)" if target_page else "A deleted page"
            target_url = target_page and reverse("wagtailadmin_pages:edit", args=[target_page.pk])
        else:
            target, target_url = "A deleted document", None
        links.append(
            BrokenLink(
                page=page,
                page_url=page_url,
                where=row.describe_source_field(),
                # Wagtail's editor scrolls to the block or field a content path names.
                where_url=page_url and f"{page_url}#:w:contentpath={row.content_path}",
                target=target,
                target_url=target_url,
            )
        )
    return links


class BrokenLinksReportView(ReportView):
    """Reports → Broken links: every dead link in the pages the editor may edit."""

    page_title = "Broken links"
    header_icon = "link"
    index_url_name = "broken_links"
    index_results_url_name = "broken_links_results"
    permission_policy = PagePermissionPolicy()
    any_permission_required = EDITING_ACTIONS
    list_export = ["page", "where", "target"]
    export_headings = {"page": "Page", "where": "Where", "target": "Links to"}
    columns = [
        TitleColumn("page", label="Page", get_url=lambda link: link.page_url),
        TitleColumn("where", label="Where", get_url=lambda link: link.where_url),
        TitleColumn("target", label="Links to", get_url=lambda link: link.target_url),
    ]

    def get_filename(self):
        return f"broken-links-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        return broken_links(self.request.user)

    def get_table(self, object_list, **kwargs):
        return super().get_table(describe(object_list, self.request.user), **kwargs)

    def decorate_paginated_queryset(self, object_list):
        # Exports skip the table: describe the rows for them here.
        return describe(object_list, self.request.user) if self.is_export else object_list


class BrokenLinksPanel(Component):
    """Dashboard panel: how many broken links the editor's pages hold, and where to see them."""

    name = "broken_links"
    template_name = "home/admin/broken_links_panel.html"
    order = 120

    def __init__(self, links):
        self.links = links

    def get_context_data(self, parent_context):
        return {"count": self.links.count()}


def index_again_after_delete(sender, instance, **kwargs):
    """`pre_delete` of a page or document: once the deletion is committed, index again the
    objects that referred to it, so the links their content still holds are reported."""
    sources = set(
        ReferenceIndex.get_references_to(instance).values_list("content_type", "object_id")
    )
    if sources:
        transaction.on_commit(partial(index_again, sources))


def index_again(sources):
    """Record again the references of each (content type id, object id) in `sources` that
    still exists (it may have been deleted along with the object it referred to)."""
    for content_type_id, object_id in sources:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        source = model._default_manager.filter(pk=object_id).first()
        if source is not None:
            ReferenceIndex.create_or_update_for_object(source)
