"""Who is changing content right now.

Every write to a content table (articles/models.py, ``Recorded``) appends a
ContentChange naming its author, whatever the path: the admin, a management command, a
shell session. The author comes from this context: the admin's requests set it from the
logged-in user (ContentAuthorMiddleware); commands and shells wrap their changes in
``acting_as(user)``. A write with no author is refused, so the history four-eyes reads
has no gaps.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_author: ContextVar[Any] = ContextVar("content_author", default=None)


class UnattributedChange(RuntimeError):
    """Content was written with nobody named as its author."""


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Attribute every content change inside the block to ``user``."""
    if user is None or not getattr(user, "pk", None):
        raise UnattributedChange("acting_as needs a saved user.")
    token = _author.set(user)
    try:
        yield
    finally:
        _author.reset(token)


def current_author() -> Any:
    user = _author.get()
    if callable(user):  # a request's user, looked up only when content is written
        user = user()
        user = user if user.is_authenticated else None
    if user is None:
        raise UnattributedChange(
            "Content changes need an author: make them in the admin, or wrap them in "
            "articles.history.acting_as(user) in a command or shell."
        )
    return user


class ContentAuthorMiddleware:
    """The logged-in user is the author of whatever content their request changes."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Lazily: looking the user up reads the session, and readers' pages must not
        # (they are cached and carry no cookie).
        token = _author.set(lambda: request.user)
        try:
            return self.get_response(request)
        finally:
            _author.reset(token)


def acting_user() -> Any:
    """The user acting now, or None in a command or shell that named nobody (for audit
    records that must not block the action, unlike content writes)."""
    try:
        return current_author()
    except UnattributedChange:
        return None
