"""The browser origins of trusted front ends."""

import re
from typing import Annotated

from flask import Flask
from pydantic import BeforeValidator, Field
from pydantic_settings import NoDecode

from .settings import Settings

# A browser origin: scheme, host and optional port, nothing after; wildcard
# and regex characters would be taken for a pattern of origins.
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")
# Vite's development server, the usual local front end.
DEVELOPMENT_FRONT_END = "http://localhost:5173"


def origin_list(value: object) -> object:
    """Split the comma-separated origins and refuse any that is not one."""
    if not isinstance(value, str):
        return value
    origins = [origin.strip() for origin in value.split(",") if origin.strip()]
    for origin in origins:
        if origin == "*":
            raise ValueError(
                "must not be '*': the API accepts credentials, so list each "
                "front end's origin instead"
            )
        if not ORIGIN.fullmatch(origin):
            raise ValueError(
                f"must hold origins such as https://app.example.com, not {origin!r}"
            )
    return origins


class OriginSettings(Settings):
    """CORS_ORIGINS: the comma-separated origins of trusted front ends."""

    # NoDecode: the variable is a comma-separated list, not JSON.
    cors_origins: Annotated[list[str], NoDecode, BeforeValidator(origin_list)] = Field(
        default_factory=list
    )


def trusted_origins(app: Flask) -> list[str]:
    """CORS_ORIGINS, or in development the local front end when it is unset."""
    origins = OriginSettings.read().cors_origins
    if not origins and app.config["APP_ENV"] == "development":
        return [DEVELOPMENT_FRONT_END]
    return origins
