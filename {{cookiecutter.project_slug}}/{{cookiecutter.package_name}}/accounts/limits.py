"""How often one client may ask for password links."""

from ..auth.limits import Limit

# FORGOT_RATE_LIMIT requests per FORGOT_RATE_WINDOW seconds from one client
# address, counted in the auth feature's attempts table.
FORGOT = Limit("forgot", "FORGOT_RATE_LIMIT", "FORGOT_RATE_WINDOW")
