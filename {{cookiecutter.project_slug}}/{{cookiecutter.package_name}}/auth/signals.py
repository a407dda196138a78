"""What the auth API announces, for features that act on accounts (mail, say).

Receivers are called with the app as the sender and the account as ``user``,
inside the request, after the change is committed.
"""

from blinker import Namespace

signals = Namespace()

# A new account was registered.
registered = signals.signal("registered")
# Someone registered an address that already has an account; the answer was
# the same as for a new one, so only the owner can be told.
registration_repeated = signals.signal("registration-repeated")
# An operator made the account (`flask create-admin`), vouching for its address.
vouched_for = signals.signal("vouched-for")
