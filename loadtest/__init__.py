"""`make loadtest`: gunicorn with production settings on a PostgreSQL database of its own, driven
from a second process on 127.0.0.1, then reconciled with the answers it gave (issue 12, point 7).

Not part of `make test`: it takes minutes and both cores. See docs/performance.md.
"""
