"""Settings from the environment: a bad value stops start-up and names the variable."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from nidaa.core import env


@pytest.mark.parametrize("raw", ["maybe", "2", "enabled", "yes please"])
def test_envbool_refuses_a_word_it_does_not_know(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("NIDAA_TEST_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="NIDAA_TEST_FLAG"):
        env.envbool("NIDAA_TEST_FLAG", False)


@pytest.mark.parametrize(
    ("raw", "expected"), [("on", True), ("TRUE", True), ("1", True), ("off", False), ("", False)]
)
def test_envbool_reads_the_documented_words(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("NIDAA_TEST_FLAG", raw)
    assert env.envbool("NIDAA_TEST_FLAG", not expected) is expected


def test_envbool_falls_back_to_the_default_when_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NIDAA_TEST_FLAG", raising=False)
    assert env.envbool("NIDAA_TEST_FLAG", True) is True


@pytest.mark.parametrize("raw", ["eight", "8.5", "0x10", "8 workers"])
def test_envint_refuses_what_is_not_a_whole_number(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("PORT", raw)
    with pytest.raises(ImproperlyConfigured, match="PORT"):
        env.envint("PORT", 8000)


def test_envint_refuses_a_number_below_its_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIDAA_PAGE_CACHE_SECONDS", "-1")
    with pytest.raises(ImproperlyConfigured, match="NIDAA_PAGE_CACHE_SECONDS must be at least 0"):
        env.envint("NIDAA_PAGE_CACHE_SECONDS", 30, minimum=0)


def test_envint_reads_a_number_and_defaults_when_blank(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", " 8080 ")
    assert env.envint("PORT", 8000) == 8080
    monkeypatch.setenv("PORT", "")
    assert env.envint("PORT", 8000) == 8000


@pytest.mark.parametrize("raw", ["yes", "true", "1", "disabled"])
def test_envswitch_accepts_only_on_and_off(monkeypatch: pytest.MonkeyPatch, raw: str) -> None:
    monkeypatch.setenv("NIDAA_BOT_CHALLENGE", raw)
    with pytest.raises(ImproperlyConfigured, match="NIDAA_BOT_CHALLENGE"):
        env.envswitch("NIDAA_BOT_CHALLENGE", "on")


def test_envswitch_reads_on_and_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIDAA_BOT_CHALLENGE", " OFF ")
    assert env.envswitch("NIDAA_BOT_CHALLENGE", "on") is False
    monkeypatch.delenv("NIDAA_BOT_CHALLENGE")
    assert env.envswitch("NIDAA_BOT_CHALLENGE", "on") is True


def test_envstr_reads_a_secret_from_the_file_named_by_the_file_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret = tmp_path / "secret"
    secret.write_text("from-the-file\n")
    monkeypatch.setenv("SECRET_KEY", "from-the-variable")
    monkeypatch.setenv("SECRET_KEY_FILE", str(secret))
    assert env.envstr("SECRET_KEY") == "from-the-file"


def test_envlist_drops_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", " a.example.org, ,b.example.org,")
    assert env.envlist("ALLOWED_HOSTS") == ["a.example.org", "b.example.org"]


def test_email_url_defaults_to_the_console() -> None:
    for url in ("", "console:", "console://"):
        assert env.email_settings(url) == {
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
        }


def test_email_url_plain_smtp_with_a_port() -> None:
    parsed = env.email_settings("smtp://mail.internal:2525")
    assert parsed["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (parsed["EMAIL_HOST"], parsed["EMAIL_PORT"]) == ("mail.internal", 2525)
    assert (parsed["EMAIL_USE_TLS"], parsed["EMAIL_USE_SSL"]) == (False, False)
    assert (parsed["EMAIL_HOST_USER"], parsed["EMAIL_HOST_PASSWORD"]) == ("", "")


def test_email_url_starttls_with_an_escaped_password() -> None:
    parsed = env.email_settings("smtp+tls://campaign%40example.org:p%40ss%3Aword@smtp.example.org")
    assert (parsed["EMAIL_HOST"], parsed["EMAIL_PORT"]) == ("smtp.example.org", 587)
    assert parsed["EMAIL_HOST_USER"] == "campaign@example.org"
    assert parsed["EMAIL_HOST_PASSWORD"] == "p@ss:word"
    assert (parsed["EMAIL_USE_TLS"], parsed["EMAIL_USE_SSL"]) == (True, False)


def test_email_url_implicit_tls_and_a_sender() -> None:
    parsed = env.email_settings("smtps://u:p@smtp.example.org?from=Nidaa%20%3Cno@example.org%3E")
    assert (parsed["EMAIL_PORT"], parsed["EMAIL_USE_SSL"], parsed["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )
    assert parsed["DEFAULT_FROM_EMAIL"] == "Nidaa <no@example.org>"


def test_email_url_plain_smtp_defaults_to_port_25() -> None:
    assert env.email_settings("smtp://localhost")["EMAIL_PORT"] == 25


@pytest.mark.parametrize(
    "url", ["http://mail.example.org", "smtp:/", "smtp://", "mailto:a@b", "smtp+ssl://x"]
)
def test_a_bad_email_url_names_the_variable(url: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        env.email_settings(url)
