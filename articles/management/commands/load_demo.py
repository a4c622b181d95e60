"""Load the demo content and demo accounts. Safe to run again: what exists is left as it is."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import demo_content
from articles.models import Article, Category, Condition, Entry, EntryGroup, Reference, Section

DEMO_ACCOUNTS = [
    # username, password, group, superuser, full name
    ("admin", "symptomsite-admin", "Site admins", True, "Ada Admin"),
    ("editor", "symptomsite-editor", "Editors", False, "Eddie Editor"),
    ("reviewer", "symptomsite-reviewer", "Medical reviewers", False, "Rosa Reyes"),
]


class Command(BaseCommand):
    help = "Create the demo categories, conditions, articles and accounts that do not exist yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Create the demo accounts even when DEBUG is off (they have published passwords).",
        )

    @transaction.atomic
    def handle(self, *args, accounts=False, verbosity=1, **options):
        self.verbosity = verbosity
        self.counts = {"created": 0, "unchanged": 0}
        categories = {row["slug"]: self.category(row) for row in demo_content.CATEGORIES}
        conditions = {row["slug"]: self.condition(row) for row in demo_content.CONDITIONS}
        articles = {}
        new = []
        for row in demo_content.ARTICLES:
            article, created = self.article(row)
            articles[row["slug"]] = article
            if created:
                new.append((article, row))
        # Links between articles can point forwards, so fill new articles once all exist.
        for article, row in new:
            self.fill(article, row, articles=articles, categories=categories, conditions=conditions)
        if accounts or settings.DEBUG:
            self.accounts()
        else:
            self.stdout.write("Demo accounts skipped: DEBUG is off (pass --accounts to create them).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content: {self.counts['created']} created, {self.counts['unchanged']} left unchanged."
            )
        )

    def report(self, kind, label, created):
        self.counts["created" if created else "unchanged"] += 1
        verb = "created" if created else "exists, left unchanged"
        if self.verbosity >= 1:
            self.stdout.write(f"  {kind} {label}: {verb}")

    def category(self, row):
        category, created = Category.objects.get_or_create(
            slug=row["slug"], defaults={"name": row["name"], "description": row.get("description", "")}
        )
        self.report("category", row["slug"], created)
        return category

    def condition(self, row):
        condition, created = Condition.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "gloss": row.get("gloss", ""),
                "synonyms": "\n".join(row.get("synonyms", [])),
                "icd10": row.get("icd10", ""),
                "snomed_ct": row.get("snomed_ct", ""),
                "mesh": row.get("mesh", ""),
            },
        )
        self.report("condition", row["slug"], created)
        return condition

    def article(self, row):
        article, created = Article.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "title": row["title"],
                "question": row["question"],
                "lead": row["lead"],
                "copyright_holder": row.get("copyright_holder", "SymptomSite contributors"),
                "published": True,
            },
        )
        self.report("article", row["slug"], created)
        return article, created

    def fill(self, article, row, *, articles, categories, conditions):
        article.categories.set(categories[slug] for slug in row.get("categories", []))
        article.related.set(articles[slug] for slug in row.get("related", []))
        if row.get("overview"):
            article.overview = articles[row["overview"]]
            article.save(update_fields=["overview"])
        for s_order, s_row in enumerate(row.get("sections", []), start=1):
            section = Section.objects.create(
                article=article, order=s_order, heading=s_row["heading"], body=s_row.get("body", "")
            )
            for g_order, g_row in enumerate(s_row.get("groups", []), start=1):
                group = EntryGroup.objects.create(
                    section=section,
                    order=g_order,
                    heading=g_row.get("heading", ""),
                    lead_in=g_row.get("lead_in", ""),
                    urgency=g_row.get("urgency", "normal"),
                )
                Entry.objects.bulk_create(
                    Entry(
                        group=group,
                        order=e_order,
                        condition=conditions.get(e_row.get("condition")),
                        related_article=articles.get(e_row.get("article")),
                        text=e_row.get("text", ""),
                        note=e_row.get("note", ""),
                    )
                    for e_order, e_row in enumerate(g_row.get("entries", []), start=1)
                )
        Reference.objects.bulk_create(
            Reference(
                article=article,
                order=order,
                title=ref["title"],
                publisher=ref.get("publisher", ""),
                url=ref.get("url", ""),
                doi=ref.get("doi", ""),
                pmid=ref.get("pmid", ""),
                accessed=datetime.date.fromisoformat(ref["accessed"]) if ref.get("accessed") else None,
            )
            for order, ref in enumerate(row.get("references", []), start=1)
        )

    def accounts(self):
        User = get_user_model()
        self.stdout.write("Demo accounts (for local use only):")
        for username, password, group_name, superuser, full_name in DEMO_ACCOUNTS:
            first, last = full_name.split(" ", 1)
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "is_staff": True,
                    "is_superuser": superuser,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@symptomsite.invalid",
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            group = Group.objects.filter(name=group_name).first()
            if group:
                user.groups.add(group)
            self.report("account", username, created)
            self.stdout.write(f"    log in at /admin/ as {username} / {password}")
