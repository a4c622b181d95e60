"""Indexes for the review dashboard at 10,000 articles: the lists it orders or filters
(recent sign-offs, account changes in the audit log, open reader reports, what waits for
review) are read from an index in order, a page at a time, instead of sorting every row.

The due dates of public articles (the due-per-month chart and the overdue and due-soon
counts) are read from a partial index alone rather than from the wide Publication rows.
That index was plain SQL here at first, outside the model state; reviews.0022 added a
column to Publication, and SQLite makes a table again to add one, keeping only the
indexes the state knows, so it moved into Publication.Meta and this AddIndex (same name,
same columns: a database that ran the SQL has it already)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviews", "0015_search_scale")]

    operations = [
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                fields=["next_review_due", "article"],
                condition=models.Q(("withdrawn_at__isnull", True)),
                name="publication_due_public",
            ),
        ),
        migrations.AddIndex(
            model_name="revision",
            index=models.Index(fields=["article", "number", "id"], name="revision_waiting"),
        ),
        migrations.AddIndex(
            model_name="signoff",
            index=models.Index(fields=["signed_at", "id"], name="signoff_signed_at"),
        ),
        migrations.AddIndex(
            model_name="reviewevent",
            index=models.Index(fields=["action", "seq"], name="reviewevent_action_seq"),
        ),
        migrations.AddIndex(
            model_name="problemreport",
            index=models.Index(
                condition=models.Q(("resolved_at__isnull", True)),
                fields=["created_at", "id"],
                name="report_open_created_at",
            ),
        ),
    ]
