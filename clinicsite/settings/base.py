"""Settings shared by every environment.

Safe for production as they stand: DEBUG is off and nothing secret has a default here.
Every environment variable the site reads is read in this file (see .env.example and the
README's configuration table); dev.py, test.py and production.py only adjust the result.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from .environment import (
    cache_settings,
    email_settings,
    env_bool,
    env_int,
    env_list,
    env_str,
    frontend_cache_settings,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# --- Core -------------------------------------------------------------------------------

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form shows a page in the site's layout that gives the reader's text back.
CSRF_FAILURE_VIEW = "home.views.csrf_failure"

INSTALLED_APPS = [
    "home",
    "blog",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Replies: django-comments-xtd before the django-comments it extends; it needs sites.
    "django.contrib.sites",
    "django_comments_xtd",
    "django_comments",
    # After the comment apps: its ready() undoes one of their signal handlers.
    "blog.replies",
    # The project package itself, for `manage.py seed_demo` (the demo spans every app above).
    "clinicsite",
    # `manage.py import_wordpress`: which WordPress posts and comments became which pages.
    "clinicsite.wordpress",
    # Login throttling (home/lockouts.py) and the security headers (clinicsite/csp.py).
    "axes",
    "csp",
    # Background tasks: django-tasks' checks, and the database backend's table and worker.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First: /healthz answers load balancers before host checks and the HTTPS redirect.
    "clinicsite.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Straight after SecurityMiddleware, as whitenoise asks: static files skip the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions, CSRF and auth: a hit touches neither (0 queries), and a miss sees
    # every cookie and Vary header they add (home/page_cache.py).
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # WordPress's /?p=ID links reach the home page, so no redirect (404s only) sees them.
    "clinicsite.wordpress.middleware.WordPressLinkMiddleware",
    # Security headers: the public or the admin Content-Security-Policy, Permissions-Policy.
    "clinicsite.csp.SiteCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "clinicsite.urls"
WSGI_APPLICATION = "clinicsite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
    {
        # One hot template only: the entries of a reply thread (templates/jinja2/replies/
        # thread.html, printed by `{% replies_thread %}`). Jinja2 compiles a template to Python,
        # so a 50-reply thread costs a fraction of what Django's engine spends on its look-ups
        # (docs/performance.md). Escaping is on, as in every Django template.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True},
    },
]

# --- Data -------------------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
# With Redis, shared by every gunicorn worker and server, so rate limits and caches agree
# across processes; without it, files shared by the processes of this machine (never local
# memory: see environment.cache_settings).
CACHES = {
    "default": cache_settings(
        REDIS_URL,
        key_prefix=env_str("CACHE_KEY_PREFIX", "clinicsite"),
        directory=env_str("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
    )
}
# The page cache (home/page_cache.py): anonymous readers' GETs of public pages, in the default
# cache, invalidated exactly by tags. Entries are dropped when what they show changes, so
# they may live long (seconds); browsers keep a page PAGE_CACHE_MAX_AGE seconds (they cannot
# be purged), a CDN PAGE_CACHE_S_MAXAGE (purged through FRONTEND_CACHE_* when set).
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", default=True)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 60 * 60)
# Bytes of recently served pages and fragments each process keeps a copy of, so a hit need not
# fetch them from Redis again (home/local_copies.py; still checked against the shared tag
# versions on every use); 0 keeps none.
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 4 * 1024 * 1024)
PAGE_CACHE_MAX_AGE = env_int("PAGE_CACHE_MAX_AGE", 60)
PAGE_CACHE_S_MAXAGE = env_int("PAGE_CACHE_S_MAXAGE", 300)
# Never from the cache: the admin, the replies' routes (the reader's part, forms, posting),
# search results, documents (served after a privacy check).
PAGE_CACHE_EXCLUDED_PATHS = ["/admin/", "/replies/", "/search/", "/documents/"]
# A CDN or caching proxy to purge with the page cache (Wagtail's frontend cache): off unless
# FRONTEND_CACHE_BACKEND is "http" (FRONTEND_CACHE_LOCATION takes PURGE requests) or
# "cloudflare" (FRONTEND_CACHE_CLOUDFLARE_ZONE_ID, FRONTEND_CACHE_CLOUDFLARE_TOKEN).
WAGTAILFRONTENDCACHE = frontend_cache_settings(
    env_str("FRONTEND_CACHE_BACKEND"),
    location=env_str("FRONTEND_CACHE_LOCATION"),
    zone_id=env_str("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"),
    bearer_token=env_str("FRONTEND_CACHE_CLOUDFLARE_TOKEN"),
    hostnames=env_list("FRONTEND_CACHE_HOSTNAMES"),
)

# A cache call that fails because Redis is down is logged (logger django_redis.cache), then
# treated as a miss: see cache_settings and docs/architecture.md, "Outages".
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# --- Passwords and sessions -------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Login throttling (django-axes; home/lockouts.py) -------------------------------------
# Failures are counted in the database, so a Redis outage never blocks or unblocks a login.
# A username from one address is locked after LOGIN_FAILURE_LIMIT failures; an address,
# whatever usernames it tries, after LOGIN_ADDRESS_FAILURE_LIMIT. Both end
# LOGIN_LOCKOUT_MINUTES after the last failure, or when an administrator unlocks them
# (Settings → Login lockouts).

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login outright
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "home.lockouts.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
# Attempts while locked out are refused unrecorded, so the time the lockout page gives holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "home.lockouts.lockout_response"
# The same address as the forms' rate limits: REMOTE_ADDR, set by the proxy (home/spam.py).
AXES_CLIENT_IP_CALLABLE = "home.spam.client_ip"
# No record of every successful sign-in (staff addresses, kept forever): nothing reads it.
AXES_DISABLE_ACCESS_LOG = True
# Wagtail's shared-password privacy for pages and document collections is a password form
# no throttle watches (axes sees only sign-ins): private content is for signed-in users.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
# Private pages ("logged-in users", "groups") ask readers to sign in in the site's layout.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "home/login.html"
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

# --- Security headers (clinicsite/csp.py) --------------------------------------------------
# Public pages: nothing inline, no nonce (they are cached for every reader), only this
# origin. The JSON-LD <script type="application/ld+json"> is a data block, never run, so
# script-src does not apply to it.

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# The Wagtail admin (and its page previews): Wagtail 8 still writes inline scripts, styles
# and style attributes, so 'unsafe-inline' there, and no nonce, which would switch it off.
# Previews are framed by the editor on this origin; images may be blobs while uploading.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "media-src": ["'self'", "blob:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "frame-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Every browser feature the site never uses is denied to it and to anything it frames.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# --- Locale -----------------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# --- Static and media files -------------------------------------------------------------

STATICFILES_DIRS = [BASE_DIR / "static"]
# Collected files go to staticfiles/, never into the source folder static/.
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media/"
# Let Django itself serve MEDIA_ROOT (small set-ups and `make serve-prod`; a proxy is better).
SERVE_MEDIA = env_bool("SERVE_MEDIA", default=False)

# Uploaded media on S3-compatible object storage (django-storages) when a bucket is named, so
# several application servers share one set of files; on MEDIA_ROOT otherwise. Credentials
# are never settings: boto3 reads them itself (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in
# the environment, or the machine's role), so they appear on no debug page.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
# Object keys start with media/, as the files under MEDIA_ROOT do in a backup archive. With
# AWS_S3_CUSTOM_DOMAIN set to the site's own host (its proxy or CDN sending /media/ to the
# bucket), image URLs stay on the site: readers' browsers never contact the bucket's host.
S3_MEDIA_OPTIONS = {
    "bucket_name": AWS_STORAGE_BUCKET_NAME,
    "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
    "region_name": env_str("AWS_S3_REGION_NAME") or None,
    "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN") or None,
    "url_protocol": env_str("AWS_S3_URL_PROTOCOL", "https:"),
    "location": "media",
    # Wagtail names an upload after its file: a second "photo.jpg" must not replace the first.
    "file_overwrite": False,
    # Plain, unsigned URLs: a signed one expires, and cached pages and CDNs outlive it.
    "querystring_auth": False,
    "default_acl": None,  # the bucket's own policy decides who reads
    "object_parameters": {"CacheControl": "public, max-age=86400"},
}
MEDIA_STORAGE = (
    {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": S3_MEDIA_OPTIONS}
    if AWS_STORAGE_BUCKET_NAME
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
)
STORAGES = {
    "default": MEDIA_STORAGE,
    # Hashed names (site.3f2a9c1b7e4d.css), gzipped copies; whitenoise sends hashed files
    # with a far-future, immutable Cache-Control (tests/test_static_files.py).
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Documents go through Wagtail's serve view on every storage, never a redirect to the file's
# own URL (Wagtail's default for remote storages), so a private collection stays private.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Email ------------------------------------------------------------------------------

EMAIL_URL = env_str("EMAIL_URL", "smtp://localhost:25")
_email = email_settings(EMAIL_URL)
# Django's and Wagtail's mail is queued too (home.mail); the task worker sends it through
# the backend EMAIL_URL names.
EMAIL_BACKEND = "home.mail.QueuedEmailBackend"
MAIL_DELIVERY_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = _email["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Clinic website <no-reply@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background tasks (django-tasks) ------------------------------------------------------
# The site's mail (home.mail) and Wagtail's own tasks (search index, reference index, image
# focal points, file deletion, CDN purges) are written to the database and run by
# `manage.py db_worker`, so no request waits for them. dev.py and test.py run them at once.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A failed send is tried again after 1, 5, 30 and 120 minutes (the last delay repeats),
# until MAIL_MAX_ATTEMPTS attempts in all; then it is listed as failed for staff.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 5)
MAIL_RETRY_MINUTES = (1, 5, 30, 120)
# `purge_outgoing_mail` (daily) deletes the record of mail sent or failed this long ago.
MAIL_KEPT_DAYS = env_int("MAIL_KEPT_DAYS", 30)
# A task that has waited longer than this (minutes) means the worker is not running:
# `check --database default` says so (clinicsite.I003) and so does the admin's dashboard.
TASKS_LATE_MINUTES = env_int("TASKS_LATE_MINUTES", 15)

# --- Logging ----------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # One INFO line per background task (search index, references) is noise.
        "django_tasks": {"level": "WARNING"},
        # django-axes: failed sign-ins and lockouts are warnings; its INFO lines are noise.
        "axes": {"level": "WARNING"},
    },
}

# --- Wagtail ----------------------------------------------------------------------------

WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Ketamine Therapy Clinic")
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend with quotes taken out of searched words (home/search_backends.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "home.search_backends"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
# Editors upload photos; keep originals to a size the server can resize without strain.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # the admin must not call out to another host…
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # …nor send staff email hashes to Gravatar
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Workflow emails go to the task's group (submitted) and the submitter (approved, rejected);
# administrators are not copied on every submission.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False

# --- Replies ----------------------------------------------------------------------------
# Readers' replies to articles (blog/replies). Every reply is stored held; these shape the
# policy and the spam defences. django-comments-xtd reads its COMMENTS_* settings at import.

SITE_ID = 1
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "blog.replies.models.Reply"
COMMENTS_XTD_FORM_CLASS = "blog.replies.forms.ReplyForm"
# Never: with confirmation on, a reply exists only in an email until its link is clicked.
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_SEND_HTML_EMAIL = False
COMMENTS_XTD_FROM_EMAIL = DEFAULT_FROM_EMAIL
COMMENT_MAX_LENGTH = 3000
# "hold_all": every reply waits for a moderator. "hold_first_time": a reply from an email
# address that already has an approved reply goes live at once (screening still applies).
REPLIES_POLICY = env_str("REPLIES_POLICY", "hold_all")
REPLIES_MAX_DEPTH = env_int("REPLIES_MAX_DEPTH", 3)  # a reply, a reply to it, one more
COMMENTS_XTD_MAX_THREAD_LEVEL = REPLIES_MAX_DEPTH - 1
REPLIES_OPEN_BY_DEFAULT = env_bool("REPLIES_OPEN_BY_DEFAULT", default=True)
REPLIES_CLOSE_AFTER_DAYS = env_int("REPLIES_CLOSE_AFTER_DAYS", 0)  # 0: never close by age
REPLIES_PER_PAGE = 50  # top-level replies per page of a thread
REPLIES_MIN_SECONDS = env_int("REPLIES_MIN_SECONDS", 3)  # faster than this is a bot
REPLIES_FORM_MAX_AGE = 2 * 60 * 60  # seconds a rendered form stays valid
# Replies per address and per email in the window (seconds); the counts can be raised by
# environment for a load test (`make load`), never needed in production.
REPLIES_RATE_LIMIT_PER_IP = (env_int("REPLIES_RATE_LIMIT_PER_IP", 5), 10 * 60)
REPLIES_RATE_LIMIT_PER_EMAIL = (env_int("REPLIES_RATE_LIMIT_PER_EMAIL", 5), 60 * 60)
REPLIES_MAX_LINKS = 2  # more links than this and the reply is held as spam
REPLIES_SPAM_KEPT_DAYS = env_int("REPLIES_SPAM_KEPT_DAYS", 30)
REPLIES_IP_KEPT_DAYS = env_int("REPLIES_IP_KEPT_DAYS", 30)
# Days a moderator's block of a reader lasts (an address block: REPLIES_IP_KEPT_DAYS at most).
REPLIES_BLOCK_DAYS = env_int("REPLIES_BLOCK_DAYS", 90)
REPLIES_EDIT_MINUTES = 15  # a reader may edit or withdraw their reply for this long
# Readers' reports ("Report" under a reply): from this many different addresses a public
# reply is hidden until a moderator looks at it; each address may report this often.
REPLIES_REPORTS_TO_HIDE = 3
REPLIES_REPORT_RATE_LIMIT = (5, 60 * 60)  # reports, per seconds
REPLIES_NOTIFY_AUTHORS = env_bool("REPLIES_NOTIFY_AUTHORS", default=True)
# Bump when the privacy policy changes; each reply records the version its author accepted.
PRIVACY_POLICY_VERSION = env_str("PRIVACY_POLICY_VERSION", "2026-11")

# --- Contact form -----------------------------------------------------------------------
# Spam defences of the Contact page (home/forms.py, home/spam.py). The rate limit counts by
# REMOTE_ADDR: behind a proxy, the proxy must set it to the visitor's address.

CONTACT_MIN_SECONDS = 3  # a form sent faster than this after it was shown is a bot
CONTACT_FORM_MAX_AGE = 24 * 60 * 60  # seconds; an older form asks to be sent again
CONTACT_RATE_LIMIT = (5, 60 * 60)  # messages per IP address, per seconds (in the cache)

# --- Demo content -----------------------------------------------------------------------

# Password of the demo users made by `manage.py seed_demo` (local machines only).
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "clinic-demo-2026")
