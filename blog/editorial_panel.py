"""The editor's dashboard panel: where each of their submissions stands in medical review.

Wagtail's own panel lists the same workflow states as "Awaiting Medical review" and hides the
reviewer's comment behind the page's history. An editor needs two plain states, "Submitted for
review" and "Changes requested", and the comment that says what to change, so this panel
replaces Wagtail's (same query, our wording and the comment) on the dashboard.
"""

from django.contrib.auth import get_user_model

from wagtail.admin.views.home import UserObjectsInWorkflowModerationPanel
from wagtail.models import TaskState

SUBMITTED = "Submitted for review"
CHANGES_REQUESTED = "Changes requested"


class EditorialStatusPanel(UserObjectsInWorkflowModerationPanel):
    name = "editorial_status"
    template_name = "blog/admin/editorial_status_panel.html"
    order = UserObjectsInWorkflowModerationPanel.order

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        # Wagtail's query already brings each current task state and its task; only the
        # reviewers who requested changes are missing: one query for all of them, if any.
        states = context["workflow_states"]
        reviewer_ids = {
            state.current_task_state.finished_by_id for state in states if changes_requested(state)
        }
        reviewers = get_user_model().objects.in_bulk(reviewer_ids) if reviewer_ids else {}
        context["submissions"] = [submission(state, reviewers) for state in states]
        return context


def changes_requested(workflow_state):
    task_state = workflow_state.current_task_state
    return task_state is not None and task_state.status == TaskState.STATUS_REJECTED


def submission(workflow_state, reviewers):
    """One row: the page, its state in plain words and, when sent back, who asked what."""
    task_state = workflow_state.current_task_state
    row = {
        "object": workflow_state.content_object,
        "status": SUBMITTED,
        "changes_requested": False,
        "task": task_state.task.name if task_state else "",
        "since": task_state.started_at if task_state else workflow_state.created_at,
        "comment": "",
        "by": None,
    }
    if changes_requested(workflow_state):
        row.update(
            status=CHANGES_REQUESTED,
            changes_requested=True,
            since=task_state.finished_at,
            comment=task_state.comment,
            by=reviewers.get(task_state.finished_by_id),
        )
    return row


def replace_wagtails_panel(panels):
    """Swap Wagtail's "Your pages and snippets in a workflow" for ours, in place."""
    for index, panel in enumerate(panels):
        if panel.name == UserObjectsInWorkflowModerationPanel.name:
            panels[index] = EditorialStatusPanel()
