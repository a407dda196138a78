"""What beat's periodic cleanup deletes: exports past their retention, ended
logins whose tokens have expired, and login attempts that no longer count."""

from collections.abc import Callable

from ..auth.limits import forget_old_attempts
from ..auth.tokens import forget_expired_logins
from .exports import forget_old_exports

# Each deletes what is no longer needed and returns how many rows it deleted.
CLEANUPS: list[Callable[[], int]] = [
    forget_old_exports,
    forget_expired_logins,
    forget_old_attempts,
]
