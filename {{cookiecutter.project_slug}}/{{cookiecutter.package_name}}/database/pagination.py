"""Pages of query results: the query string a list endpoint takes, and the
envelope it answers with."""

from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select

from .models import MAX_ID, db

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100


class PageQuery(BaseModel):
    """Which page of a list to answer."""

    page: int = Field(1, ge=1, le=MAX_ID, description="The page, counting from 1.")
    per_page: int = Field(
        DEFAULT_PER_PAGE,
        ge=1,
        le=MAX_ID,
        description=f"Items per page; more than {MAX_PER_PAGE} counts as {MAX_PER_PAGE}.",
    )


class Page(BaseModel):
    """One page of a list, with the counts a client needs to fetch the rest;
    each list adds its ``items``."""

    page: int
    per_page: int
    total: int = Field(description="How many items the whole list has.")
    pages: int = Field(description="How many pages the whole list has.")


def page_of(query: Select[Any], asked: PageQuery) -> dict[str, Any]:
    """The page of ``query``'s rows that ``asked`` names, with the counts."""
    per_page = min(asked.per_page, MAX_PER_PAGE)
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(counted) or 0
    pages = -(-total // per_page)
    items: list[Any] = []
    if asked.page <= pages:
        offset = (asked.page - 1) * per_page
        items = list(db.session.scalars(query.offset(offset).limit(per_page)))
    return {
        "items": items,
        "page": asked.page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
    }
