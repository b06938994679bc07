"""Who may do what with articles, and the "Medical review" workflow every article goes through.

Editors write and submit; Medical reviewers approve (which publishes) or request changes;
Moderators look after readers' replies and never touch pages. The group and workflow
functions take an app registry: the data migration passes its historical `apps`, runtime code
(the signal that equips a new blog index) passes `django.apps.apps`, so both build exactly the
same rows. Each looks before it creates, so running it again changes nothing.

An approval publishes through Wagtail's own finish action (`Revision.publish`), where the
article records the approving reviewer's review or refuses (`BlogPage.publish`,
`blog/medical_review.py`).
"""

from django.apps import apps as django_apps

from home.roles import EDITORS, MEDICAL_REVIEWERS, MODERATORS, STAFF_GROUPS

WORKFLOW_NAME = "Medical review"
TASK_NAME = "Medical review"
# The workflow Wagtail's own migration assigns to the root page, approved by its Moderators
# group: here Moderators moderate replies, so it is retired.
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"

# Page permissions on the blog index (and so on every article under it). Editors cannot
# publish: the only way live is a reviewer's approval (or a reviewer publishing); an
# administrator or a reviewer without an author profile is refused by the article itself.
BLOG_INDEX_PERMISSIONS = {
    EDITORS: ("add_page", "change_page"),
    MEDICAL_REVIEWERS: ("add_page", "change_page", "publish_page"),
}
# Permissions on the root collection of images and documents.
MEDIA_PERMISSIONS = tuple(
    ("wagtailimages" if model == "image" else "wagtaildocs", model, f"{action}_{model}")
    for model in ("image", "document")
    for action in ("add", "change", "choose")
)
MEDIA_GROUPS = (EDITORS, MEDICAL_REVIEWERS)
# Wagtail's first migration gives Editors these on the root page, i.e. on every page.
WAGTAIL_DEFAULT_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")

PERMISSION_NAMES = {
    "access_admin": "Can access Wagtail admin",
    "add_page": "Can add page",
    "change_page": "Can change page",
    "publish_page": "Publish any page",
    "add_image": "Can add image",
    "change_image": "Can change image",
    "choose_image": "Can choose image",
    "add_document": "Can add document",
    "change_document": "Can change document",
    "choose_document": "Can choose document",
}


def get_permission(apps, app_label, model, codename):
    """The auth Permission, created if missing: on a fresh database Django only creates
    permissions after the last migration (post_migrate)."""
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": PERMISSION_NAMES[codename]},
    )
    return permission


def page_permission(apps, codename):
    return get_permission(apps, "wagtailcore", "page", codename)


def root_collection(apps):
    return apps.get_model("wagtailcore", "Collection").objects.get(depth=1)


def ensure_editorial_groups(apps):
    """The three groups with admin access; images and documents for Editors and Medical
    reviewers; Wagtail's default root-page (every page) permissions taken from Editors and
    Moderators. Returns the groups by name."""
    group_model = apps.get_model("auth", "Group")
    page_permission_model = apps.get_model("wagtailcore", "GroupPagePermission")
    collection_permission_model = apps.get_model("wagtailcore", "GroupCollectionPermission")
    access_admin = get_permission(apps, "wagtailadmin", "admin", "access_admin")
    groups = {}
    for name in STAFF_GROUPS:
        groups[name], _ = group_model.objects.get_or_create(name=name)
        groups[name].permissions.add(access_admin)

    page_permission_model.objects.filter(group=groups[EDITORS], page__depth=1).delete()
    page_permission_model.objects.filter(group=groups[MODERATORS]).delete()

    collection = root_collection(apps)
    media_permissions = [get_permission(apps, *spec) for spec in MEDIA_PERMISSIONS]
    for name in MEDIA_GROUPS:
        for permission in media_permissions:
            collection_permission_model.objects.get_or_create(
                group=groups[name], collection=collection, permission=permission
            )
    collection_permission_model.objects.filter(
        group=groups[MODERATORS], permission__in=media_permissions
    ).delete()
    return groups


