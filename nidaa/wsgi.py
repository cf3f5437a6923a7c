"""The site as a WSGI application, for gunicorn (see `manage.py serve`)."""

import os

from django.core.wsgi import get_wsgi_application

from nidaa.core.early_answers import EarlyAnswers

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nidaa.settings")


def make_application() -> EarlyAnswers:
    """Django's handler behind the early answers: count.json and the stored public pages are
    answered from the cache before Django builds a request (nidaa/core/early_answers.py)."""
    django_application = get_wsgi_application()  # sets Django up first
    from nidaa.core.middleware import stored_page
    from nidaa.signatures.public import count_json_answer

    return EarlyAnswers(django_application, [count_json_answer, stored_page])


application = make_application()
