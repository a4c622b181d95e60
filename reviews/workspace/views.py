"""The review workspace (/review/): reviewers and site admins."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Max, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from articles.checks import check_document, known_condition_names
from articles.diff import compare
from articles.models import Article
from articles.signs import known_warning_signs
from reviews.accounts import permissions
from reviews.operations import jobs
from reviews.operations.models import LinkCheck, LinkCitation
from reviews.provenance import signing
from reviews.provenance.models import ACCOUNT_ACTIONS, Decision, ReviewEvent, Revision, SignOff
from reviews.provenance.translations import TranslationRevision
from reviews.readmodel.models import Publication, TranslationPublication
from reviews.workflow import four_eyes, services
from reviews.workflow.models import ProblemReport
from reviews.workflow.state import live_showing_changed_records, review_state, revision_label, with_review_state

from .forms import APPROVE, ConfirmForm, DecisionForm, ResolveForm, WithdrawForm

# Why a view refuses, by the permissions it asks for: the 403 page shows it, with where
# the user's own role works (symptomsite/errors.py).
REFUSALS = {
    permissions.WORKSPACE: "The review workspace is for medical reviewers and site admins.",
    (permissions.SIGN_OFF,): "Only medical reviewers can approve a revision, request changes "
    "or confirm that an article is still accurate.",
    (permissions.WITHDRAW,): "Only site admins can withdraw articles.",
    (permissions.RESOLVE_REPORTS,): "Only medical reviewers and site admins can resolve reports from readers.",
}


def workspace(*perms: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Login required; then any of ``perms`` (default: reviewers and site admins), else 403
    saying who may."""
    perms = perms or permissions.WORKSPACE
    reason = REFUSALS.get(perms, "Your account does not have the rights for this page or action.")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(request.user.has_perm(p) for p in perms):
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


SORTS = {"title": "title", "due": "next_review_due", "-due": "-next_review_due"}
CHART_MONTHS = 12
# Rows per page of each dashboard list (articles for the reference links): the page stays
# the same size at 10,000 articles; the cards at the top give the totals.
PAGE_SIZE = 25
LINKS_PAGE_SIZE = 10
RECENT = 15  # the latest sign-offs and account changes, not paged: the audit log has them all
HISTORY = 50  # review events shown on an article's pages, newest first
# What the dashboard reads of each row: what it shows, never a snapshot, a history or a body.
DUE_FIELDS = ("article_id", "title", "next_review_due", "last_reviewed")


def months_from(first, count):
    months = [first]
    while len(months) < count:
        months.append((months[-1] + datetime.timedelta(days=32)).replace(day=1))
    return months


@dataclass
class ListPage:
    """One page of a dashboard list, with its total and the addresses of the pages
    either side (every other parameter kept, so the sort and the other lists' pages stay
    as they were)."""

    page: Page
    previous_url: str | None
    next_url: str | None

    @property
    def count(self) -> int:
        return self.page.paginator.count


def list_page(request: HttpRequest, rows, *, name: str, anchor: str, per_page: int | None = None) -> ListPage:
    """The page ``?<name>_page=N`` of ``rows`` (an ordered queryset: two queries, a count
    and the page; or a list), PAGE_SIZE rows unless told. A missing or bad N shows the
    first page and one past the end the last, never an error."""
    page = Paginator(rows, per_page or PAGE_SIZE).get_page(request.GET.get(f"{name}_page"))

    def url(number: int) -> str:
        query = request.GET.copy()
        query[f"{name}_page"] = str(number)
        return f"?{query.urlencode()}#{anchor}"

    return ListPage(
        page,
        url(page.previous_page_number()) if page.has_previous() else None,
        url(page.next_page_number()) if page.has_next() else None,
    )


