"""The few reply views outside the page tree: the reader's part of an article (fetched by
the article page after load, since the article is one cached HTML for every reader), posting,
the reply form's own page (the no-JavaScript "Leave a reply" and "Reply", and where a refused
post lands), permalinks, muting follow-up emails, editing your own reply and reporting
someone else's. Every link to a reply they make is
`thread.reply_url`, on the page of the thread that holds the reply."""

from functools import wraps
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core import signing
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from blog.models import BlogPage
from blog.replies.forms import ReplyForm, ReplyReportForm
from blog.replies.models import Reply, ReplyReport, Status
from blog.replies.moderation import edit, hide_if_reported_enough, withdraw
from blog.replies.notifications import (
    FOLLOWUP_LINK_MAX_AGE,
    mute_followups,
    read_followup_token,
    read_mute_token,
    start_followups,
)
from blog.replies.posting import ReplyRefused, store_reply
from blog.replies.reader import (
    FOLLOWUPS_PARAMETER,
    FOLLOWUPS_TO_CONFIRM,
    own_reply_ids,
    reader_context,
    remember_author,
    remember_own_reply,
    reply_form,
)
from blog.replies.thread import page_of, reply_url
from home.models import ClinicSettings
from home.reader_text import ReaderTextFormMixin
from home.spam import client_ip_hash, ip_rate_limit_key, rate_limit_exceeded
from home.visibility import page_is_visible, page_view_refusal


class ArticleRefused(Exception):
    """The request may not see the article: `response` is what serving the article would
    answer instead (its password form, or a redirect to log in)."""

    def __init__(self, response):
        super().__init__("The article is not visible to this request.")
        self.response = response


def visible_article(page, request):
    """The specific article `page` (a Page or None), if `request` may see it (the one rule,
    `home.visibility.page_view_refusal`). Raises Http404 for a deleted or unpublished page
    and ArticleRefused for a view restriction the request has not passed."""
    refusal = page_view_refusal(page, request)
    if refusal is not None:
        raise ArticleRefused(refusal)
    return page.specific


def answers_as_the_article(view):
    """Turns ArticleRefused into the response serving the article would give, so every
    reply route answers for a restricted article exactly as the article does."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ArticleRefused as refused:
            return refused.response

    return wrapper


def reply_page(request, article, form, parent=None, error=None, status=200):
    """The reply form on a page of its own: a link back to the article (at the reply being
    answered), that reply quoted, "Reply to …" and the form. It is how "Reply" works
    without JavaScript, and where every refused post lands, since the article page is the
    same for every reader: the reason first (the browser focuses it), the text kept."""
    back_url = reply_url(parent, article.url) if parent else article.url
    response = render(
        request,
        "replies/reply_page.html",
        {
            "page": article,
            "parent": parent,
            "back_url": back_url,
            "cancel_url": back_url if parent else None,
            "reply_form": form,
            "reply_error": error,
            "replies_open": article.replies_are_open,
            "ip_kept_days": settings.REPLIES_IP_KEPT_DAYS,
        },
        status=status,
    )
    return personal(response)


def personal(response):
    """`response`, marked for this browser only: never stored by the page cache, a proxy or
    a CDN (it holds a CSRF token, a form's security hash and the reader's own replies)."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def reader_part_context(request, article):
    """What `replies/reader.html` needs for `article` and this browser: `reader.reader_context`
    plus the article, whether replies are open and the clinic's settings."""
    return {
        "page": article,
        "replies_open": article.replies_are_open,
        "clinic": ClinicSettings.for_request(request),
        **reader_context(article, request),
    }


@require_GET
@answers_as_the_article
def reader_part(request, article_id):
    """The reader's part of an article's replies section, as an HTML fragment: the notices
    after posting (from the article's own query string, which replies.js passes on), this
    browser's held replies and the Leave a Reply form with a fresh CSRF token, security hash
    and timestamp, filled with the remembered name. replies.js puts it in place after load."""
    article = visible_article(BlogPage.objects.filter(pk=article_id).first(), request)
    return personal(render(request, "replies/reader.html", reader_part_context(request, article)))


@require_GET
@answers_as_the_article
def leave_reply(request, article_id):
    """The reader's part on a page of its own: "Leave a reply" without JavaScript, linked
    from the article (whose cached HTML holds no form), with this browser's held replies."""
    article = visible_article(BlogPage.objects.filter(pk=article_id).first(), request)
    context = reader_part_context(request, article)
    return personal(
        render(
            request,
            "replies/reply_page.html",
            {**context, "back_url": f"{article.url}#replies", "parent": None},
        )
    )


