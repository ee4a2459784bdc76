"""The one way a document becomes a PDF: a Django template rendered to HTML, then WeasyPrint.

WeasyPrint would otherwise fetch whatever the HTML names (``file:`` paths, any host on the
network), and documents carry text that users typed. So it gets a fetcher that reads only
the portal's own static files from disk and ``data:`` URIs; the network is never used.
"""

import base64
import binascii
import logging
import mimetypes
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

import segno
import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs need a base; the reserved .invalid domain (RFC 2606) never resolves, so
# nothing resolved against it can reach a network even if a fetcher slipped.
DEFAULT_BASE_URL = "https://portal.invalid/"

DEFAULT_PORTS = {"http": 80, "https": 443}
COMMAND_TIMEOUT = 60
# Signed documents are kept for decades (orders on staff: 50 or 75 years), so they are written
# as PDF/A-3: fonts embedded, colours and metadata self-contained, Unicode text extractable.
ARCHIVAL_VARIANT = "pdf/a-3u"


class FetchRefusedError(ValueError):
    """A URL that the PDF renderer may not read."""


def render_pdf(template_name: str, context: dict, *, base_url: str | None = None, archival: bool = False) -> bytes:
    """Renders the named template (autoescaped) and typesets it as a PDF."""
    return html_to_pdf(render_to_string(template_name, context), base_url=base_url, archival=archival)


def render_pdf_from_template(template, context, *, base_url: str | None = None, archival: bool = False) -> bytes:
    """The same for a template object already at hand (``Template.render(context)``)."""
    return html_to_pdf(template.render(context), base_url=base_url, archival=archival)


def html_to_pdf(html: str, *, base_url: str | None = None, archival: bool = False) -> bytes:
    return htmls_to_pdf([html], base_url=base_url, archival=archival)


def htmls_to_pdf(htmls: list[str], *, base_url: str | None = None, archival: bool = False) -> bytes:
    """One PDF of several HTML documents, each laid out on its own pages (a document and its
    appendices); the first one's metadata (title, language) is the PDF's."""
    base_url = base_url or DEFAULT_BASE_URL
    font_config = FontConfiguration()
    rendered = [
        weasyprint.HTML(string=html, base_url=base_url, url_fetcher=PortalURLFetcher(base_url)).render(
            font_config=font_config
        )
        for html in htmls
    ]
    pages = [page for document in rendered for page in document.pages]
    options = {"pdf_variant": ARCHIVAL_VARIANT} if archival else {}
    return rendered[0].copy(pages).write_pdf(**options)


class PortalURLFetcher(URLFetcher):
    """WeasyPrint 70 wants a ``URLFetcher`` (it reads private attributes of it); this one
    only delegates to :func:`portal_url_fetcher`."""

    def __init__(self, base_url: str = DEFAULT_BASE_URL):
        super().__init__(allowed_protocols=("data", "http", "https"))
        self.base_url = base_url

    def fetch(self, url, headers=None):
        return portal_url_fetcher(url, base_url=self.base_url)


def portal_url_fetcher(url: str, headers=None, *, base_url: str | None = None) -> URLFetcherResponse:
    """Serves ``<STATIC_URL>path`` (relative, or absolute on the portal's base URL) from the
    static files on disk and decodes ``data:`` URIs; raises FetchRefusedError for anything else."""
    if url[:5].lower() == "data:":
        return _data_response(url)
    name = _static_name(url, base_url or DEFAULT_BASE_URL)
    path = _static_file(name)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": content_type})


def _refuse(reason: str, detail: str = "") -> FetchRefusedError:
    # Only the reason and the scheme or host are logged: paths and queries may carry names.
    logger.warning("PDF renderer refused a URL: %s %s", reason, detail)
    return FetchRefusedError(f"refused: {reason}")


def _origin(parts) -> tuple:
    return parts.scheme, parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme)


def _static_name(url: str, base_url: str) -> str:
    """The static file's name (``css/print.css``) that a URL points at."""
    try:
        target = urlsplit(urljoin(base_url, url))
        static = urlsplit(urljoin(base_url, settings.STATIC_URL))
        same_origin = _origin(target) == _origin(static) and not (target.username or target.password)
    except ValueError:  # a malformed IPv6 host or port
        raise _refuse("malformed URL") from None
    if target.scheme not in DEFAULT_PORTS:
        raise _refuse("scheme not allowed", target.scheme)
    if not same_origin:
        raise _refuse("not the portal's address", target.hostname or "")
    if not target.path.startswith(static.path):
        raise _refuse("outside STATIC_URL")
    name = unquote(target.path.removeprefix(static.path))
    if not _is_plain_name(name):
        raise _refuse("path traversal or odd path")
    return name


def _is_plain_name(name: str) -> bool:
    # A «%» left after one unquote means double encoding (%252e%252e): refused, not decoded again.
    if not name or any(char in name for char in "\\%\x00"):
        return False
    return all(part not in {"", ".", ".."} for part in name.split("/"))


def _static_file(name: str) -> Path:
    found = finders.find(name)
    if found and Path(found).is_file():
        return Path(found)
    # After collectstatic with a manifest storage, {% static %} names hashed copies
    # (print.3f2a9c.css) that exist only in STATIC_ROOT.
    if settings.STATIC_ROOT:
        collected = Path(safe_join(settings.STATIC_ROOT, name))
        if collected.is_file():
            return collected
    raise _refuse("no such static file")


def _data_response(url: str) -> URLFetcherResponse:
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise _refuse("malformed data URI", "data")
    params = header.split(";")
    is_base64 = params[-1].strip().lower() == "base64"
    if is_base64:
        params.pop()
    try:
        body = unquote_to_bytes(payload)
        if is_base64:
            body = base64.b64decode(b"".join(body.split()), validate=True)
    except binascii.Error:
        raise _refuse("malformed data URI", "data") from None
    content_type = ";".join([params[0] or "text/plain", *params[1:]])
    return URLFetcherResponse(url, body, headers={"Content-Type": content_type})


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` (the public verification link) as an SVG ``data:`` URI."""
    return segno.make(text, error="m", micro=False).svg_data_uri(scale=4, border=0)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text with its layout kept, by poppler's pdftotext."""
    return _poppler("pdftotext", "-layout", "-enc", "UTF-8", "-", "-", pdf=pdf).decode()


def pdf_first_page_png(pdf: bytes, path) -> Path:
    """Writes the first page as a 60 dpi PNG to ``path`` and returns the path."""
    path = Path(path)
    path.write_bytes(_poppler("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-", pdf=pdf))
    return path


def _poppler(command: str, *args: str, pdf: bytes) -> bytes:
    executable = shutil.which(command)
    if executable is None:
        raise FileNotFoundError(f"{command} is not installed (Debian package poppler-utils)")
    result = subprocess.run(  # noqa: S603 — fixed arguments, the PDF goes through stdin
        [executable, *args], input=pdf, capture_output=True, check=True, timeout=COMMAND_TIMEOUT
    )
    return result.stdout
