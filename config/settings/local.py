"""Laptop and demo: everything embedded. DEBUG is off unless DEBUG=true is set, so the demo shows
the site's own 404/403/500 pages (a debug page would list every URL pattern)."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=False)
