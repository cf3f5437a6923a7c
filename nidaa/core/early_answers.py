"""Answers given before Django builds a request: a WSGI middleware around the site.

When a campaign goes viral, most requests are reloads of the same few public pages and the
counter every open page polls. Those are answered from the cache; the look-up itself is cheap,
but going through Django first (its request object, the request signals, the middleware, a new
HttpResponse) cost more than the look-up. Here each *answerer* looks at the raw WSGI environ
and either answers (status line, headers, body) or says nothing, and then the next one is
asked; a request nobody answers goes to Django unchanged. A caching proxy in front of the site
would do the same, and no operator has to run one.

Answerers only answer what Django would have answered the same way (a current cache entry);
anything else, including every miss, is Django's.
"""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

Environ = dict[str, Any]
StartResponse = Callable[..., Any]
WSGIApplication = Callable[[Environ, StartResponse], Iterable[bytes]]
# A status line ("200 OK"), the headers, the body.
Answer = tuple[str, list[tuple[str, str]], bytes]
Answerer = Callable[[Environ], Answer | None]


class EarlyAnswers:
    def __init__(self, application: WSGIApplication, answerers: Sequence[Answerer]) -> None:
        self.application = application
        self.answerers = tuple(answerers)

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        for answerer in self.answerers:
            answer = answerer(environ)
            if answer is not None:
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.application(environ, start_response)
