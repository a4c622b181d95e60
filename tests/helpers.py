"""Small helpers the tests share: editing as the admin does, reading a public page."""

from django.test import Client


def edit(article, editor, **fields):
    """What the admin does when an editor saves the working copy."""
    for name, value in fields.items():
        setattr(article, name, value)
    article.last_edited_by = editor
    article.save()
    return article


def h1(client: Client, slug: str) -> str:
    page = client.get(f"/symptoms/{slug}/").content.decode()
    return page.split('<h1 id="article-title">')[1].split("</h1>")[0]
