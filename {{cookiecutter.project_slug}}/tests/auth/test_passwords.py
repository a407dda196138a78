"""Which e-mails and passwords are accepted, and how passwords are stored."""

import pytest

from {{ cookiecutter.package_name }}.auth.credentials import (
    email_error,
    hash_password,
    password_error,
    password_matches,
)
from {{ cookiecutter.package_name }}.auth.models import User
from {{ cookiecutter.package_name }}.core.settings import ConfigError


@pytest.mark.parametrize(
    "email",
    ["ada@example.com", " Ada.Lovelace+notes@Mail.Example.org ", "x@a-b.io"],
)
def test_ordinary_addresses_are_accepted(email):
    """Dots, plus signs, subdomains, hyphens, capitals and spaces around are fine."""
    assert email_error(email) is None


@pytest.mark.parametrize(
    "email",
    [
        "ada",
        "ada@localhost",
        "ada@@example.com",
        "a da@example.com",
        "ada@-example.com",
        "ada\x00@example.com",
        "\ud800ada@example.com",
        f"{'a' * 65}@example.com",
        f"ada@{'a' * 250}.com",
    ],
)
def test_anything_else_is_refused(email):
    """No domain, a bad domain, spaces, controls or too long: refused."""
    assert email_error(email)


def test_passwords_between_8_characters_and_72_bytes_are_accepted():
    """The limits are inclusive, and bytes are counted in UTF-8."""
    assert password_error("8 chars!") is None
    assert password_error("a" * 72) is None
    assert password_error("é" * 36) is None


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("7 chars", "at least 8"),
        # Eight characters typed, four once the accents are composed.
        ("e\u0301" * 4, "at least 8"),
        ("a" * 73, "at most 72 bytes"),
        # 37 characters, but 74 bytes: bcrypt would silently ignore the end.
        ("é" * 37, "at most 72 bytes"),
        ("tab\there!", "control characters"),
        ("lone \ud800 surrogate", "valid Unicode"),
    ],
)
def test_other_passwords_are_refused_saying_why(password, says):
    """Each refusal explains itself."""
    assert says in (password_error(password) or "")


def test_hashes_are_salted_bcrypt_at_the_configured_cost(make_app):
    """BCRYPT_LOG_ROUNDS sets the cost; the same password hashes differently."""
    app = make_app(BCRYPT_LOG_ROUNDS="5")
    with app.app_context():
        first, second = hash_password("a password"), hash_password("a password")
    assert first.startswith("$2b$05$")
    assert first != second


@pytest.mark.parametrize("rounds", ["3", "32"])
def test_the_cost_must_be_one_bcrypt_allows(make_app, rounds):
    """bcrypt's cost runs from 4 to 31."""
    with pytest.raises(ConfigError, match="BCRYPT_LOG_ROUNDS must be at"):
        make_app(BCRYPT_LOG_ROUNDS=rounds)


def test_the_password_matches_however_its_accents_were_typed(app):
    """Composed and decomposed accents are the same password."""
    with app.app_context():
        password_hash = hash_password("café au lait")
    user = User(email="ada@example.com", password_hash=password_hash, is_active=True)
    with app.app_context():
        assert password_matches(user, "cafe\u0301 au lait")
        assert not password_matches(user, "cafe au lait")


def test_nobody_matches_without_an_active_account(app):
    """No account, a disabled one, or an overlong password never matches."""
    with app.app_context():
        password_hash = hash_password("password")
    user = User(email="ada@example.com", password_hash=password_hash, is_active=False)
    with app.app_context():
        assert not password_matches(None, "password")
        assert not password_matches(user, "password")
        user.is_active = True
        assert not password_matches(user, "password" + "x" * 80)
        assert password_matches(user, "password")
