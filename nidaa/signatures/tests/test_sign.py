"""Signing the statement: the forms, what is stored, and what nobody can learn from the answer."""

import threading
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django_tasks_db.models import DBTaskResult

from nidaa.campaigns.models import Campaign
from nidaa.signatures.models import Signature
from nidaa.signatures.tests.sign_helpers import (
    CHECK_EMAIL_URL,
    SIGN_URL,
    individual,
    organisation,
    queued_mail,
)
from nidaa.testing.base import Supporter

pytestmark = pytest.mark.django_db

EN_SIGN = SIGN_URL.format(language="en")
AR_SIGN = SIGN_URL.format(language="ar")


def test_the_sign_page_shows_both_forms_individual_first(
    client: Client, demo_campaign: Campaign
) -> None:
    html = client.get(EN_SIGN).content.decode()
    assert html.index('name="email"') < html.index('name="org-email"')
    assert 'name="org-organisation_type"' in html
    assert '<option value="SY">Syria</option>' in html


def test_the_country_list_is_in_arabic_on_arabic_pages(
    client: Client, demo_campaign: Campaign
) -> None:
    html = client.get(AR_SIGN).content.decode()
    assert '<option value="SY">سوريا</option>' in html
    assert html.index("أفغانستان") < html.index("اليمن")


def test_an_individual_signs_and_is_sent_to_check_their_email(
    client: Client, demo_campaign: Campaign, supporter: Supporter
) -> None:
    data = individual(supporter, city="Leeds", show_publicly="on")
    response = client.post(EN_SIGN, data)

    assert response.status_code == 302
    assert response["Location"] == CHECK_EMAIL_URL.format(language="en")
    signature = Signature.objects.get()
    assert signature.kind == Signature.Kind.INDIVIDUAL
    assert (signature.name, signature.email, signature.country) == (
        supporter.name,
        supporter.email,
        supporter.country,
    )
    assert signature.city == "Leeds" and signature.show_publicly and not signature.keep_informed
    assert signature.language == "en" and signature.ip_hash and not signature.verified_at
    assert queued_mail() == [signature.pk]


def test_an_organisation_signs_with_its_contact_person(
    client: Client, demo_campaign: Campaign, supporter: Supporter
) -> None:
    response = client.post(AR_SIGN, organisation(supporter))

    assert response.status_code == 302
    signature = Signature.objects.get()
    assert signature.kind == Signature.Kind.ORGANISATION
    assert signature.organisation_name == supporter.organisation
    assert signature.organisation_type == "ngo"
    assert signature.name == supporter.name and signature.email == supporter.email
    assert signature.website == "https://solidarity.example.org/"
    assert signature.language == "ar" and signature.approved_at is None
    assert queued_mail() == [signature.pk]


def test_a_name_in_arabic_script_is_kept_as_typed(client: Client, demo_campaign: Campaign) -> None:
    client.post(AR_SIGN, individual(name="سميرة حداد", city="حلب", country="SY"))
    signature = Signature.objects.get()
    assert (signature.name, signature.city, signature.country) == ("سميرة حداد", "حلب", "SY")


def test_the_opt_ins_are_off_unless_ticked(client: Client, demo_campaign: Campaign) -> None:
    html = client.get(EN_SIGN).content.decode()
    assert 'name="show_publicly"' in html and "checked>" not in html
    client.post(EN_SIGN, individual())
    signature = Signature.objects.get()
    assert not signature.show_publicly and not signature.keep_informed


def test_validation_errors_keep_what_was_typed_and_are_in_arabic(
    client: Client, demo_campaign: Campaign
) -> None:
    response = client.post(AR_SIGN, individual(name="سميرة", email="not-an-address", country=""))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="سميرة"' in html and 'value="not-an-address"' in html
    assert "أدخِل عنوان بريد إلكتروني صحيح" in html  # Django's own Arabic catalog
    assert 'aria-invalid="true"' in html and 'role="alert"' in html
    assert not Signature.objects.exists() and not queued_mail()


def test_an_invalid_organisation_form_keeps_its_input(
    client: Client, demo_campaign: Campaign
) -> None:
    response = client.post(
        EN_SIGN, organisation(None, **{"org-organisation_type": "", "org-name": ""})
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Idlib Solidarity Network"' in html
    assert 'id="id_org-name_error"' in html
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "SAMIRA@EXAMPLE.ORG",
        "  samira@example.org  ",
        "Samira@Example.Org",
        "ｓａｍｉｒａ@ｅｘａｍｐｌｅ.ｏｒｇ",  # full-width letters: NFKC makes them ASCII
    ],
)
def test_it_rejects_a_second_signature_with_the_same_email(
    client: Client, demo_campaign: Campaign, typed: str
) -> None:
    client.post(EN_SIGN, individual(email="samira@example.org"))
    response = client.post(EN_SIGN, individual(email=typed))

    assert response.status_code == 302
    assert Signature.objects.count() == 1
    # The owner is owed mail (verify, or "you already signed"): one, as it has not gone yet.
    assert queued_mail() == [Signature.objects.get().pk]


def _answer(response: Any) -> tuple[int, dict[str, str], bytes]:
    headers = {k: v for k, v in response.headers.items() if k.lower() != "date"}
    return response.status_code, headers, response.content


def test_the_answer_is_the_same_whether_the_address_had_signed_or_not(
    demo_campaign: Campaign,
) -> None:
    Client().post(EN_SIGN, individual(email="known@example.org"))

    known = Client().post(EN_SIGN, individual(email="known@example.org"))
    unknown = Client().post(EN_SIGN, individual(email="unknown@example.org"))

    assert _answer(known) == _answer(unknown)
    assert not known.cookies and not unknown.cookies
    known_page = Client().get(known["Location"])
    unknown_page = Client().get(unknown["Location"])
    assert _answer(known_page) == _answer(unknown_page)


