"""Small helpers the tests share: editing as the admin does, reading a public page."""

from django.test import Client

from articles.history import acting_as


def edit(record, editor, **fields):
    """What the admin does when ``editor`` saves a record of the working copy (an
    article, or a shared record such as a condition)."""
    for name, value in fields.items():
        setattr(record, name, value)
    if hasattr(record, "last_edited_by"):
        record.last_edited_by = editor
    with acting_as(editor):
        record.save()
    return record


def h1(client: Client, slug: str) -> str:
    page = client.get(f"/symptoms/{slug}/").content.decode()
    return page.split('<h1 id="article-title">')[1].split("</h1>")[0]
