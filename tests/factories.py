import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from articles.models import Article, Category, Condition, Entry, EntryGroup, Reference, Section, Urgency


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.django.Password("correct horse battery staple")

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

    title = factory.Sequence(lambda n: f"Symptom {n}")
    slug = factory.Sequence(lambda n: f"symptom-{n}")
    question = factory.LazyAttribute(lambda a: f"What causes {a.title.lower()}?")
    lead = "A short lead that names the main causes."
    published = True


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
    accessed = datetime.date(2026, 10, 1)


def full_article(*, groups=2, entries_per_group=3, **kwargs):
    """An article with a section of condition groups, an emergency group and a reference."""
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
    return article
