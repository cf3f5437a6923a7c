"""Strict readers for settings that come from environment variables.

A typo in a deployment's environment should stop the process at start-up with a message that
names the variable, not run with a silently different configuration.
"""

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str = "") -> str:
    """Return a variable, or the contents of the file named by NAME_FILE (for secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be on/off (or true/false, 1/0), not {raw!r}")


def envint(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def envlist(name: str, default: str = "") -> list[str]:
    """A comma-separated list, with blanks dropped."""
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


def envswitch(name: str, default: str) -> bool:
    """An on/off switch that accepts only the two words the README documents."""
    raw = os.environ.get(name, default).strip().lower()
    if raw not in {"on", "off"}:
        raise ImproperlyConfigured(f"{name} must be 'on' or 'off', not {raw!r}")
    return raw == "on"


def secret_key(path: Path) -> str:
    """SECRET_KEY from the environment, else from a private file made on first run."""
    key = envstr("SECRET_KEY")
    if key:
        return key
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def email_settings(url: str) -> dict[str, Any]:
    """Translate EMAIL_URL into Django's EMAIL_* settings.

    Forms: ``console:`` (the default), ``smtp://host:port``, ``smtp+tls://user:pass@host:587``
    (STARTTLS), ``smtps://user:pass@host:465`` (TLS from the start). ``?from=`` sets the sender.
    """
    if url in ("", "console:", "console://"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    schemes = {"smtp": (False, False), "smtp+tls": (True, False), "smtps": (False, True)}
    if parts.scheme not in schemes:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with console:, smtp://, smtp+tls:// or smtps://, not {url!r}"
        )
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL has no host: {url!r}")
    use_tls, use_ssl = schemes[parts.scheme]
    settings: dict[str, Any] = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if use_ssl else 587 if use_tls else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": 20,
    }
    sender = parse_qs(parts.query).get("from")
    if sender:
        settings["DEFAULT_FROM_EMAIL"] = sender[0]
    return settings
