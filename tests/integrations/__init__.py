"""Tests of the adapters to ticketing applications (optional extras)."""