# The form's own page (`on_own_page`, without JavaScript) sends this, so that the reader
# comes back to it after posting rather than to the article.
AFTER_POSTING = "after_posting"
OWN_PAGE = "own_page"


@require_POST
@csrf_protect
@answers_as_the_article
def post_reply(request, article_id):
    article = visible_article(BlogPage.objects.filter(pk=article_id).first(), request)
    form = ReplyForm(article, data=request.POST)
    valid = form.is_valid()  # first, so that any refusal knows which reply was answered
    try:
        if not article.replies_are_open:
            raise ReplyRefused("Replies are closed.", status=403)
        if not valid:
            raise ReplyRefused(None)  # the form's own errors say what is wrong
        reply = store_reply(form, article, request)
    except ReplyRefused as refusal:
        # Sent again, the form is timed and verified from now; the reader's text is kept.
        form.renew_anti_bot_fields()
        return reply_page(
            request, article, form, form.parent_reply, refusal.message, refusal.status
        )

    notices = {"replied": reply.pk}
    if form.cleaned_data["followup"] and not reply.followup:
        # Asked for, but not yet confirmed for this article: store_reply has emailed the
        # link, and the page after posting says to look for it.
        notices[FOLLOWUPS_PARAMETER] = FOLLOWUPS_TO_CONFIRM
    if request.POST.get(AFTER_POSTING) == OWN_PAGE:
        # Sent without JavaScript from the form's own page: back to that page, whose reader's
        # part holds the notices. The article would not show them: its cached HTML is the
        # same for everyone, and only replies.js fetches the reader's part into it.
        target = f"{reverse('replies:leave', args=[article.pk])}?{urlencode(notices)}"
    else:
        target = reply_url(reply, article.url, **notices)
    response = HttpResponseRedirect(target)
    remember_own_reply(response, request, reply.pk)
    if form.cleaned_data["remember"]:
        remember_author(response, request, form.cleaned_data["name"], form.cleaned_data["email"])
    else:
        remember_author(response, request, None, None)
    return response


@answers_as_the_article
def reply_to(request, reply_id):
    """The reply form for one reply, on a page of its own (see `reply_page`). Only approved
    replies have one (ids are sequential; held ones must not be readable)."""
    parent = get_object_or_404(Reply.objects.approved(), pk=reply_id)
    article = visible_article(parent.content_object, request)
    if not parent.accepts_answers:
        raise Http404("This reply cannot be answered any deeper.")
    return reply_page(request, article, reply_form(article, request, parent=parent), parent)


@answers_as_the_article
def permalink(request, reply_id):
    """The address of a published reply: its article, on the page of the thread that holds
    it, scrolled to it."""
    reply = get_object_or_404(Reply.objects.approved().with_thread_position(), pk=reply_id)
    article = visible_article(reply.content_object, request)
    return HttpResponseRedirect(reply_url(reply, article.url))


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def mute(request, token):
    """Stop follow-up emails about one article, for the address the signed `token` names.

    The link in the email (GET) only asks: mail scanners open links, and a link that muted
    would unsubscribe readers nobody asked. The button on that page, or a mail program's
    one-click unsubscribe (RFC 8058: a POST of `List-Unsubscribe=One-Click` to the address
    in the email's List-Unsubscribe header), mutes. That POST comes without a CSRF token, so
    this view is exempt; the signed token is what authenticates it. 404 for a bad token."""
    try:
        article_id, data = read_mute_token(token)
    except signing.BadSignature as error:
        raise Http404("This link is not valid.") from error
    article = BlogPage.objects.filter(pk=article_id).first()
    if not page_is_visible(article, request):
        article = None  # muted all the same, without naming an article this reader may not see
    if request.method != "POST":
        return render(request, "replies/mute_confirm.html", {"article": article})
    muted = mute_followups(data)
    return render(request, "replies/muted.html", {"article": article, "muted": muted})


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def confirm_followups(request, token):
    """Start follow-up emails for the reply the signed `token` names (double opt-in).

    As for muting, the emailed link (GET) only asks, since mail scanners open links; the
    button's POST confirms. A forged, expired or stale token gets a page that says so."""
    invalid = {"link_days": FOLLOWUP_LINK_MAX_AGE.days}
    try:
        data = read_followup_token(token)
    except signing.BadSignature:
        return render(request, "replies/followups_link_invalid.html", invalid, status=400)
    reply = Reply.objects.filter(pk=data["reply"]).only("object_pk").first()
    article = BlogPage.objects.filter(pk=reply.object_pk).first() if reply else None
    if not page_is_visible(article, request):
        article = None  # confirmed all the same, without naming an article this reader may not see
    if request.method != "POST":
        return render(request, "replies/followups_confirm.html", {"article": article})
    if not start_followups(data):
        return render(request, "replies/followups_link_invalid.html", invalid, status=400)
    return render(request, "replies/followups_confirmed.html", {"article": article})


