"""Only the reply views we serve. django-comments-xtd's own URLs (and its JSON API, which
accepted anonymous posts without CSRF) are deliberately not mounted."""

from django.urls import path

from blog.replies import views

app_name = "replies"

urlpatterns = [
    path("reader/<id:article_id>/", views.reader_part, name="reader"),
    path("leave/<id:article_id>/", views.leave_reply, name="leave"),
    path("post/<id:article_id>/", views.post_reply, name="post"),
    path("reply/<id:reply_id>/", views.reply_to, name="reply_to"),
    path("<id:reply_id>/", views.permalink, name="permalink"),
    path("<id:reply_id>/edit/", views.edit_reply, name="edit"),
    path("<id:reply_id>/report/", views.report_reply, name="report"),
    path("mute/<str:token>/", views.mute, name="mute"),
    path("notify/<str:token>/", views.confirm_followups, name="confirm_followups"),
]
