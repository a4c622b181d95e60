"""Roles for review, the audit chain's head row, and the foundation's published
articles turned into revisions waiting for review (nobody's approval is assumed)."""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

from articles.roles import grant

ZERO_HASH = "0" * 64


def create_roles(apps, schema_editor):
    view_content = [f"view_{m}" for m in ["category", "article", "section", "entrygroup", "entry", "condition", "reference"]]
    view_review = ["view_revision", "view_signoff", "view_reviewevent", "view_reviewerprofile"]
    grant(apps, "Editors", "reviews", ["submit_revision", *view_review])
    grant(apps, "Medical reviewers", "articles", view_content)
    grant(apps, "Medical reviewers", "reviews", ["sign_off_revision", *view_review])
    grant(
        apps,
        "Site admins",
        "reviews",
        ["submit_revision", "withdraw_article", "add_reviewerprofile", "change_reviewerprofile", *view_review],
    )


def snapshot(article):
    """The document of a historical article (same shape as articles.document)."""
    from django.utils.text import slugify

    sections = sorted(article.sections.all(), key=lambda s: (s.order, s.pk))
    seen = {}
    out_sections = []
    for section in sections:
        base = slugify(section.heading) or "section"
        seen[base] = seen.get(base, 0) + 1
        anchor = base if seen[base] == 1 else f"{base}-{seen[base]}"
        groups = []
        for group in sorted(section.groups.all(), key=lambda g: (g.order, g.pk)):
            entries = []
            for entry in sorted(group.entries.all(), key=lambda e: (e.order, e.pk)):
                if entry.condition_id:
                    c = entry.condition
                    entries.append({"kind": "condition", "id": c.pk, "slug": c.slug, "name": c.name,
                                    "gloss": c.gloss, "note": entry.note})
                elif entry.related_article_id:
                    a = entry.related_article
                    entries.append({"kind": "article", "slug": a.slug, "title": a.title, "note": entry.note})
                else:
                    entries.append({"kind": "text", "text": entry.text})
            groups.append({"heading": group.heading, "lead_in": group.lead_in, "urgency": group.urgency,
                           "entries": entries})
        out_sections.append({"anchor": anchor, "heading": section.heading, "body": section.body, "groups": groups})
    overview = article.overview
    references = sorted(article.references.all(), key=lambda r: (r.order, r.pk))
    return {
        "schema": 1,
        "id": article.pk,
        "slug": article.slug,
        "title": article.title,
        "question": article.question,
        "lead": article.lead,
        "copyright_holder": article.copyright_holder,
        "categories": sorted(({"slug": c.slug, "name": c.name} for c in article.categories.all()),
                             key=lambda c: (c["name"], c["slug"])),
        "overview": ({"slug": overview.slug, "title": overview.title, "question": overview.question,
                      "lead": overview.lead} if overview else None),
        "related": sorted(({"slug": a.slug, "title": a.title, "question": a.question} for a in article.related.all()),
                          key=lambda a: (a["title"], a["slug"])),
        "sections": out_sections,
        "references": [
            {"number": n, "title": r.title, "publisher": r.publisher, "url": r.url, "doi": r.doi, "pmid": r.pmid,
             "accessed": r.accessed.isoformat() if r.accessed else None}
            for n, r in enumerate(references, start=1)
        ],
    }


def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def published_to_revisions(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Revision = apps.get_model("reviews", "Revision")
    ReviewEvent = apps.get_model("reviews", "ReviewEvent")
    AuditHead = apps.get_model("reviews", "AuditHead")
    head, _ = AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": ZERO_HASH})
    now = timezone.now()
    summary = "Published before the review workflow existed; waiting for its first medical review."
    for article in Article.objects.filter(published=True).order_by("pk"):
        doc = snapshot(article)
        revision = Revision.objects.create(
            article=article,
            number=1,
            snapshot=doc,
            content_hash=hashlib.sha256(canonical(doc).encode()).hexdigest(),
            summary=summary,
            created_at=now,
        )
        seq = head.seq + 1
        content = canonical({
            "seq": seq, "action": "submit", "actor": None, "actor_name": "data migration",
            "article": article.pk, "revision": revision.pk, "comment": summary, "data": {},
            "created_at": now.isoformat(), "prev_hash": head.hash,
        })
        event_hash = hashlib.sha256(content.encode()).hexdigest()
        ReviewEvent.objects.create(
            seq=seq, action="submit", actor=None, actor_name="data migration", article=article, revision=revision,
            comment=summary, data={}, created_at=now, prev_hash=head.hash, hash=event_hash,
        )
        head.seq, head.hash = seq, event_hash
    head.save()


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0001_initial"),
        ("articles", "0004_review_state"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(published_to_revisions, migrations.RunPython.noop),
    ]
