"""The Leave a Reply form: django-comments-xtd's form with our fields, wording and checks."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator

from django_comments_xtd.forms import XtdCommentForm

from blog.replies.models import Reply, ReplyReport
from home import spam
from home.converters import MAX_DATABASE_ID
from home.reader_text import ReaderTextFormMixin

# The library's hidden fields that bind the form to its article (security hash included).
SECURITY_FIELDS = ("content_type", "object_pk", "timestamp", "security_hash")
REPLY_GONE = "The reply you are answering is no longer available."


class ReplyForm(ReaderTextFormMixin, spam.AntiBotFormMixin, XtdCommentForm):
    """Validates everything about a reply that can be judged from the form alone.

    Beyond the library's form: every field typed in is reader text (home.reader_text:
    controls and direction overrides removed, nothing but those is empty); the parent
    (`reply_to`) must be an approved reply on the same article with room for one more
    level; the site's anti-bot checks (home.spam) replace the library's honeypot and
    timestamp age; the reader must accept the privacy note. The library's security hash
    still binds the form to its article.
    """

    anti_bot_salt = "replies.form"

    remember = forms.BooleanField(
        required=False,
        label="Save my name and email in this browser for the next time I reply.",
    )
    consent = forms.BooleanField(
        required=True,
        label="I have read the privacy note and agree that my reply (with my name) "
        "may be published once a moderator approves it.",
        error_messages={"required": "Please confirm you have read the privacy note."},
    )

    def __init__(self, target_object, *args, **kwargs):
        super().__init__(target_object, *args, **kwargs)
        # The reply being answered, once validation has found it (a refusal names it).
        self.parent_reply = None
        fields = self.fields
        del fields["honeypot"]  # the site's own honeypot takes its place
        self.add_anti_bot_fields()
        fields["comment"].label = "Your reply"
        fields["comment"].widget = forms.Textarea(attrs={"rows": 6})
        fields["comment"].max_length = settings.COMMENT_MAX_LENGTH
        fields["comment"].widget.attrs["maxlength"] = settings.COMMENT_MAX_LENGTH
        fields["comment"].error_messages["required"] = "Please write your reply."
        fields["comment"].error_messages["max_length"] = (
            f"Please keep your reply under {settings.COMMENT_MAX_LENGTH} characters."
        )
        fields["name"].label = "Name"
        fields["name"].help_text = "Shown with your reply."
        fields["name"].widget = forms.TextInput(attrs={"autocomplete": "name", "maxlength": 50})
        fields["name"].error_messages["required"] = "Please give a name (it can be a first name)."
        fields["email"].label = "Email"
        fields["email"].help_text = "Never shown publicly."
        fields["email"].widget = forms.EmailInput(attrs={"autocomplete": "email"})
        fields["email"].error_messages["required"] = "Please give your email address."
        fields["email"].error_messages["invalid"] = (
            "Please give a valid email address, like name@example.com."
        )
        fields["url"] = forms.URLField(
            label="Website",
            required=False,
            assume_scheme="https",
            max_length=200,
            widget=forms.URLInput(attrs={"autocomplete": "url"}),
            error_messages={"invalid": "Please give a full web address, or leave it empty."},
        )
        fields["followup"].label = "Notify me of follow-up replies by email."
        fields["followup"].help_text = "We will first email you a link to confirm."
        fields["followup"].widget.attrs.pop("class", None)
        # An id no row can have (SQLite would raise OverflowError on it) is not looked up.
        fields["reply_to"].validators += [
            MinValueValidator(0, message=REPLY_GONE),
            MaxValueValidator(MAX_DATABASE_ID, message=REPLY_GONE),
        ]
        fields["reply_to"].error_messages["invalid"] = REPLY_GONE

    def anti_bot_limits(self):
        return settings.REPLIES_MIN_SECONDS, settings.REPLIES_FORM_MAX_AGE

    def clean_timestamp(self):
        # How long the form was on screen is the anti-bot timestamp's job; this one only
        # feeds the security hash, which still proves the form was made for this article.
        return self.cleaned_data["timestamp"]

    def clean(self):
        if any(name in self.errors for name in SECURITY_FIELDS):
            raise forms.ValidationError(spam.REFUSALS[spam.INVALID], code=spam.INVALID)
        return super().clean()

    def renew_anti_bot_fields(self):
        """Time the form from now and bind it to its article afresh (a forged hash included)."""
        super().renew_anti_bot_fields()
        self.data.update(self.generate_security_data())

    def clean_comment(self):
        comment = super().clean_comment().strip()
        if not comment:
            raise forms.ValidationError("Please write your reply.", code="required")
        return comment

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_reply_to(self):
        """0 for a new thread, else an approved reply on this article with room below it."""
        parent_id = self.cleaned_data["reply_to"]
        if parent_id == 0:
            return 0
        parent = (
            Reply.objects.approved()
            .for_article(self.target_object)
            .filter(pk=parent_id)
            .only("pk", "level", "parent_id", "user_name", "comment")
            .first()
        )
        if parent is None:
            raise forms.ValidationError(REPLY_GONE, code="invalid_parent")
        self.parent_reply = parent
        if not parent.accepts_answers:
            raise forms.ValidationError(
                "Replies can't be nested any deeper here; please reply further up the thread.",
                code="too_deep",
            )
        return parent_id

    @property
    def fields_with_errors(self):
        """The fields the reader can see and must correct: [BoundField]."""
        return [field for field in self.visible_fields() if field.errors]

    def get_comment_model(self):
        return Reply

    def get_comment_create_data(self, site_id=None):
        data = super().get_comment_create_data(site_id=site_id)
        data["is_public"] = False  # held until screening and the policy say otherwise
        return data


class ReplyReportForm(ReaderTextFormMixin, forms.Form):
    """A reader's report about a public reply; no account or email needed."""

    reason = forms.ChoiceField(
        label="What is wrong with this reply?",
        choices=ReplyReport.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what is wrong with the reply."},
    )
    note = forms.CharField(
        label="Anything our moderators should know",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
        help_text="Optional. Please don’t include your own health details.",
        error_messages={"max_length": "Please keep the note under 500 characters."},
    )


def reply_text_field(label, help_text, required_message):
    """The reply text as moderators write it: same length limit as readers have."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=settings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": required_message},
    )


class ModeratorEditForm(ReaderTextFormMixin, forms.Form):
    """A moderator's correction of a reply's text (typos, a stray phone number)."""

    comment = reply_text_field(
        "Text",
        "Fix typos or take out personal details; the reply keeps its status.",
        "The text cannot be empty; remove the reply instead.",
    )


class ClinicAnswerForm(ReaderTextFormMixin, forms.Form):
    """The clinic's public answer to a reply."""

    answer = reply_text_field(
        "Answer as the clinic",
        "Published at once under the reply, marked “Clinic team”.",
        "Please write the answer.",
    )
