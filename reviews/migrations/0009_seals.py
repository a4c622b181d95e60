"""Seals with AUDIT_KEY (reviews/provenance/sealing.py): the audit chain becomes an HMAC chain, and
every revision, sign-off and publication gets a seal."""

import hashlib

from django.db import migrations, models

from reviews.provenance.sealing import chain_hash, seal, utc

ZERO_HASH = "0" * 64


def reseal(apps, schema_editor):
    """Re-link the audit chain with HMAC (AUDIT_KEY) instead of plain SHA-256, after
    checking the old chain: a log that was already altered is refused, not sealed over.
    Then seal every revision, sign-off and publication."""
    ReviewEvent = apps.get_model("reviews", "ReviewEvent")
    AuditHead = apps.get_model("reviews", "AuditHead")
    events = list(ReviewEvent.objects.order_by("seq"))
    previous_old, previous_new = ZERO_HASH, ZERO_HASH
    for expected_seq, event in enumerate(events, start=1):
        old_content = _content(event, previous_old)
        if event.seq != expected_seq or event.prev_hash != previous_old:
            raise RuntimeError(f"Audit log broken before sealing at event #{event.seq}; restore it first.")
        if hashlib.sha256(old_content.encode()).hexdigest() != event.hash:
            raise RuntimeError(f"Audit event #{event.seq} was altered before sealing; restore the log first.")
        previous_old = event.hash
        new_hash = chain_hash(_content(event, previous_new))
        ReviewEvent.objects.filter(pk=event.pk).update(prev_hash=previous_new, hash=new_hash)
        previous_new = new_hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None:
        if (head.seq, head.hash) != (len(events), previous_old):
            raise RuntimeError("The audit chain head does not match the last event; restore the log first.")
        AuditHead.objects.filter(pk=1).update(hash=previous_new)
    for model, kind, payload in [
        ("Revision", "revision", revision_payload),
        ("SignOff", "signoff", signoff_payload),
        ("Publication", "publication", publication_payload),
    ]:
        Model = apps.get_model("reviews", model)
        for row in Model.objects.all():
            Model.objects.filter(pk=row.pk).update(seal=seal(kind, payload(row)))


# What each seal covered when this migration ran (the models' seal_payload() today).
def revision_payload(revision):
    return {
        "article": revision.article_id,
        "number": revision.number,
        "content_hash": revision.content_hash,
        "created_by": revision.created_by_id,
        "created_at": utc(revision.created_at),
    }


def signoff_payload(signoff):
    return {
        "revision": signoff.revision_id,
        "reviewer": signoff.reviewer_id,
        "profile": signoff.profile_id,
        "reviewer_name": signoff.reviewer_name,
        "credentials": signoff.credentials,
        "decision": signoff.decision,
        "comment": signoff.comment,
        "content_hash": signoff.content_hash,
        "signed_at": utc(signoff.signed_at),
    }


def publication_payload(publication):
    return {
        "article": publication.article_id,
        "revision": publication.revision_id,
        "content_hash": publication.content_hash,
        "last_reviewed": publication.last_reviewed.isoformat(),
        "next_review_due": publication.next_review_due.isoformat(),
        "withdrawn_at": utc(publication.withdrawn_at) if publication.withdrawn_at else None,
        "reviewer_name": publication.reviewer_name,
        "reviewer_credentials": publication.reviewer_credentials,
    }


def unseal(apps, schema_editor):
    """Back to the plain SHA-256 chain that the code before this migration checks."""
    ReviewEvent = apps.get_model("reviews", "ReviewEvent")
    previous = ZERO_HASH
    for event in ReviewEvent.objects.order_by("seq"):
        new_hash = hashlib.sha256(_content(event, previous).encode()).hexdigest()
        ReviewEvent.objects.filter(pk=event.pk).update(prev_hash=previous, hash=new_hash)
        previous = new_hash
    apps.get_model("reviews", "AuditHead").objects.filter(pk=1).update(hash=previous)


def _content(event, prev_hash):
    """ReviewEvent.content() as of this migration, with the given previous hash."""
    import json

    fields = {
        "seq": event.seq,
        "action": event.action,
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "article": event.article_id,
        "revision": event.revision_id,
        "comment": event.comment,
        "data": event.data,
        "created_at": event.created_at.isoformat(),
        "prev_hash": prev_hash,
    }
    if event.subject_id is not None:
        fields["subject"] = event.subject_id
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0008_accounts_in_the_audit_log'),
    ]

    operations = [
        migrations.AddField(
            model_name='publication',
            name='seal',
            field=models.CharField(blank=True, help_text='HMAC with AUDIT_KEY (reviews/sealing.py).', max_length=64),
        ),
        migrations.AddField(
            model_name='revision',
            name='seal',
            field=models.CharField(blank=True, help_text='HMAC with AUDIT_KEY (reviews/sealing.py).', max_length=64),
        ),
        migrations.AddField(
            model_name='signoff',
            name='seal',
            field=models.CharField(blank=True, help_text='HMAC with AUDIT_KEY (reviews/sealing.py).', max_length=64),
        ),
        migrations.RunPython(reseal, unseal),
    ]
