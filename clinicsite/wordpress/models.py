"""What the WordPress import made from which WordPress post and comment, keyed by their
WordPress ids, so that running the import again updates instead of duplicating."""

from django.db import models

from blog.models import BlogPage
from blog.replies.models import Reply


class ImportedPost(models.Model):
    """A WordPress post and the article made from it.

    `article` is empty once an editor has deleted the article: a later run leaves it
    deleted. `revision_id` is the revision the import last wrote; if the article's latest
    revision is another one, someone has worked on it here and a later run leaves it alone.
    """

    wordpress_id = models.PositiveBigIntegerField(unique=True)
    article = models.OneToOneField(BlogPage, null=True, on_delete=models.SET_NULL, related_name="+")
    link = models.CharField(max_length=500, blank=True, help_text="Its WordPress permalink.")
    wordpress_modified = models.DateTimeField(null=True)
    revision_id = models.PositiveBigIntegerField(null=True)
    imported_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "imported WordPress post"

    def __str__(self):
        return f"WordPress post {self.wordpress_id}"


class ImportedComment(models.Model):
    """A WordPress comment and the reply made from it (empty once the reply is deleted
    here: a later run leaves it deleted)."""

    wordpress_id = models.PositiveBigIntegerField(unique=True)
    reply = models.OneToOneField(Reply, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "imported WordPress comment"

    def __str__(self):
        return f"WordPress comment {self.wordpress_id}"
