"""What beat's periodic cleanup deletes: exports past their retention."""

from collections.abc import Callable

from .exports import forget_old_exports

# Each deletes what is no longer needed and returns how many rows it deleted.
CLEANUPS: list[Callable[[], int]] = [forget_old_exports]
