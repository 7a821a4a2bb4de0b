"""Verification of what was read: local validators (this package) and provider checks (services)."""
