"""Civic Desk: the customer-access platform for UK councils."""