def ensure_medical_review_workflow(apps, blog_index=None):
    """The "Medical review" workflow (one group approval task for Medical reviewers), assigned
    to `blog_index`, or to every blog index when none is given. Wagtail's default workflow
    is unassigned and deactivated. Returns the workflow."""
    workflow_model = apps.get_model("wagtailcore", "Workflow")
    task_model = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow_task_model = apps.get_model("wagtailcore", "WorkflowTask")
    workflow_page_model = apps.get_model("wagtailcore", "WorkflowPage")
    reviewers, _ = apps.get_model("auth", "Group").objects.get_or_create(name=MEDICAL_REVIEWERS)

    task = task_model.objects.filter(name=TASK_NAME, groups=reviewers).first()
    if task is None:
        # Historical models skip Task.__init__, which would set the content type.
        content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = task_model.objects.create(name=TASK_NAME, content_type=content_type)
        task.groups.add(reviewers)
    workflow, _ = workflow_model.objects.get_or_create(name=WORKFLOW_NAME)
    workflow_task_model.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )

    workflow_page_model.objects.filter(workflow__name=WAGTAIL_DEFAULT_WORKFLOW).delete()
    workflow_model.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=False)
    task_model.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=False)

    for page_id in blog_index_ids(apps, blog_index):
        workflow_page_model.objects.update_or_create(
            page_id=page_id, defaults={"workflow": workflow}
        )
    return workflow


def assign_blog_index_permissions(apps, blog_index=None):
    """Editors' and Medical reviewers' page permissions on `blog_index` (or every blog index)."""
    groups = {
        group.name: group
        for group in apps.get_model("auth", "Group").objects.filter(name__in=BLOG_INDEX_PERMISSIONS)
    }
    page_permission_model = apps.get_model("wagtailcore", "GroupPagePermission")
    for page_id in blog_index_ids(apps, blog_index):
        for name, codenames in BLOG_INDEX_PERMISSIONS.items():
            if name not in groups:
                continue
            for codename in codenames:
                page_permission_model.objects.get_or_create(
                    group=groups[name], page_id=page_id, permission=page_permission(apps, codename)
                )


def blog_index_ids(apps, blog_index=None):
    if blog_index is not None:
        return [blog_index.pk]
    return list(apps.get_model("blog", "BlogIndexPage").objects.values_list("pk", flat=True))


def ensure_editorial_setup(apps, blog_index=None):
    """Everything above, in order: what the data migration runs forwards."""
    ensure_editorial_groups(apps)
    ensure_medical_review_workflow(apps, blog_index)
    assign_blog_index_permissions(apps, blog_index)


def remove_editorial_setup(apps):
    """Undo `ensure_editorial_setup`: the workflow (with its history) and the Medical reviewers
    group go; Editors and Moderators get Wagtail's defaults back, except the page permissions
    the replies app took from Moderators."""
    group_model = apps.get_model("auth", "Group")
    workflow_model = apps.get_model("wagtailcore", "Workflow")
    task_model = apps.get_model("wagtailcore", "GroupApprovalTask")
    workflow_page_model = apps.get_model("wagtailcore", "WorkflowPage")
    page_permission_model = apps.get_model("wagtailcore", "GroupPagePermission")
    collection_permission_model = apps.get_model("wagtailcore", "GroupCollectionPermission")

    workflow_model.objects.filter(name=WORKFLOW_NAME).delete()
    task_model.objects.filter(name=TASK_NAME, groups__name=MEDICAL_REVIEWERS).delete()
    group_model.objects.filter(name=MEDICAL_REVIEWERS).delete()

    default_workflow = workflow_model.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).first()
    if default_workflow is not None:
        workflow_model.objects.filter(pk=default_workflow.pk).update(active=True)
        task_model.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(active=True)
        for root in apps.get_model("wagtailcore", "Page").objects.filter(depth=1):
            workflow_page_model.objects.get_or_create(
                page_id=root.pk, defaults={"workflow": default_workflow}
            )

    editors = group_model.objects.filter(name=EDITORS).first()
    if editors is not None:
        page_permission_model.objects.filter(
            group=editors, page_id__in=blog_index_ids(apps)
        ).delete()
        for root in apps.get_model("wagtailcore", "Page").objects.filter(depth=1):
            for codename in WAGTAIL_DEFAULT_EDITOR_PAGE_PERMISSIONS:
                page_permission_model.objects.get_or_create(
                    group=editors, page_id=root.pk, permission=page_permission(apps, codename)
                )
    moderators = group_model.objects.filter(name=MODERATORS).first()
    if moderators is not None:
        collection = root_collection(apps)
        for spec in MEDIA_PERMISSIONS:
            collection_permission_model.objects.get_or_create(
                group=moderators, collection=collection, permission=get_permission(apps, *spec)
            )


def equip_new_blog_index(sender, instance, created, raw=False, **kwargs):
    """post_save of BlogIndexPage: a blog index created after the migration (by seed_demo or
    in the admin) gets the workflow and the groups' page permissions at once."""
    if created and not raw:
        ensure_medical_review_workflow(django_apps, instance)
        assign_blog_index_permissions(django_apps, instance)
