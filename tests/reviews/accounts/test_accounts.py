"""Rights flow from above (invariant 8): every escalation route the audit found, and the
audit events for role, password, account and reviewer-profile changes."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from articles.history import acting_as
from reviews.accounts.rights import outranks
from reviews.models import Action, ReviewerProfile, ReviewEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a brand new passphrase 42"


def change_password(client, target):
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    return client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})


def account_events(**filters):
    return ReviewEvent.objects.filter(action__in=[a.value for a in Action], article=None, **filters)


@pytest.mark.parametrize("target", ["superuser", "reviewer", "second_site_admin", "site_admin"])
def test_a_site_admin_cannot_reset_the_password_of_an_equal_or_higher_account(
    request, site_admin_client, target, superuser
):
    if target == "second_site_admin":
        user = UserFactory(username="admin2", groups=["Site admins"])
    else:
        user = request.getfixturevalue(target)
    assert site_admin_client.get(reverse("admin:auth_user_password_change", args=[user.pk])).status_code == 403
    assert change_password(site_admin_client, user).status_code == 403
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_site_admin_resets_an_editors_password_and_it_is_logged(site_admin_client, editor, site_admin):
    assert change_password(site_admin_client, editor).status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)
    event = account_events(action=Action.PASSWORD_CHANGED, subject=editor).get()
    assert event.actor == site_admin


def test_a_site_admin_cannot_change_a_superusers_email_or_active_flag(site_admin_client, superuser):
    url = reverse("admin:auth_user_change", args=[superuser.pk])
    page = site_admin_client.get(url)
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()  # view only
    response = site_admin_client.post(url, {"username": superuser.username, "email": "x@evil.example"})
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email != "x@evil.example" and superuser.is_active


def test_a_site_admin_cannot_grant_roles_to_others_or_themselves(site_admin_client, site_admin, editor):
    reviewers = Group.objects.get(name="Medical reviewers")
    for target in (editor, site_admin):
        url = reverse("admin:auth_user_change", args=[target.pk])
        site_admin_client.post(
            url,
            {
                "username": target.username,
                "is_superuser": "on",
                "is_staff": "on",
                "groups": [reviewers.pk],
                "date_joined_0": "2026-01-01",
                "date_joined_1": "00:00:00",
            },
        )
        target.refresh_from_db()
        assert not target.is_superuser and not target.groups.filter(pk=reviewers.pk).exists()


def test_a_site_admin_cannot_make_a_puppet_reviewer(site_admin_client):
    """(b): create a user, put it in Medical reviewers, give it a profile."""
    reviewers = Group.objects.get(name="Medical reviewers")
    response = site_admin_client.post(
        reverse("admin:auth_user_add"),
        {"username": "puppet", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    puppet = UserFactory._meta.model.objects.get(username="puppet")
    url = reverse("admin:auth_user_change", args=[puppet.pk])
    site_admin_client.post(
        url,
        {"username": "puppet", "groups": [reviewers.pk], "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"},
    )
    assert not puppet.groups.exists()
    assert site_admin_client.get(reverse("admin:reviews_reviewerprofile_add")).status_code == 403
    response = site_admin_client.post(
        reverse("admin:reviews_reviewerprofile_add"),
        {"user": puppet.pk, "slug": "rosa", "display_name": "Dr Rosa Reyes", "credentials": "MD", "registration": "X1"},
    )
    assert response.status_code == 403 and not ReviewerProfile.objects.filter(user=puppet).exists()


def test_a_site_admin_cannot_give_their_role_the_sign_off_permission(site_admin_client):
    """(a): add sign_off_revision to Site admins."""
    group = Group.objects.get(name="Site admins")
    sign_off = Permission.objects.get(codename="sign_off_revision")
    url = reverse("admin:auth_group_change", args=[group.pk])
    response = site_admin_client.post(url, {"name": "Site admins", "permissions": [sign_off.pk]})
    assert response.status_code == 403
    assert not group.permissions.filter(pk=sign_off.pk).exists()
    assert site_admin_client.get(reverse("admin:auth_group_add")).status_code == 403


def test_superusers_make_reviewers_and_every_step_is_logged(superuser_client, superuser):
    clinician = UserFactory(username="clinician")
    reviewers = Group.objects.get(name="Medical reviewers")
    with acting_as(superuser):
        clinician.groups.add(reviewers)
        profile = ReviewerProfile.objects.create(
            user=clinician, slug="okafor", display_name="Dr Sam Okafor", credentials="MD", registration="GMC 1234567"
        )
        profile.active = False
        profile.save()
    logged = list(account_events(subject=clinician).order_by("seq").values_list("action", "actor__username"))
    assert logged[-3:] == [
        ("role_change", "root"),
        ("profile_change", "root"),
        ("profile_change", "root"),
    ]
    assert "active True → False" in account_events(subject=clinician).order_by("seq").last().comment


def test_only_a_superuser_adds_a_language_a_clinician_signs_translations_in_and_it_is_logged(
    site_admin_client, superuser, reviewer
):
    """A site admin cannot let a puppet, or a reviewer who does not read Spanish, sign off
    Spanish translations (reviews/workflow/translations.py reads the profile's languages)."""
    profile = reviewer.reviewer_profile
    url = reverse("admin:reviews_reviewerprofile_change", args=[profile.pk])
    data = {field: getattr(profile, field) for field in ("slug", "display_name", "credentials", "registration")}
    response = site_admin_client.post(url, {**data, "user": reviewer.pk, "languages": "en es", "active": "on"})
    assert response.status_code == 403
    profile.refresh_from_db()
    assert profile.languages == "en"
    with acting_as(superuser):
        profile.languages = "en es"
        profile.save()
    assert "languages 'en' → 'en es'" in account_events(subject=reviewer).order_by("seq").last().comment
    profile.languages = "en xx"
    with pytest.raises(ValidationError, match="Unknown language code: xx"):
        profile.full_clean()


def test_reviewer_display_names_and_registrations_are_unique(reviewer):
    other = UserFactory(username="other")
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerProfile.objects.create(
            user=other, slug="rosa-2", display_name="Dr Rosa Reyes", credentials="MD", registration="NEW 1"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerProfile.objects.create(
            user=other, slug="sam", display_name="Dr Sam", credentials="MD", registration="TEST reviewer"
        )


@pytest.mark.parametrize(
    ("display_name", "registration"),
    [
        ("Dr Rosa  Reyes", "NEW 1"),
        ("dr. rosa reyes", "NEW 1"),
        ("Dr Sam", "test-REVIEWER"),
        ("Dr Sam", "TEST reviewer "),
    ],
)
def test_names_and_registrations_are_unique_without_case_spaces_or_punctuation(reviewer, display_name, registration):
    """ "Dr Rosa  Reyes" with two spaces was a second clinician beside "Dr Rosa Reyes"."""
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewerProfile.objects.create(
            user=UserFactory(username="other"),
            slug="other",
            display_name=display_name,
            credentials="MD",
            registration=registration,
        )


def test_the_admin_says_which_reviewer_a_folded_name_or_registration_matches(reviewer, superuser_client):
    other = UserFactory(username="other", groups=["Medical reviewers"])
    form = {"user": other.pk, "slug": "rosa-2", "credentials": "MD", "active": "on"}
    form.update({"display_name": "DR ROSA REYES.", "registration": "test_reviewer"})
    response = superuser_client.post(reverse("admin:reviews_reviewerprofile_add"), form)
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200 and not ReviewerProfile.objects.filter(user=other).exists()
    assert "“Dr Rosa Reyes” is already a reviewer" in page
    assert "“TEST reviewer” is already registered" in page


@pytest.mark.unattributed  # a shell that named nobody
def test_a_shell_role_change_is_logged_without_an_actor(editor):
    editor.groups.add(Group.objects.get(name="Medical reviewers"))
    event = account_events(subject=editor, action=Action.ROLE_CHANGED).latest("seq")
    assert "groups add Medical reviewers" in event.comment
    assert event.actor is None and event.actor_name == "command or shell"


@pytest.mark.parametrize(
    ("actor", "target", "expected"),
    [
        ("site_admin", "editor", True),
        ("site_admin", "reviewer", False),
        ("site_admin", "site_admin", False),
        ("site_admin", "superuser", False),
        ("superuser", "site_admin", True),
        ("editor", "editor", False),
        ("reviewer", "editor", False),
    ],
)
def test_who_outranks_whom(request, actor, target, expected):
    assert outranks(request.getfixturevalue(actor), request.getfixturevalue(target)) is expected


def test_account_changes_are_shown_on_the_review_dashboard(reviewer_client, superuser, editor):
    with acting_as(superuser):
        editor.groups.add(Group.objects.get(name="Medical reviewers"))
    page = reviewer_client.get(reverse("reviews:dashboard")).content.decode()
    assert "Account and role changes" in page and "editor: groups add Medical reviewers" in page
