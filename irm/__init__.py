"""The project package and core app; the Celery app loads with Django."""

from irm.celery import app as celery_app

__all__ = ["celery_app"]
