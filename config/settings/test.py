"""Test runs: fast hashing, in-memory mail, no login lockout unless a test turns it on."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATA_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "hamafza.core.sms.MemorySmsBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "hamafza-test",
    "filename": env.str("HUEY_SQLITE_PATH", default=str(DATA_DIR / "huey-test.sqlite3")),
    "immediate": False,
}
