import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.text import slugify

from articles.models import (
    Article,
    CareAdvice,
    Category,
    Condition,
    Entry,
    EntryGroup,
    Reference,
    Section,
    Urgency,
    WarningSign,
)
from reviews.models import Publication, ReviewerProfile
from reviews.workflow import services
from tests.helpers import edit

PASSWORD = "correct horse battery staple"  # every factory user's, for logging in through forms


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))
        if extracted:
            self.is_staff = True
            self.save(update_fields=["is_staff"])


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Condition
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Condition {n}")
    slug = factory.Sequence(lambda n: f"condition-{n}")
    gloss = "a plain-language gloss"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Symptom {n}")
    slug = factory.Sequence(lambda n: f"symptom-{n}")
    question = factory.LazyAttribute(lambda a: f"What causes {a.title.lower()}?")
    lead = "A short lead that names the main causes."

    @factory.post_generation
    def live(self, create, extracted, **kwargs):
        """ArticleFactory(live=True) signs the article off so readers see it."""
        if extracted:
            publish(self)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    article = factory.SubFactory(ArticleFactory)
    order = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Section {n}")
    body = "Some *prose*."


class EntryGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntryGroup

    section = factory.SubFactory(SectionFactory)
    order = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Group {n}")
    lead_in = "These can cause it:"
    urgency = Urgency.NORMAL


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entry

    group = factory.SubFactory(EntryGroupFactory)
    order = factory.Sequence(lambda n: n)
    condition = factory.SubFactory(ConditionFactory)


class ReferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reference

    article = factory.SubFactory(ArticleFactory)
    order = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Reference {n}")
    publisher = "MedlinePlus"
    url = "https://medlineplus.gov/"
    year = 2025
    accessed = datetime.date(2026, 10, 1)


def reviewer_user(username="reviewer", **profile):
    """A medical reviewer with an active profile."""
    user = UserFactory(username=username, groups=["Medical reviewers"])
    defaults = {
        "slug": username,
        "display_name": f"Dr {username.title()}",
        "credentials": "MD, FACS",
        "registration": f"TEST {username}",
        **profile,
    }
    ReviewerProfile.objects.get_or_create(user=user, defaults=defaults)
    return user


def clinician_user(username="clinician"):
    """Someone who is both an editor and a medical reviewer (with an active profile)."""
    user = UserFactory(username=username, groups=["Editors", "Medical reviewers"])
    reviewer_user(username, display_name=f"Dr {username.title()} (clinician)")
    return user


def editor_user(username="editor"):
    return UserFactory(username=username, groups=["Editors"])


def publish(article, *, editor=None, reviewer=None, now=None, summary="Changes"):
    """Submit the working copy and approve it, as an editor and a reviewer would."""
    editor = editor or editor_user("factory-editor")
    reviewer = reviewer or reviewer_user("factory-reviewer")
    revision = services.submit_for_review(article=article, by=editor, summary=summary, now=now)
    services.approve(revision=revision, reviewer=reviewer, now=now)
    article.refresh_from_db()
    return revision


def publication(article):
    """The article's Publication as the database has it now (what readers get)."""
    return Publication.objects.filter(article=article).first()


def live_revision(article):
    found = publication(article)
    return found.revision if found and not found.withdrawn else None


def full_article(*, groups=2, entries_per_group=3, live=True, editor=None, reviewer=None, **kwargs):
    """An article with a section of condition groups, an emergency group and a reference,
    signed off (by ``editor`` and ``reviewer``) unless live=False."""
    article = ArticleFactory(**kwargs)
    section = SectionFactory(article=article, order=1, heading="Common causes")
    for g in range(groups):
        group = EntryGroupFactory(section=section, order=g, heading=f"Cause group {g}")
        for e in range(entries_per_group):
            EntryFactory(group=group, order=e)
    emergency = EntryGroupFactory(
        section=section, order=groups, heading="Serious causes", urgency=Urgency.EMERGENCY, lead_in="Call 999 now."
    )
    EntryFactory(group=emergency, order=0, condition=ConditionFactory(name="Stroke", slug="stroke"))
    questions = SectionFactory(article=article, order=2, heading="Questions for diagnosing the cause", body="")
    EntryFactory(group=EntryGroupFactory(section=questions, order=0, heading=""), order=0, condition=None, text="When?")
    ReferenceFactory(
        article=article, order=1, title="Muscle atrophy", url="https://medlineplus.gov/ency/article/003188.htm"
    )
    if live:
        publish(article, editor=editor, reviewer=reviewer)
    return article


