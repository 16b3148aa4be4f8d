# One image for web (gunicorn), worker and beat (docker-compose.yml picks the command).
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=irm.settings.production \
    PIP_NO_CACHE_DIR=1

RUN useradd --create-home --uid 1000 rapport
WORKDIR /app

COPY pyproject.toml README.md ./
COPY irm/__init__.py irm/__init__.py
RUN mkdir contacts outreach campaigns && pip install --upgrade pip && pip install .

COPY . .
RUN pip install --no-deps . \
    && SECRET_KEY=collectstatic-only-not-a-real-secret-key-0123456789abcdef-xyz \
       ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown rapport:rapport /app/media

USER rapport
EXPOSE 8000
CMD ["gunicorn", "irm.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
