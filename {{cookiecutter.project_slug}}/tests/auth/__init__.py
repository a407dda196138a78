"""Tests of accounts: registration, sign-in, tokens, limits, admins."""
