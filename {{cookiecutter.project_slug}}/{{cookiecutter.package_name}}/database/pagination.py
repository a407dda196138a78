"""Pages of query results, as the list endpoints answer them."""

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, func, select

from ..core.validation import ValidationError, positive_int
from .models import db

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


def page_of(
    query: Select[Any], to_dict: Callable[[Any], dict[str, object]]
) -> dict[str, object]:
    """The page of ``query`` that ?page= and ?per_page= ask for, with the total."""
    errors: dict[str, str] = {}
    page = positive_int("page", 1, errors)
    per_page = min(positive_int("per_page", DEFAULT_PER_PAGE, errors), MAX_PER_PAGE)
    if errors:
        raise ValidationError(errors)
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(counted) or 0
    pages = -(-total // per_page)
    items = []
    if page <= pages:
        rows = db.session.scalars(query.offset((page - 1) * per_page).limit(per_page))
        items = [to_dict(row) for row in rows]
    return {
        "items": items,
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
    }
