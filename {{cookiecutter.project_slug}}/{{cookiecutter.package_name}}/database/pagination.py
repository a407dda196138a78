"""Pages of query results: the query string a list endpoint takes, and the
envelope it answers with."""

from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select

from .models import MAX_ID, db

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100
# Every row the query matches, counted on each row before the page is cut.
TOTAL = func.count().over()


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
    """The page of ``query``'s rows that ``asked`` names, with the counts.

    The page and the total are one query, which saves a round trip; the
    database reads every matching row before it cuts the page, as counting
    them takes anyway. Not for a DISTINCT query, whose duplicates the window
    would count.
    """
    per_page = min(asked.per_page, MAX_PER_PAGE)
    offset = (asked.page - 1) * per_page
    counted = query.add_columns(TOTAL).offset(offset).limit(per_page)
    rows = db.session.execute(counted).all()
    if rows:
        total = rows[0][1]
    else:
        # An empty list, or a page past its end: only the count is left to read.
        whole = select(func.count()).select_from(query.order_by(None).subquery())
        total = db.session.scalar(whole) or 0
    return {
        "items": [row[0] for row in rows],
        "page": asked.page,
        "per_page": per_page,
        "total": total,
        "pages": -(-total // per_page),
    }
