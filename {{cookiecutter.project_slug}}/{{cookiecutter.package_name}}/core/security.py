"""Proxy trust, request size limits and security headers."""

from flask import Flask, Response, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}
HSTS = "max-age=31536000"


def init_app(app: Flask) -> None:
    """Apply the size and header policies to every request."""
    app.before_request(reject_oversized_body)
    app.after_request(add_security_headers)


def trust_proxies(app: Flask, hops: int) -> None:
    """Believe X-Forwarded-For, -Proto and -Host from exactly ``hops`` proxies.

    X-Forwarded-Port and -Prefix stay untrusted: the documented nginx settings
    do not overwrite them, so a client could forge them.
    """
    if hops:
        proxied = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.wsgi_app = proxied  # type: ignore[method-assign]


def reject_oversized_body() -> None:
    """Answer 413 for a declared body over the limit before reading any of it."""
    limit = request.max_content_length
    if limit is not None and (request.content_length or 0) > limit:
        abort(413)


def add_security_headers(response: Response) -> Response:
    """Add the lock-down headers browsers need, except those a view set itself."""
    wanted = list(SECURITY_HEADERS.items())
    if request.is_secure:
        wanted.append(("Strict-Transport-Security", HSTS))
    # One pass over the names: Headers.setdefault raises and catches an
    # exception for each header not yet set, which tripled this hook's cost.
    present = {name.lower() for name, _ in response.headers}
    response.headers.extend(
        (name, value) for name, value in wanted if name.lower() not in present
    )
    return response