def give_sign(article, order, tier, text, condition=None):
    """``article`` gives, at ``order``, the warning sign worded ``text`` (made in ``tier``,
    about ``condition``, unless the library has it already: then it must be in ``tier``)."""
    sign, _ = WarningSign.objects.get_or_create(text=text, defaults={"tier": tier, "condition": condition})
    assert sign.tier == tier, f"the library has “{text}” as {sign.tier}, not {tier}"
    return CareAdvice.objects.create(article=article, order=order, sign=sign)


def symptom(
    title,
    *causes,
    slug=None,
    urgency=Urgency.NORMAL,
    emergency=(),
    care=(),
    category=None,
    live=True,
    editor=None,
    reviewer=None,
    now=None,
):
    """A symptom article titled ``title`` (its slug made from it unless given) whose section
    lists ``causes``, each a condition or a (condition, likelihood) pair, in one group of
    ``urgency``, then the ``emergency`` conditions in an emergency group; with ``care``,
    (tier, statement) pairs; filed under ``category``; signed off (``live``) by
    ``reviewer`` at ``now``."""
    article = ArticleFactory(title=title, slug=slug or slugify(title))
    section = SectionFactory(article=article, order=0, heading="Causes")
    for number, conditions in enumerate([causes, emergency]):
        if conditions:
            kind = urgency if number == 0 else Urgency.EMERGENCY
            group = EntryGroupFactory(section=section, order=number, heading="Causes", urgency=kind)
            for order, cause in enumerate(conditions):
                condition, likelihood = cause if isinstance(cause, tuple) else (cause, "")
                EntryFactory(group=group, order=order, condition=condition, likelihood=likelihood)
    for order, (tier, text) in enumerate(care):
        give_sign(article, order, tier, text)
    if category is not None:
        article.categories.add(category)
    if live:
        publish(article, editor=editor, reviewer=reviewer, now=now)
    return article


def waiting(article=None, *, editor, summary="Clearer lead", **changes):
    """A revision of ``article`` (a new full one unless given) waiting for review:
    ``changes`` are edited in by ``editor``, who submits it."""

    article = article or full_article(slug="waiting", live=False)
    if changes:
        edit(article, editor, **changes)
    return services.submit_for_review(article=article, by=editor, summary=summary)


FOUR_CHANGES_BODY = (
    "Muscles weaken without **regular exercise**, so see a [physical therapist](https://pt.example/) soon.\n\n"
    "Most weakness passes in a week.\n\n"
    "- Rest\n- Stretch __gently__\n"
)


def four_changes(editor):
    """A live article, then a revision (submitted by ``editor``) that changes one word in a
    paragraph, one condition's gloss, one entry's order and one reference: (live, proposed)."""

    article = ArticleFactory(slug="weak-legs", title="Weak legs", question="What causes weak legs?")
    section = SectionFactory(article=article, order=1, heading="Causes", body=FOUR_CHANGES_BODY)
    group = EntryGroupFactory(section=section, order=0, heading="Common causes", lead_in="These can cause it:")
    sciatica = ConditionFactory(name="Sciatica", slug="sciatica", gloss="a trapped nerve")
    EntryFactory(group=group, order=10, condition=sciatica)
    EntryFactory(group=group, order=20, condition=ConditionFactory(name="Cramp", slug="cramp", gloss="a tight muscle"))
    potassium = EntryFactory(
        group=group,
        order=30,
        condition=ConditionFactory(name="Low potassium", slug="low-potassium", gloss="too little potassium"),
    )
    weakness = ReferenceFactory(
        article=article, order=1, title="Leg weakness", publisher="NHS", url="https://nhs.example/"
    )
    ReferenceFactory(article=article, order=2, title="Muscle cramps", publisher="NHS", url="https://nhs.example/cramp")
    live = publish(article)

    edit(section, editor, body=FOUR_CHANGES_BODY.replace(" soon.", " today."))
    edit(sciatica, editor, gloss="a pinched nerve")
    edit(potassium, editor, order=5)
    edit(weakness, editor, title="Leg cramps")
    return live, services.submit_for_review(article=article, by=editor, summary="Four changes")


def two_live_articles(*, editor=None, reviewer=None):
    """Muscle atrophy (in the category Muscles) and Hiccups, both signed off: a small site."""
    editor, reviewer = editor or editor_user("two-editor"), reviewer or reviewer_user("two-reviewer")
    first = full_article(slug="muscle-atrophy", title="Muscle atrophy", live=False)
    first.categories.add(CategoryFactory(name="Muscles", slug="muscles"))
    publish(first, editor=editor, reviewer=reviewer)
    second = full_article(slug="hiccups", title="Hiccups", editor=editor, reviewer=reviewer)
    return first, second
