"""The editor's dashboard panel: where each of their submissions stands in medical review.

Wagtail's own panel lists the same workflow states as "Awaiting Medical review" and hides the
reviewer's comment behind the page's history. An editor needs two plain states, "Submitted for
review" and "Changes requested", and the comment that says what to change, so this panel
replaces Wagtail's (same query, our wording and the comment) on the dashboard.
"""

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
        states = context["workflow_states"]
        if not states:
            return context
        # One query for whoever requested changes, however many submissions are listed.
        task_state_ids = [state.current_task_state_id for state in states]
        task_states = TaskState.objects.select_related("task", "finished_by").in_bulk(
            task_state_ids
        )
        context["submissions"] = [
            submission(state, task_states.get(state.current_task_state_id)) for state in states
        ]
        return context


def submission(workflow_state, task_state):
    """One row: the page, its state in plain words and, when sent back, who asked what."""
    row = {
        "object": workflow_state.content_object,
        "status": SUBMITTED,
        "changes_requested": False,
        "task": task_state.task.name if task_state else "",
        "since": task_state.started_at if task_state else workflow_state.created_at,
        "comment": "",
        "by": None,
    }
    if task_state is not None and task_state.status == TaskState.STATUS_REJECTED:
        row.update(
            status=CHANGES_REQUESTED,
            changes_requested=True,
            since=task_state.finished_at,
            comment=task_state.comment,
            by=task_state.finished_by,
        )
    return row


def replace_wagtails_panel(panels):
    """Swap Wagtail's "Your pages and snippets in a workflow" for ours, in place."""
    for index, panel in enumerate(panels):
        if panel.name == UserObjectsInWorkflowModerationPanel.name:
            panels[index] = EditorialStatusPanel()
