"""Views that only users with a given role may call."""

from collections.abc import Callable
from functools import wraps

from flask.typing import ResponseReturnValue
from flask_jwt_extended import current_user, jwt_required
from werkzeug.exceptions import Forbidden

ADMIN = "admin"

View = Callable[..., ResponseReturnValue]


def role_required(role: str) -> Callable[[View], View]:
    """Let signed-in users with ``role`` call the view; others get a 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        @jwt_required()
        def guarded(*args: object, **kwargs: object) -> ResponseReturnValue:
            if current_user.role != role:
                raise Forbidden(f"This needs the {role} role.")
            return view(*args, **kwargs)

        return guarded

    return decorator
