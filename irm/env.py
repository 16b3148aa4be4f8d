"""Configuration from the environment, with the embedded services as the fallback.

Kept free of Django imports: the supervisor (which starts before Django) and the settings
both rely on it.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
SERVICES_ENV_NAME = "services.env"


def data_dir() -> Path:
    """Where the embedded servers keep their files (`.data/` in the project by default)."""
    return Path(os.environ.get("RAPPORT_DATA_DIR", BASE_DIR / ".data")).resolve()


def read_env_file(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


def service_url(name: str, default: str) -> str:
    """DATABASE_URL / REDIS_URL: the environment first, then the running supervisor's
    `.data/services.env` (so `manage.py` in another shell reaches `make run`'s servers)."""
    if os.environ.get(name):
        return os.environ[name]
    return read_env_file(data_dir() / SERVICES_ENV_NAME).get(name, default)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def redis_url_with_db(url: str, db: int) -> str:
    """The same Redis server with another logical database (tests use their own)."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))
