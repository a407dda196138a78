"""The session cookie: Flask's signed cookie, with its signer made once."""

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class SignedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, the same cookies, less work: the
    signer, which depends only on the keys, is made once rather than for
    every request, and a request without cookies reads none."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if app.secret_key and "HTTP_COOKIE" not in request.environ:
            return self.session_class()
        return super().open_session(app, request)

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        made = app.extensions.get("session_signer")
        if made is None or made[0] != keys:
            made = (keys, super().get_signing_serializer(app))
            app.extensions["session_signer"] = made
        signer: URLSafeTimedSerializer | None = made[1]
        return signer
