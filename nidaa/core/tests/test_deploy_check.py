"""Production settings pass Django's deployment checklist with no warning at all."""

import os
import re
import secrets
import subprocess
import sys

from django.conf import settings

# Variables of this shell that could change the outcome; the test states its own.
# DJANGO_ALLOW_ASYNC_UNSAFE is set by the test run for Playwright (see conftest.py), never in
# production.
SCRUBBED = {
    "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}  # fmt: skip


def run_deploy_check(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED and not k.startswith("NIDAA_")}
    env.update(SECRET_KEY=secrets.token_urlsafe(60), **environment)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def warning_ids(output: str) -> set[str]:
    return set(re.findall(r"\(([\w.]+\.W\d+)\)", output))


def test_production_settings_pass_check_deploy_with_no_warnings() -> None:
    result = run_deploy_check(NIDAA_HTTPS="on", ALLOWED_HOSTS="campaign.example.org")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no issues" in output
    assert not warning_ids(output)


def test_plain_http_settings_report_exactly_the_tls_warnings() -> None:
    # Proves the check above can fail: without NIDAA_HTTPS, Django names what TLS would fix.
    result = run_deploy_check(ALLOWED_HOSTS="campaign.example.org")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert warning_ids(output) == {"security.W008", "security.W012", "security.W016"}, output