def test_a_filled_honeypot_pretends_success_and_stores_nothing(
    client: Client, demo_campaign: Campaign
) -> None:
    response = client.post(EN_SIGN, individual(website_url="https://spam.example/"))
    assert response.status_code == 302
    assert response["Location"] == CHECK_EMAIL_URL.format(language="en")
    assert not Signature.objects.exists() and not queued_mail()


def test_the_honeypot_is_hidden_from_people_and_screen_readers(
    client: Client, demo_campaign: Campaign
) -> None:
    html = client.get(EN_SIGN).content.decode()
    hidden = html.index("<div hidden>")
    assert hidden < html.index('name="website_url"') < html.index("</div>", hidden)
    assert 'tabindex="-1"' in html


def test_signing_is_rate_limited_per_address_with_the_input_kept(
    client: Client, demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_SIGN_RATE = "2/3600"
    for number in range(2):
        assert client.post(EN_SIGN, individual(email=f"s{number}@example.org")).status_code == 302

    response = client.post(AR_SIGN, individual(name="سميرة", email="third@example.org"))

    assert response.status_code == 429
    html = response.content.decode()
    assert 'value="سميرة"' in html and 'value="third@example.org"' in html
    assert 'role="alert"' in html
    assert Signature.objects.count() == 2


def test_signing_is_rate_limited_per_email_whatever_the_network_address(
    demo_campaign: Campaign, settings: Any
) -> None:
    settings.NIDAA_SIGN_EMAIL_RATE = "2/3600"
    data = individual(email="SAMIRA@example.org")
    statuses = [
        Client(REMOTE_ADDR=f"203.0.113.{n}").post(EN_SIGN, data).status_code for n in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert Signature.objects.count() == 1


def test_the_sign_form_sets_no_cookie_and_its_page_is_cached(
    client: Client, demo_campaign: Campaign
) -> None:
    first = client.get(EN_SIGN)
    assert not first.cookies and "csrfmiddlewaretoken" not in first.content.decode()
    Campaign.objects.filter(pk=demo_campaign.pk).update(status=Campaign.Status.ARCHIVED)
    assert client.get(EN_SIGN).status_code == 200  # served from the page cache


def test_the_campaign_page_embeds_the_form_and_stays_cacheable(
    client: Client, demo_campaign: Campaign
) -> None:
    page = client.get("/en/c/save-idlib/")
    html = page.content.decode()
    assert 'action="/en/c/save-idlib/sign/#sign-individual"' in html
    assert 'href="/en/c/save-idlib/sign/#sign-organisation"' in html
    assert "signatures/sign.js" in html and " defer" in html
    assert not page.cookies and "nonce-" not in page["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
def test_signing_writes_one_row_and_queues_no_task(
    demo_campaign: Campaign, django_assert_num_queries: Any
) -> None:
    Client().post(EN_SIGN, individual(email="first@example.org"))  # the campaign is now cached
    with django_assert_num_queries(1) as captured:
        response = Client().post(EN_SIGN, individual(email="second@example.org"))
    assert response.status_code == 302
    assert captured.captured_queries[0]["sql"].startswith("INSERT")
    assert not DBTaskResult.objects.exists()
    assert len(queued_mail()) == 2


def test_closing_a_campaign_stops_signing_at_once(client: Client, demo_campaign: Campaign) -> None:
    assert client.post(EN_SIGN, individual(email="first@example.org")).status_code == 302
    demo_campaign.status = Campaign.Status.ARCHIVED
    demo_campaign.save()  # purges the public pages, and the cached campaign with them

    assert client.post(EN_SIGN, individual(email="second@example.org")).status_code == 404
    assert Signature.objects.count() == 1


def test_a_campaign_that_is_not_live_cannot_be_signed(
    client: Client, demo_campaign: Campaign
) -> None:
    Campaign.objects.filter(pk=demo_campaign.pk).update(status=Campaign.Status.DRAFT)
    assert client.post(EN_SIGN, individual()).status_code == 404
    assert not Signature.objects.exists()


def in_memory_sqlite() -> bool:
    name = str(connection.settings_dict["NAME"])
    return connection.vendor == "sqlite" and (name == ":memory:" or "mode=memory" in name)


@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_with_the_same_email_leaves_one_signature(
    demo_campaign: Campaign, settings: Any
) -> None:
    if in_memory_sqlite():
        # Threads sharing SQLite's in-memory test database get "table is locked" at once
        # instead of waiting (busy_timeout does not apply to its shared cache); a file
        # database, as in production, waits. Give SQLite's test database a file name
        # (DATABASES["default"]["TEST"]["NAME"]) and this runs on SQLite too.
        pytest.skip("needs PostgreSQL or a file-backed SQLite test database")
    settings.NIDAA_SIGN_EMAIL_RATE = "100/3600"
    barrier = threading.Barrier(6)
    statuses: list[int] = []

    def sign(number: int) -> None:
        client = Client(REMOTE_ADDR=f"198.51.100.{number}")
        email = "Samira@Example.org" if number % 2 else "samira@example.org"
        try:
            barrier.wait()
            statuses.append(client.post(EN_SIGN, individual(email=email)).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [302] * 6
    assert Signature.objects.count() == 1
    assert set(queued_mail()) == {Signature.objects.get().pk}
