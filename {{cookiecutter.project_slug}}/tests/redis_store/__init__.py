"""Tests of the Redis client."""
