"""Tests of the Socket.IO events."""
