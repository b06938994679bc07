"""Who may moderate replies: the one permission every check uses.

Moderating is changing a reply (`replies.change_reply`, which the Moderators group holds;
superusers have every permission). The admin's queue and actions, the Wagtail permission
policy and the site's own "a moderator's reply is published at once" rule all ask
`can_moderate`; django-comments' separate `can_moderate` permission is not used.
"""

from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from blog.replies.models import ReaderBlock, Reply

MODERATE = "change"


class ReplyPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody adds a reply (or a reader block) from a blank
    admin form: replies come from readers, and from moderators through "Answer as the
    clinic"; blocks from a reply's page ("Block this reader")."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


reply_permission_policy = ReplyPermissionPolicy(Reply)
register_permission_policy(Reply, reply_permission_policy, exact_class=True)
register_permission_policy(ReaderBlock, ReplyPermissionPolicy(ReaderBlock), exact_class=True)


def can_moderate(user):
    """True if `user` (anonymous or None allowed) may approve, remove or mark replies as spam."""
    return bool(user) and reply_permission_policy.user_has_permission(user, MODERATE)
