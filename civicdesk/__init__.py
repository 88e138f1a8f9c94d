"""Civic Desk: how a UK council serves its residents, on every channel."""