class ReplyEditForm(ReaderTextFormMixin, forms.Form):
    """A reader's edit of their own reply: the same reader-text rule as the reply form."""

    comment = forms.CharField(
        label="Your reply",
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": settings.COMMENT_MAX_LENGTH}),
        error_messages={
            "required": "Please write your reply, or withdraw it instead.",
            "max_length": f"Please keep your reply under {settings.COMMENT_MAX_LENGTH} characters.",
        },
    )


def own_editable_reply(request, reply_id):
    """The reply, if this browser posted it and it is still within the edit window."""
    if reply_id not in own_reply_ids(request):
        raise Http404
    reply = get_object_or_404(Reply.objects.exclude(status=Status.REMOVED), pk=reply_id)
    if not reply.can_still_be_edited:
        raise Http404("The time to edit this reply has passed.")
    return reply


@csrf_protect
@answers_as_the_article
def edit_reply(request, reply_id):
    """Edit or withdraw your own reply for a few minutes after posting, from the same browser.
    An edited reply is screened again and, if it was public, goes back to moderation."""
    reply = own_editable_reply(request, reply_id)
    article = visible_article(reply.content_object, request)
    # Bound for every POST, an empty one included: it is refused with the field's message.
    posted = request.POST if request.method == "POST" else None
    form = ReplyEditForm(posted, initial={"comment": reply.comment})
    if request.method == "POST":
        if "withdraw" in request.POST:
            withdraw(reply)
            return HttpResponseRedirect(f"{article.url}?withdrawn=1#replies")
        if form.is_valid():
            edit(reply, form.cleaned_data["comment"].strip(), request.user)
            return HttpResponseRedirect(reply_url(reply, article.url, replied=reply.pk))
    return render(
        request,
        "replies/edit_page.html",
        {"page": article, "reply": reply, "form": form, "back_url": reply_url(reply, article.url)},
    )


@csrf_protect
@answers_as_the_article
def report_reply(request, reply_id):
    """ "Report" under a public reply: anyone may tell moderators something is wrong.

    Reports are counted per address (hashed), so one person reporting again adds nothing; at
    REPLIES_REPORTS_TO_HIDE addresses the reply is hidden until a moderator looks at it.
    """
    # The clinic's own answers are not reported: it stands by them, and a moderator edits them.
    reply = get_object_or_404(Reply.objects.approved(), pk=reply_id, is_clinic_reply=False)
    article = visible_article(reply.content_object, request)
    page_number = page_of(reply)  # before a report can take the reply off the thread
    form = ReplyReportForm(request.POST if request.method == "POST" else None)
    status = 200
    error = None
    if request.method == "POST" and form.is_valid():
        ip_hash = client_ip_hash(request)
        if rate_limit_exceeded(
            ip_rate_limit_key("replies:report", request), *settings.REPLIES_REPORT_RATE_LIMIT
        ):
            error = "You have sent several reports in a short time. Please try again later."
            status = 429
        else:
            if not reply.reports.filter(reporter_ip_hash=ip_hash).exists():
                ReplyReport.objects.create(
                    reply=reply,
                    reason=form.cleaned_data["reason"],
                    note=form.cleaned_data["note"].strip(),
                    reporter_ip_hash=ip_hash,
                )
                hide_if_reported_enough(reply)
            return HttpResponseRedirect(
                reply_url(reply, article.url, page=page_number, reported=reply.pk)
            )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "replies/report_page.html",
        {
            "page": article,
            "reply": reply,
            "form": form,
            "error": error,
            "back_url": reply_url(reply, article.url, page=page_number),
        },
        status=status,
    )
