"""Settings for the HTTP benchmarks only: production's, served over plain HTTP on 127.0.0.1
(the clients send ``X-Forwarded-Proto: https`` as the reverse proxy would), without the static
manifest (the bench does not run collectstatic), and with the bench URLconf that adds the bare
endpoint. Never used by a deployment."""

from config.settings.production import *  # noqa: F403
from config.settings.production import env

ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
