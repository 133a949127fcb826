"""Laptop and demo: DEBUG on, everything embedded."""

from config.settings.base import *  # noqa: F403
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
