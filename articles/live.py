"""The public read model: LivePage and LiveMention rows, rebuilt from a signed-off
document whenever the review workflow publishes or withdraws an article."""

from .models import Category, Condition, LiveMention, LivePage


def publish_live_page(*, article, document, history):
    """Make ``document`` (the live revision's snapshot) what listings and bylines show.

    The article's review dates must already be set; ``history`` is the public review
    history, newest first, whose first item is the sign-off that set them."""
    latest = history[0]
    page, _ = LivePage.objects.update_or_create(
        article=article,
        defaults={
            "slug": document["slug"],
            "title": document["title"],
            "question": document["question"],
            "lead": document["lead"],
            "last_reviewed": article.last_reviewed,
            "next_review_due": article.next_review_due,
            "reviewer_name": latest["reviewer"],
            "reviewer_credentials": latest["credentials"],
            "reviewer_slug": latest["slug"],
            "history": history,
            "withdrawn": False,
            "withdrawn_reason": "",
        },
    )
    page.categories.set(Category.objects.filter(slug__in=[c["slug"] for c in document["categories"]]))
    page.mentions.all().delete()
    mentioned = [
        (section, group, entry)
        for section in document["sections"]
        for group in section["groups"]
        for entry in group["entries"]
        if entry["kind"] == "condition"
    ]
    existing = set(Condition.objects.filter(pk__in=[e["id"] for _, _, e in mentioned]).values_list("pk", flat=True))
    LiveMention.objects.bulk_create(
        LiveMention(
            page=page,
            condition_id=entry["id"] if entry["id"] in existing else None,
            condition_slug=entry["slug"],
            name=entry["name"],
            gloss=entry["gloss"],
            section_heading=section["heading"],
            group_heading=group["heading"],
            urgency=group["urgency"],
            position=position,
        )
        for position, (section, group, entry) in enumerate(mentioned)
    )
    return page


def withdraw_live_page(*, article, reason):
    LivePage.objects.filter(article=article).update(withdrawn=True, withdrawn_reason=reason)
