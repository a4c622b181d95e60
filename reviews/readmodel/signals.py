"""What reviews tells the layers above it, which it may not import (docs/architecture.md)."""

from django.dispatch import Signal

publication_changing = Signal()
"""Sent by publishing.publish and publishing.withdraw with ``article_id``, inside the
workflow action's transaction and before anything is written: a receiver can read what
readers get now and register work for after the commit (``transaction.on_commit``), such
as rewriting the static export. It records nothing and decides nothing."""
