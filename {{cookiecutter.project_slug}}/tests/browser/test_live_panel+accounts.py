"""The front page's live panel in Chromium: it signs in through the JSON API,
then connects to the app's Socket.IO server with the access token."""

from playwright.sync_api import Page, expect

PASSWORD = "correct horse battery staple"


def sign_in(page: Page, email: str, password: str, button: str) -> None:
    """Fill the panel's sign-in form and press ``button``."""
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=button).click()


def test_creates_an_account_connects_and_echoes(page, page_errors):
    """A new visitor registers from the panel, is welcomed and gets an echo."""
    page.goto("/")
    expect(page.get_by_role("status")).to_have_text("Not connected.")
    sign_in(page, "ada@example.com", PASSWORD, "Create account")
    expect(page.locator('[data-event="welcome"]')).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("Connected.")
    page.get_by_label("Message").fill("hello")
    page.get_by_role("button", name="Echo").click()
    expect(page.locator('[data-event="echo"]')).to_have_text('echo {"message":"hello"}')
    assert page_errors == []


def test_signed_in_clients_share_broadcasts(page, make_user, page_errors):
    """Two pages signed in to one account both get a broadcast."""
    make_user("grace@example.com")
    other = page.context.new_page()
    for opened in (page, other):
        opened.goto("/")
        sign_in(opened, "grace@example.com", PASSWORD, "Sign in")
        expect(opened.locator('[data-event="welcome"]')).to_have_count(1)
    page.get_by_label("Message").fill("to all")
    page.get_by_role("button", name="Broadcast").click()
    for opened in (page, other):
        broadcast = opened.locator('[data-event="broadcast"]')
        expect(broadcast).to_have_text('broadcast {"message":"to all"}')
    assert page_errors == []


def test_a_wrong_password_is_shown_and_nothing_connects(page, make_user):
    """A refused sign-in says why in the form and opens no connection."""
    make_user("alan@example.com")
    page.goto("/")
    sign_in(page, "alan@example.com", "not the password", "Sign in")
    expect(page.get_by_role("alert")).not_to_be_empty()
    expect(page.get_by_role("status")).to_have_text("Not connected.")
    expect(page.locator("[data-event]")).to_have_count(0)
