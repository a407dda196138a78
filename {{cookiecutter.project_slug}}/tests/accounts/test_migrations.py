"""The e-mail migration adds verification to a database that holds accounts."""

from sqlalchemy import func, select, text

from {{ cookiecutter.package_name }}.accounts.models import EmailVerification
from {{ cookiecutter.package_name }}.database.models import db, utcnow


def test_existing_accounts_count_as_verified(app, flask_db):
    """Accounts made before e-mail arrived are verified by the upgrade."""
    with app.app_context():
        db.drop_all()
        flask_db("upgrade", "0005")
        now = utcnow().replace(tzinfo=None)
        with db.engine.begin() as connection:
            for email in ("ada@example.com", "bob@example.com"):
                connection.execute(
                    text(
                        "INSERT INTO users (email, password_hash, role, is_active, "
                        "token_version, created_at, updated_at) "
                        "VALUES (:email, '!', 'user', true, 0, :now, :now)"
                    ),
                    {"email": email, "now": now},
                )
        flask_db("upgrade")
        flask_db("check")
        verified = select(func.count()).select_from(EmailVerification)
        assert db.session.scalar(verified) == 2
        db.session.remove()
        flask_db("downgrade", "base")
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
