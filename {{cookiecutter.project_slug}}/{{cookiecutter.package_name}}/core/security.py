"""Proxy trust and the security headers (added by middleware.py)."""

from flask import Flask
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


def trust_proxies(app: Flask, hops: int) -> None:
    """Believe X-Forwarded-For, -Proto and -Host from exactly ``hops`` proxies.

    X-Forwarded-Port and -Prefix stay untrusted: the documented nginx settings
    do not overwrite them, so a client could forge them.
    """
    if hops:
        proxied = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
        app.wsgi_app = proxied  # type: ignore[method-assign]
