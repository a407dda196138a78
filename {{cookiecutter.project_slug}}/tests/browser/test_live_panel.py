"""The front page's live panel in Chromium, talking to the app's Socket.IO server."""

from playwright.sync_api import expect


def test_receives_welcome_then_echo_and_broadcast(page, page_errors):
    """The panel connects on its own, shows each event as an element named
    after it, and sends echo (back to this page) and broadcast (to all)."""
    other = page.context.new_page()
    for opened in (page, other):
        opened.goto("/")
        expect(opened.locator('[data-event="welcome"]')).to_have_count(1)
    expect(page.get_by_role("status")).to_have_text("Connected.")

    page.get_by_label("Message").fill("hello")
    page.get_by_role("button", name="Echo").click()
    expect(page.locator('[data-event="echo"]')).to_have_text('echo {"message":"hello"}')
    page.get_by_role("button", name="Broadcast").click()
    for opened in (page, other):
        broadcast = opened.locator('[data-event="broadcast"]')
        expect(broadcast).to_have_text('broadcast {"message":"hello"}')
    # The echo went to its sender only.
    expect(other.locator('[data-event="echo"]')).to_have_count(0)
    assert page_errors == []
