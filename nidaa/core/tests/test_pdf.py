"""The PDF renderer fetches nothing but the app's static files: SECURITY.md's bar.

A real HTTP server on 127.0.0.1 counts every request; hostile URLs in user text (escaped by
the template) and in a template itself (raw HTML) must make 0 requests and leak no file.
"""

import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from nidaa.core.pdf import STATIC_BASE, RefusedURL, StaticOnlyFetcher, render_pdf, static_file


class CountingServer(ThreadingHTTPServer):
    requests: list[str]


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[CountingServer]:
    httpd = CountingServer(("127.0.0.1", 0), Handler)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def hostile_urls(port: int) -> list[str]:
    local = f"http://127.0.0.1:{port}"
    return [
        f"{local}/img.png",
        f"{local}/style.css",
        f"//127.0.0.1:{port}/protocol-relative.png",
        f"http://localhost:{port}/by-name.png",
        f"http://0x7f000001:{port}/hex.png",
        f"{STATIC_BASE}static/../../../../etc/passwd",
        f"{STATIC_BASE}static/%2e%2e/%2e%2e/etc/passwd",
        f"{STATIC_BASE}static//etc/passwd",
        f"https://nidaa-static.invalid:{port}/static/core/css/base.css",
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "/etc/passwd",
        "../../../../etc/passwd",
        f"ftp://127.0.0.1:{port}/x",
    ]


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def template_with(urls: list[str]) -> str:
    parts = []
    for url in urls:
        parts += [
            f'<img src="{url}" alt="">',
            f'<link rel="stylesheet" href="{url}">',
            f"<div style=\"background: url('{url}')\">x</div>",
            f'<object data="{url}"></object><embed src="{url}">',
            f'<iframe src="{url}"></iframe><svg><image href="{url}"/></svg>',
        ]
    style = "".join(f"@import url('{url}');" for url in urls)
    faces = "".join(
        f"@font-face {{ font-family: F{i}; src: url('{url}'); }}" for i, url in enumerate(urls)
    )
    return (
        f"<html><head><style>{style}{faces} p {{ font-family: F0, F1 }}</style>"
        f'<base href="http://127.0.0.1/"></head><body><p>Template text</p>{"".join(parts)}</body></html>'
    )


def test_hostile_urls_in_a_template_make_no_request_and_leak_no_file(
    server: CountingServer,
) -> None:
    fetcher = StaticOnlyFetcher()

    pdf = render_pdf(template_with(hostile_urls(server.server_port)), fetcher)

    assert server.requests == []
    assert pdf.startswith(b"%PDF")
    assert "Template text" in text_of(pdf)
    assert "root:" not in text_of(pdf) and b"root:x:0:0" not in pdf
    assert len(fetcher.refused) >= len(hostile_urls(server.server_port))


def test_hostile_urls_in_user_text_are_escaped_and_fetch_nothing(server: CountingServer) -> None:
    user_text = "".join(template_with(hostile_urls(server.server_port)).split("<body>")[1:])
    html = Template("<html><body><p>{{ name }}</p></body></html>").render(
        Context({"name": user_text})
    )

    pdf = render_pdf(html)

    assert server.requests == []
    assert "<img src=" in text_of(pdf).replace("\n", "")  # shown as text, not obeyed


def test_the_counting_server_would_have_seen_a_request(server: CountingServer) -> None:
    # The control: WeasyPrint's own fetcher does reach the server, so 0 above means refused.
    from weasyprint import HTML

    url = f"http://127.0.0.1:{server.server_port}/img.png"
    HTML(string=f'<img src="{url}">').write_pdf()

    assert server.requests == ["/img.png"]


def test_static_files_and_data_urls_are_served() -> None:
    fetcher = StaticOnlyFetcher()
    pixel = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    html = (
        f'<link rel="stylesheet" href="/static/core/css/base.css"><img src="{pixel}" alt="">'
        "<p>Static</p>"
    )

    render_pdf(html, fetcher)

    assert fetcher.refused == []


def test_static_file_resolves_only_plain_paths_under_static() -> None:
    assert static_file(f"{STATIC_BASE}static/core/css/base.css").name == "base.css"
    for url in [
        f"{STATIC_BASE}static/../nidaa/settings.py",
        f"{STATIC_BASE}static/core/css/../../../../../etc/passwd",
        f"{STATIC_BASE}static/core/css/base.css?x=1",
        f"{STATIC_BASE}static/%00",
        f"{STATIC_BASE}static/nope.css",
        f"{STATIC_BASE}media/x.png",
        "https://example.org/static/core/css/base.css",
    ]:
        with pytest.raises(RefusedURL):
            static_file(url)


def test_a_static_file_outside_the_static_folders_is_not_found(tmp_path: Path) -> None:
    (tmp_path / "secret.css").write_text("secret")
    with pytest.raises(RefusedURL):
        static_file(f"{STATIC_BASE}static/{tmp_path}/secret.css")
