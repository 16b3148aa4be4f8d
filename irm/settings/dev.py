"""Development: `make run` and `manage.py` on a laptop. Binds to 127.0.0.1 only."""

from irm.env import env_bool

from .base import *  # noqa: F403

DEBUG = env_bool("DEBUG", True)
