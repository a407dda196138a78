"""The HTML pages."""

from flask import Blueprint, render_template

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str:
    """Render the front page."""
    return render_template("index.html")
