"""Staff previews: a working copy or a revision rendered exactly as the public page,
never cached and never indexed."""

import copy
from collections.abc import Mapping

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.safestring import mark_safe
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_safe

from articles import diff, page_blocks
from articles.document import Document, load_document
from reviews.accounts.permissions import can_use_workspace
from reviews.provenance.models import Decision, Revision
from reviews.readmodel.models import Publication
from reviews.workflow.state import revision_label

from ..rendering import render_article
from ..templatetags.public_tags import markdown

FIRST_MARK = page_blocks.MARK.split(">", 1)[0]  # the first changed block's label gets id="first-change"


@require_safe
@login_required
def working_copy(request, pk):
    if not request.user.has_perm("articles.view_article"):
        raise PermissionDenied
    document = load_document(pk)
    if document is None:
        raise Http404("No such article.")
    return render_article(request, document, preview="The working copy as readers would see it. It is not public.")


@require_safe
@xframe_options_sameorigin
@login_required
def revision(request: HttpRequest, pk: int) -> HttpResponse:
    """A revision as readers get it (or would, once approved), framed in the review page:
    the blocks that differ from the live revision are marked, and the first of them is
    #first-change."""
    if not can_use_workspace(request.user):
        raise PermissionDenied
    revision = get_object_or_404(Revision.objects.select_related("article"), pk=pk)
    publication = Publication.objects.filter(article_id=revision.article_id).only("revision", "withdrawn_at").first()
    banner = _label(revision, publication)
    document = revision.snapshot
    if publication is not None and publication.revision_id != revision.pk:
        live = Revision.objects.values_list("snapshot", flat=True).get(pk=publication.revision_id)
        marks = diff.compare(live, revision.snapshot).marks
        if marks:
            document = marked(revision.snapshot, marks)
            banner += f". {MARKED}"
    response = render_article(request, document, preview=f"{banner}.")
    response.content = response.content.replace(FIRST_MARK.encode(), f'{FIRST_MARK} id="first-change"'.encode(), 1)
    return response


MARKED = (
    "Blocks that differ from the live revision are marked “Changed”, “Added”, “Moved” or “Something was removed here”"
)


def _label(revision: Revision, publication: Publication | None) -> str:
    """Which revision this is for readers: the live one, a proposal, or an old one."""
    live = publication is not None and publication.revision_id == revision.pk
    latest = Revision.objects.filter(article_id=revision.article_id).aggregate(Max("number"))["number__max"]
    decision = revision.signoffs.exclude(decision=Decision.CONFIRMED).values_list("decision", flat=True).first()
    return revision_label(
        number=revision.number,
        live=live,
        withdrawn=live and publication is not None and publication.withdrawn,
        decision=decision,
        superseded=latest != revision.number,
    )


class _MarkedText(str):
    """A care statement that carries its mark, still rendered as the plain string."""

    mark: str = ""


def marked(document: Document, marks: Mapping[str, str]) -> Document:
    """A copy of ``document`` whose blocks named in ``marks`` (Comparison.marks) carry
    their label, for the article template to mark them."""
    doc = copy.deepcopy(document)
    doc["marks"] = {name: marks.get(page_blocks.article_anchor(name), "") for name in page_blocks.ARTICLE_FIELDS}
    doc["marks"]["care"] = marks.get("care", "")
    doc["marks"]["references"] = marks.get("references", "")
    for tier, statements in doc.get("care", {}).items():
        for index, text in enumerate(statements):
            statements[index] = _MarkedText(text)
            statements[index].mark = marks.get(page_blocks.care_anchor(tier, index), "")
    for section in doc["sections"]:
        anchor = section["anchor"]
        section["mark"] = marks.get(page_blocks.section_anchor(anchor), "")
        body = page_blocks.mark_body(markdown(section["body"], doc["references"]), anchor, marks)
        section["marked_body"] = mark_safe(body) if body else ""  # noqa: S308 - sanitised HTML and our labels
        for number, group in enumerate(section["groups"]):
            head = marks.get(page_blocks.group_anchor(anchor, number), "")
            lead = marks.get(page_blocks.group_lead_anchor(anchor, number), "")
            shows_lead = bool(group["lead_in"]) or group["urgency"] != "normal"
            if not shows_lead:  # no lead-in on the page (urgency dropped): mark the list's heading
                head, lead = head or lead, ""
            if not group["heading"]:  # an untitled list: its lead-in, else its section's heading
                lead = (lead or head) if shows_lead else ""
                section["mark"] = section["mark"] or ("" if shows_lead else head)
                head = ""
            group["mark"], group["lead_mark"] = head, lead
            for index, entry in enumerate(group["entries"]):
                entry["mark"] = marks.get(page_blocks.entry_anchor(anchor, number, index), "")
    for index, ref in enumerate(doc["references"]):
        ref["mark"] = marks.get(page_blocks.reference_anchor(index), "")
    return doc
