import os
import secrets
import subprocess

from tests.processes import PYTHON


def production_environment() -> dict[str, str]:
    # The browser tests' async-unsafe switch is for this test process only, not a deployment.
    return {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}


def test_production_settings_pass_the_deploy_check_at_warning_level():
    env = {
        **production_environment(),
        "DJANGO_SETTINGS_MODULE": "irm.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "rapport.example.com",
    }

    result = subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {
        **production_environment(),
        "DJANGO_SETTINGS_MODULE": "irm.settings.production",
        "SECRET_KEY": "",
    }

    result = subprocess.run(
        [PYTHON, "manage.py", "check"], env=env, capture_output=True, text=True, check=False
    )

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
