"""Accounts and token authentication: the auth and admin APIs and their parts."""
