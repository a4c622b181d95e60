"""Load the demo content and demo accounts. Safe to run again: what exists is left as it is.

New demo articles arrive signed off by the demo reviewer through the review workflow,
backdated so the dashboard has something to show: most are current, some are due soon,
one is overdue past the grace period, and muscle atrophy has had an annual review.
Three are translated into Spanish by the demo translator and signed off by the bilingual
demo reviewer; the English of one changed after that, so its translation is stale."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from articles.history import acting_as
from articles.models import (
    Article,
    CareAdvice,
    Category,
    Condition,
    Entry,
    EntryGroup,
    Reference,
    Section,
    TranslatedSegment,
    Translation,
    WarningSign,
)
from reviews.provenance.models import ReviewerProfile
from reviews.workflow import services, translations

from ...content import load_content

# Days before today that each article was first approved; the rest spread out evenly.
FIRST_REVIEW_DAYS_AGO = {
    "muscle-atrophy": 480,  # confirmed still accurate 115 days ago (below)
    "muscle-weakness": 348,  # due within 30 days
    "fatigue": 357,  # due within 30 days
    "dizziness": 420,  # overdue past the grace period: the public page says so
}
CONFIRMED_DAYS_AGO = {"muscle-atrophy": 115}
# Days before today that each translation was approved (demo/content/translations/).
TRANSLATED_DAYS_AGO = {"muscle-cramps": 30, "dizziness": 45, "back-pain": 20}
# English changed after its translation was approved: the translation is stale (not held
# back: the advice on when to get help did not change), and the dashboard says so.
CHANGED_AFTER_TRANSLATION = {
    "muscle-cramps": {
        "days_ago": 6,
        "summary": "Added the Mayo Clinic's page as a source.",
        "reference": {
            "title": "Muscle cramp: symptoms and causes",
            "publisher": "Mayo Clinic",
            "url": "https://www.mayoclinic.org/diseases-conditions/muscle-cramp/symptoms-causes/syc-20350820",
        },
    }
}
REVIEWER_PROFILE = {
    "slug": "rosa-reyes",
    "display_name": "Dr Rosa Reyes",
    "credentials": "MD, FACS",
    "registration": "DEMO 0000001 (not a real registration)",
    "specialty": "Neurology and neuromuscular medicine",
    "bio": "Consultant neurologist with an interest in nerve and muscle disease. Demo reviewer.",
    "languages": "en es",  # she also signs off the demo's Spanish translations
}

# The demo accounts' second factor: a published key, like their passwords. Get the current
# code with `python manage.py demo_code reviewer`, or add DEMO_TOTP_URI to an authenticator.
DEMO_TOTP_KEY = b"SymptomSite demo key".hex()

DEMO_ACCOUNTS = [
    # username, password, group, superuser, full name, role in words, where they work
    ("admin", "symptomsite-admin", "Site admins", True, "Ada Admin", "site admin, superuser", ["/admin/", "/review/"]),
    ("editor", "symptomsite-editor", "Editors", False, "Eddie Editor", "editor", ["/admin/"]),
    ("reviewer", "symptomsite-reviewer", "Medical reviewers", False, "Rosa Reyes", "medical reviewer", ["/review/"]),
    ("translator", "symptomsite-translator", "Editors", False, "Marta Ruiz", "translator (an editor)", ["/admin/"]),
]
# The summary's lines, in this order: (kind as reported, heading).
KINDS = [
    ("article", "Articles"),
    ("condition", "Conditions"),
    ("category", "Categories"),
    ("sign", "Warning signs"),
    ("translation", "Translations"),
    ("account", "Accounts"),
]


class Command(BaseCommand):
    help = "Create the demo categories, conditions, articles and accounts that do not exist yet."

    def add_arguments(self, parser):
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Create the demo accounts even when DEBUG is off (they have published passwords).",
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="The port the site runs on, for the addresses printed (8000)."
        )

    @transaction.atomic
    def handle(self, *args, accounts=False, port=8000, verbosity=1, **options):
        content = load_content()
        self.verbosity = verbosity
        self.counts = {}
        with_passwords = accounts or settings.DEBUG
        users = self.accounts(with_passwords=with_passwords)
        with acting_as(users["editor"]):  # the demo editor writes the demo content
            self.write(content, users)
        if verbosity >= 1:
            self.summary(with_passwords=with_passwords, site=f"http://127.0.0.1:{port}")

    def write(self, content, users):
        categories = {row["slug"]: self.category(row) for row in content.categories}
        conditions = {row["slug"]: self.condition(row) for row in content.conditions}
        signs = {row["text"]: self.sign(row, conditions) for row in content.signs}
        articles = {}
        new = []
        for row in content.articles:
            article, created = self.article(row)
            articles[row["slug"]] = article
            if created:
                new.append((article, row))
        # Links between articles can point forwards, so fill new articles once all exist.
        today = timezone.localdate()
        for index, (article, row) in enumerate(new):
            days_ago = FIRST_REVIEW_DAYS_AGO.get(article.slug, 40 + (index * 37) % 280)
            # Sources were read a little before the first review.
            accessed = today - datetime.timedelta(days=days_ago + 5)
            links = {"articles": articles, "categories": categories, "conditions": conditions, "signs": signs}
            self.fill(article, row, accessed=accessed, **links)
            self.sign_off(article, days_ago=days_ago, editor=users["editor"], reviewer=users["reviewer"])
        created = {article.slug for article, _ in new}
        for language, texts in content.translations.items():
            for slug in texts:
                if slug in created:
                    self.translate(articles[slug], language, texts[slug], users=users)
                else:
                    self.report("translation", f"{slug} ({language})", False)
        for article, _ in new:
            if later := CHANGED_AFTER_TRANSLATION.get(article.slug):
                self.change_later(article, later, users=users)

    def translate(self, article, language, texts, *, users):
        """The demo translator translates the article from the demo's texts (matched by their
        English), and the bilingual demo reviewer signs the translation off."""
        translator, reviewer = users["translator"], users["reviewer"]
        approved_at = timezone.now() - datetime.timedelta(days=TRANSLATED_DAYS_AGO.get(article.slug, 10))
        with acting_as(translator):
            translation, _ = Translation.objects.get_or_create(article=article, language=language)
        translations.sync_translation(translation=translation, by=translator)
        filled = []
        for segment in translation.segments.all():
            text = texts.get(segment.source.strip(), "")
            if not text and segment.required:
                raise CommandError(
                    f"translations/{language}/{article.slug}.yaml has no text for “{segment.source[:60]}”"
                )
            if text and segment.required:  # a reference's title stays as it was published
                segment.text = text
                filled.append(segment)
        with acting_as(translator):
            TranslatedSegment.objects.bulk_update(filled, ["text"])
        revision = translations.submit_translation(
            translation=translation, by=translator, summary="Translation of the article.",
            now=approved_at - datetime.timedelta(days=1),
        )  # fmt: skip
        translations.approve_translation(
            revision=revision, reviewer=reviewer, comment="Faithful and clear.", now=approved_at
        )
        self.report("translation", f"{article.slug} ({language})", True)

    def change_later(self, article, later, *, users):
        """A change to the English after it was translated, signed off like any other."""
        approved_at = timezone.now() - datetime.timedelta(days=later["days_ago"])
        order = article.references.count() + 1
        Reference.objects.create(article=article, order=order, accessed=approved_at.date(), **later["reference"])
        revision = services.submit_for_review(
            article=article, by=users["editor"], summary=later["summary"], now=approved_at - datetime.timedelta(hours=3)
        )
        services.approve(revision=revision, reviewer=users["reviewer"], comment="Good source.", now=approved_at)

    def report(self, kind, label, created):
        counts = self.counts.setdefault(kind, {"created": 0, "unchanged": 0})
        counts["created" if created else "unchanged"] += 1
        if self.verbosity >= 2:
            self.stdout.write(f"  {kind} {label}: {'created' if created else 'exists, left unchanged'}")

    def summary(self, *, with_passwords, site):
        """One line per kind of record, then the accounts and where each one works."""
        for kind, heading in KINDS:
            counts = self.counts.get(kind, {"created": 0, "unchanged": 0})
            self.stdout.write(f"{heading}: {counts['created']} created, {counts['unchanged']} unchanged")
        if not with_passwords:
            self.stdout.write("Demo accounts have no password: DEBUG is off (pass --accounts to set them).")
            return
        rows = [("username", "password", "role", "works at")] + [
            (username, password, role, " and ".join(site + path for path in places))
            for username, password, _, _, _, role, places in DEMO_ACCOUNTS
        ]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        self.stdout.write(f"\nPublic site: {site}/")
        self.stdout.write(
            f"Demo accounts, for local use only (the passwords are published). Log in at {site}/account/login/"
        )
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[3]
            )
        self.stdout.write(
            "Second factor: admin and reviewer also type a 6-digit code after the password; "
            "`make demo-code` (reviewer) or `make demo-code ACCOUNT=admin` prints the current one."
        )

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
                "lay_terms": "\n".join(row.get("lay_terms", [])),
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
                "lay_terms": "\n".join(row.get("lay_terms", [])),
                "copyright_holder": row.get("copyright_holder", "SymptomSite contributors"),
            },
        )
        self.report("article", row["slug"], created)
        return article, created

    def sign(self, row, conditions):
        sign, created = WarningSign.objects.get_or_create(
            text=row["text"], defaults={"tier": row["tier"], "condition": conditions.get(row.get("condition"))}
        )
        self.report("sign", row["text"], created)
        return sign

    def fill(self, article, row, *, articles, categories, conditions, signs, accessed):
        article.categories.set(categories[slug] for slug in row.get("categories", []))
        care = row.get("care", {})
        given = [text for tier in ("emergency", "urgent", "routine") for text in care.get(tier, [])]
        CareAdvice.objects.bulk_create(
            CareAdvice(article=article, order=order, sign=signs[text]) for order, text in enumerate(given, start=1)
        )
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
                        likelihood=e_row.get("likelihood", ""),
                    )
                    for e_order, e_row in enumerate(g_row.get("entries", []), start=1)
                )
        self.references(article, row, accessed=accessed)

    def references(self, article, row, *, accessed):
        Reference.objects.bulk_create(
            Reference(
                article=article,
                order=order,
                title=ref["title"],
                publisher=ref.get("publisher", ""),
                url=ref.get("url", ""),
                doi=ref.get("doi", ""),
                pmid=ref.get("pmid", ""),
                year=ref.get("year"),
                accessed=accessed,  # the demo sources were all read before the first review
            )
            for order, ref in enumerate(row.get("references", []), start=1)
        )

    def sign_off(self, article, *, days_ago, editor, reviewer):
        now = timezone.now()
        approved_at = now - datetime.timedelta(days=days_ago)
        Article.objects.filter(pk=article.pk).update(last_edited_by=editor)
        article.refresh_from_db()
        revision = services.submit_for_review(
            article=article,
            by=editor,
            summary="First version of the article.",
            now=approved_at - datetime.timedelta(days=2),
        )
        services.approve(revision=revision, reviewer=reviewer, comment="Accurate and clear.", now=approved_at)
        if article.slug in CONFIRMED_DAYS_AGO:
            services.confirm_still_accurate(
                article=article,
                reviewer=reviewer,
                comment="Annual review: still accurate.",
                now=now - datetime.timedelta(days=CONFIRMED_DAYS_AGO[article.slug]),
            )

    def accounts(self, *, with_passwords):
        """The demo users; without passwords they exist only as the demo's authors."""
        User = get_user_model()
        users = {}
        for username, password, group_name, superuser, full_name, _, _ in DEMO_ACCOUNTS:
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
            if created or (with_passwords and not user.has_usable_password()):
                if with_passwords:
                    user.set_password(password)
                else:
                    user.set_unusable_password()
                user.save(update_fields=["password"])
            if created:
                user.groups.add(Group.objects.get(name=group_name))
            users[username] = user
            self.report("account", username, created)
        ReviewerProfile.objects.get_or_create(user=users["reviewer"], defaults=REVIEWER_PROFILE)
        if with_passwords:
            for username in ("admin", "reviewer"):  # they must sign in with a second factor
                TOTPDevice.objects.get_or_create(
                    user=users[username], name="default", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
                )
        return users
