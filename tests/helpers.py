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


def login(client: Client, user, *, second_factor: bool | None = None) -> Client:
    """Log ``user`` in as the login wizard would: with a verified second factor for
    those who need one (or when ``second_factor``), and their identity freshly confirmed."""
    import time

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from reviews.security import CONFIRMED_AT, needs_second_factor

    client.force_login(user)
    session = client.session
    if second_factor or (second_factor is None and needs_second_factor(user)):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="default", defaults={"confirmed": True})
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[CONFIRMED_AT] = int(time.time())
    session.save()
    return client
