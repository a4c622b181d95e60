"""The public review log over HTTP (reviews/provenance/log.py): its newest checkpoint, its
leaves, and inclusion and consistency proofs, at the URLs docs/api-and-provenance.md
lists. Plain views, each wrapped by api.http.api_view (read-only, CORS, JSON errors):
witnesses and verifiers on other hosts read them with nothing but an HTTP client."""

import base64
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from reviews.provenance import log
from reviews.provenance.models import LogEntry, TreeHead

from .http import error

MAX_ENTRIES = 1000


def _numbers(request: HttpRequest, *names: str) -> list[int] | HttpResponse:
    """The query's ``names`` as whole numbers, or a 400 that says which is wrong."""
    found = []
    for name in names:
        value = request.GET.get(name, "")
        if not value.isascii() or not value.isdigit() or len(value) > 18:
            return error(400, "invalid_request", f"Give {name} as a whole number.", parameter=name)
        found.append(int(value))
    return found


def _hashes(nodes: list[bytes]) -> list[str]:
    return [base64.b64encode(node).decode() for node in nodes]


def checkpoint(request: HttpRequest) -> HttpResponse:
    """The newest signed tree head, as a C2SP checkpoint (a signed note)."""
    head = log.newest_head()
    if head is None:
        return error(404, "not_found", "The review log is empty: nothing has been signed off yet.")
    return HttpResponse(head.checkpoint, content_type="text/plain; charset=utf-8")


def entries(request: HttpRequest) -> HttpResponse:
    """Leaves ``start`` to ``end`` (not included; at most MAX_ENTRIES at a time)."""
    numbers = _numbers(request, "start", "end")
    if isinstance(numbers, HttpResponse):
        return numbers
    start, end = numbers
    if not start < end <= start + MAX_ENTRIES:
        return error(400, "invalid_request", f"Ask for 1 to {MAX_ENTRIES} entries, start < end.")
    rows = LogEntry.objects.filter(index__gte=start, index__lt=end).order_by("index").values_list("index", "envelope")
    found: list[dict[str, Any]] = [{"index": index, "leaf": leaf} for index, leaf in rows]
    if not found:
        return error(404, "not_found", "The log has no entries there.")
    return JsonResponse({"entries": found})


def inclusion(request: HttpRequest) -> HttpResponse:
    """The audit path of leaf ``index`` in the tree of ``tree_size``."""
    numbers = _numbers(request, "index", "tree_size")
    if isinstance(numbers, HttpResponse):
        return numbers
    index, size = numbers
    head = TreeHead.objects.filter(size=size).first()
    proof = log.inclusion(index, head.size, head.checkpoint) if head else None
    if proof is None:
        return error(404, "not_found", "The log has no tree of that size, or no such leaf in it.")
    return JsonResponse({"index": index, "tree_size": size, "proof": _hashes(proof.proof)})


def consistency(request: HttpRequest) -> HttpResponse:
    """The consistency proof from the tree of ``first`` leaves to the tree of ``second``."""
    numbers = _numbers(request, "first", "second")
    if isinstance(numbers, HttpResponse):
        return numbers
    first, second = numbers
    proof = log.consistency(first, second)
    if proof is None:
        return error(404, "not_found", "The log has had no such pair of tree sizes (0 < first <= second).")
    return JsonResponse({"first": first, "second": second, "proof": _hashes(proof)})