@require_safe
def start(request):
    """Where a login lands: the workspace for those who use it, the admin for the rest."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return redirect("reviews:dashboard" if permissions.can_use_workspace(request.user) else "admin:index")


@require_safe
@workspace()
def dashboard(request):
    """Every list a page at a time, each row read with the columns it shows only, so the
    page costs the same few queries at 3 articles and at 10,000."""
    today = timezone.localdate()
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "due"
    lists = _dashboard_lists(today=today, order=SORTS[sort])
    pages = {name: list_page(request, rows, name=name, anchor=anchor) for name, (anchor, rows) in lists.items()}
    problems = LinkCitation.objects.current().problems()
    articles, link_problems = problems.summary()
    links_page = list_page(request, articles, name="links", anchor="links-h", per_page=LINKS_PAGE_SIZE)
    first = today.replace(day=1)
    per_month = Publication.objects.due_per_month(first=first, months=CHART_MONTHS)
    chart = [(month, per_month.get(month, 0)) for month in months_from(first, CHART_MONTHS)]
    peak = max([n for _, n in chart] + [1])
    context = {
        **pages,
        "recent": _recent_signoffs(),
        "accounts": ReviewEvent.objects.filter(action__in=ACCOUNT_ACTIONS)
        .only("created_at", "comment", "actor_name")
        .order_by("-seq")[:RECENT],
        "links_page": links_page,
        "links": _link_groups(problems, links_page.page),
        "link_problems": link_problems,
        # Read only when no problem is listed: the page then says when the last check ran, or never.
        "jobs": jobs.counts(),
        "retrying": jobs.retrying,  # read only when some are
        "last_link_check": lambda: LinkCheck.objects.aggregate(last=Max("checked_at"))["last"],
        "next_link_check": lambda: jobs.next_run(jobs.LINK_CHECK),
        # Bar widths in steps of 5 %, as CSS classes: no style attributes under the CSP.
        "chart": [(month, n, 5 * round(20 * n / peak)) for month, n in chart],
        "sort": sort,
        "today": today,
    }
    return render(request, "reviews/dashboard.html", context)


def _dashboard_lists(*, today, order):
    """The paged lists, by the name of their page parameter: (anchor, ordered rows)."""
    waiting = (
        Revision.objects.waiting()
        .select_related("article", "created_by")
        .only(
            "number",
            "created_at",
            "summary",
            "article__title",
            "created_by__username",
            "created_by__first_name",
            "created_by__last_name",
        )
        .order_by("created_at", "pk")
    )
    publications = Publication.objects.only(*DUE_FIELDS)
    due_soon = publications.due_for_review(on=today, within_days=settings.REVIEW_DUE_SOON_DAYS).exclude(
        next_review_due__lt=today
    )
    reports = (
        ProblemReport.objects.open()
        .select_related("article", "revision")
        .only("created_at", "message", "language", "article__title", "revision__number")
        .order_by("created_at", "pk")
    )
    return {
        "waiting": ("waiting", waiting),
        "translations": ("translations", TranslationRevision.objects.waiting().listed()),
        "stale": ("stale-translations", TranslationPublication.objects.stale()),
        "overdue": ("overdue", publications.overdue(on=today).order_by(order, "pk")),
        "soon": ("due-soon", due_soon.order_by(order, "pk")),
        "shared": ("shared", live_showing_changed_records()),
        "reports": ("reports-h", reports),
    }


def _link_groups(problems, page):
    """The reference links of one page of articles, grouped, in the page's order."""
    shown = [pk for _, pk in page]
    if not shown:
        return []
    groups = {group.article.pk: group for group in problems.filter(revision__article__in=shown).by_article()}
    return [groups[pk] for pk in shown if pk in groups]


def _recent_signoffs():
    """The latest sign-offs, newest first, from the index on signed_at."""
    return (
        SignOff.objects.select_related("revision__article")
        .only("signed_at", "decision", "reviewer_name", "credentials", "revision__number", "revision__article__title")
        .order_by("-signed_at", "-pk")[:RECENT]
    )


def _article_context(article):
    """What both per-article pages show: the review state, the latest HISTORY events
    (an article reviewed for years has hundreds; the audit log keeps them all) and the
    live revision (its snapshot too: the diff and the four-eyes check read it)."""
    article = with_review_state(Article.objects.filter(pk=article.pk)).get()
    events = list(
        ReviewEvent.objects.filter(article=article)
        .select_related("revision")
        .only("seq", "action", "created_at", "actor_name", "comment", "revision__number")
        .order_by("-seq")[: HISTORY + 1]
    )
    live = Revision.objects.filter(pk=article.live_revision_id).first() if article.live_revision_id else None
    return {
        "article": article,
        "state": review_state(article).label,
        "events": events[:HISTORY],
        "older_events": len(events) > HISTORY,
        "live": live,
    }


@require_safe
@workspace()
def revision_detail(request, pk):
    revision = get_object_or_404(Revision.objects.select_related("article", "created_by", "last_edited_by"), pk=pk)
    form = DecisionForm(can_approve=_may_approve(request.user, revision), request=request)
    return _revision_page(request, revision, form)


def _may_approve(user, revision):
    return four_eyes.may_approve(user.pk, revision)


