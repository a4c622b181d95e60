"""Which language a request is served in: the one its address names, and only that.

Readers' pages are under ``i18n_patterns`` (symptomsite/urls.py): English at the root,
every other language under its prefix (``/es/``). The address alone decides, never
``Accept-Language`` or a cookie, so no page varies by who asks and every cache can keep it
(Django's LocaleMiddleware would consult both, and add ``Vary: Accept-Language``).

A public page not yet written in the address's language redirects to its English address;
a view says it is written in every language with ``public.languages.in_every_language``.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils import translation

DEFAULT = settings.LANGUAGE_CODE


def content_language(language: str) -> str:
    """The language as HTTP and HTML name it: "en-US", "es"."""
    base, _, region = language.partition("-")
    return f"{base}-{region.upper()}" if region else base


CONTENT_LANGUAGE = {code: content_language(code) for code, _ in settings.LANGUAGES}
PREFIXED = {code for code, _ in settings.LANGUAGES} - {DEFAULT}  # the languages with an address prefix


class PathLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Most requests are English, which needs nothing activated: with no language active,
        # Django serves LANGUAGE_CODE, and a request that activates one deactivates it when
        # it ends (thread-locals are slow: activating on every request cost the framework's
        # floor 7 %, bench/article_page.py).
        first = request.path_info[1:].partition("/")[0]
        language = first if first in PREFIXED else None
        request.LANGUAGE_CODE = language or DEFAULT
        if language is None:
            response = self.get_response(request)
        else:
            translation.activate(language)
            try:
                response = self.get_response(request)
            finally:
                translation.deactivate()  # the thread's next work starts in the default language
        response.headers.setdefault("Content-Language", CONTENT_LANGUAGE[request.LANGUAGE_CODE])
        return response

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        language = getattr(request, "LANGUAGE_CODE", DEFAULT)
        if language == DEFAULT or getattr(view, "in_every_language", False):
            return None
        prefix = f"/{language}/"
        english = "/" + request.path_info.removeprefix(prefix)
        query = request.META.get("QUERY_STRING", "")
        return HttpResponseRedirect(english + (f"?{query}" if query else ""))