def _revision_page(request, revision, form, status=200):
    context = _article_context(revision.article)
    live = context["live"]
    decision = revision.signoffs.exclude(decision=Decision.CONFIRMED).first()
    latest_number = context["article"].revisions.order_by("-number").values_list("number", flat=True).first()
    is_live, superseded = live is not None and live.pk == revision.pk, revision.number != latest_number
    context.update(
        revision=revision,
        diff=compare(live.snapshot, revision.snapshot) if live and not is_live else None,
        is_live=is_live,
        decision=decision,
        superseded=superseded,
        rendered=revision_label(
            number=revision.number,
            live=is_live,
            withdrawn=bool(context["article"].withdrawn_at),
            decision=decision.decision if decision else None,
            superseded=superseded,
        ),
        four_eyes=not _may_approve(request.user, revision),
        can_decide=_may_sign_off(request.user),
        form=form,
        checks=check_document(
            revision.snapshot,
            condition_names=known_condition_names(),
            shared_signs=known_warning_signs(besides=revision.article_id),
        ),
    )
    return render(request, "reviews/revision.html", context, status=status)


@require_POST
@workspace("reviews.sign_off_revision")
def decide(request, pk):
    revision = get_object_or_404(Revision.objects.select_related("article"), pk=pk)
    form = DecisionForm(request.POST, can_approve=_may_approve(request.user, revision), request=request)
    if not form.is_valid():
        if "decision" in form.errors and not _may_approve(request.user, revision):
            messages.error(request, "You wrote or edited this revision, so another reviewer must approve it.")
        return _revision_page(request, revision, form, status=400)
    try:
        if form.cleaned_data["decision"] == APPROVE:
            services.approve(revision=revision, reviewer=request.user, comment=form.cleaned_data["comment"])
            live = f"Approved. “{revision.article}” revision {revision.number} is now live."
            messages.success(request, live + signing.unsigned_note())
        else:
            services.request_changes(revision=revision, reviewer=request.user, comment=form.cleaned_data["comment"])
            messages.success(request, "Changes requested. The editors will see your comment in the admin.")
    except services.ReviewError as error:
        messages.error(request, error.message)
    return redirect("reviews:revision", pk=revision.pk)


@require_safe
@workspace()
def article_detail(request, pk):
    article = get_object_or_404(Article, pk=pk)
    return _article_page(request, article, ConfirmForm(request=request))


def _may_sign_off(user) -> bool:
    """What services.reviewer_profile asks before any sign-off: the permission and an
    active reviewer profile (a superuser without one may not sign off either)."""
    try:
        services.reviewer_profile(user)
    except PermissionDenied:
        return False
    return True


PAGE_FIELDS = ("article_id", "slug", "withdrawn_at", "next_review_due")  # what the article page reads of it


def _article_page(request, article, confirm_form, status=200):
    context = _article_context(article)
    live = context["live"]
    context.update(
        page=(page := Publication.objects.filter(article=article).only(*PAGE_FIELDS).first()),
        overdue=bool(page and not page.withdrawn and page.review_overdue(today=timezone.localdate())),
        revisions=article.revisions.only("number", "created_at", "summary", "article_id").prefetch_related(
            Prefetch("signoffs", SignOff.objects.only("revision_id", "decision", "signed_at"))
        ),
        confirm_form=confirm_form,
        can_confirm=_may_sign_off(request.user),
        can_withdraw=request.user.has_perm("reviews.withdraw_article"),
        four_eyes=live is not None and not _may_approve(request.user, live),
        reports=[
            (report, ResolveForm(auto_id=f"id_report{report.pk}_%s"))
            for report in article.problem_reports.select_related("revision", "resolved_by").defer("revision__snapshot")
        ],
        can_resolve=request.user.has_perm("reviews.change_problemreport"),
    )
    return render(request, "reviews/article.html", context, status=status)


@require_POST
@workspace("reviews.sign_off_revision")
def confirm(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = ConfirmForm(request.POST, request=request)
    if not form.is_valid():
        return _article_page(request, article, form, status=400)
    try:
        services.confirm_still_accurate(article=article, reviewer=request.user, comment=form.cleaned_data["comment"])
        messages.success(request, f"Confirmed. “{article}” is next due for review in a year." + signing.unsigned_note())
    except services.ReviewError as error:
        messages.error(request, error.message)
    return redirect("reviews:article", pk=article.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@workspace("reviews.withdraw_article")
def withdraw(request, pk):
    article = get_object_or_404(Article, pk=pk)
    form = WithdrawForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(article=article, by=request.user, reason=form.cleaned_data["reason"])
        except services.ReviewError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"“{article}” is withdrawn: readers now get a 410 Gone page.")
        return redirect("reviews:article", pk=article.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "reviews/withdraw.html", {"article": article, "form": form}, status=status)


@require_POST
@workspace("reviews.change_problemreport")
def resolve_report(request, pk):
    report = get_object_or_404(ProblemReport, pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what was done about the report before marking it resolved.")
    else:
        try:
            services.resolve_report(report=report, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, "Report marked resolved.")
        except services.ReviewError as error:
            messages.error(request, error.message)
    return redirect(f"{reverse('reviews:article', args=[report.article_id])}#reports")
