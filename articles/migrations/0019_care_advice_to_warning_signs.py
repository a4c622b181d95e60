"""Each "when to get help" statement becomes a shared warning sign: one sign per wording.

A wording that articles gave in two tiers becomes one sign in the most urgent of them
(emergency advice is never downgraded by a migration), and an article that gave the same
wording twice keeps its first row. Either way the article's document changes, so its
live page waits for a new sign-off, as any content change does."""

from django.db import migrations

URGENCY = {"emergency": 0, "urgent": 1, "routine": 2}


def to_signs(apps, schema_editor):
    CareAdvice = apps.get_model("articles", "CareAdvice")
    WarningSign = apps.get_model("articles", "WarningSign")
    tiers: dict[str, str] = {}
    for text, tier in CareAdvice.objects.order_by("pk").values_list("text", "tier"):
        if text not in tiers or URGENCY[tier] < URGENCY[tiers[text]]:
            tiers[text] = tier
    signs = {text: WarningSign.objects.create(text=text, tier=tier) for text, tier in tiers.items()}
    seen = set()
    for row in CareAdvice.objects.order_by("article_id", "order", "pk"):
        if (row.article_id, row.text) in seen:
            row.delete()
            continue
        seen.add((row.article_id, row.text))
        row.sign = signs[row.text]
        row.save(update_fields=["sign"])


def to_statements(apps, schema_editor):
    CareAdvice = apps.get_model("articles", "CareAdvice")
    for row in CareAdvice.objects.select_related("sign"):
        row.text, row.tier = row.sign.text, row.sign.tier
        row.save(update_fields=["text", "tier"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0018_warning_signs")]

    operations = [
        # Before the rows change, so that going back fills the statements before checking them.
        migrations.RemoveConstraint(model_name="careadvice", name="careadvice_tier_valid"),
        migrations.RemoveConstraint(model_name="careadvice", name="careadvice_text_not_empty"),
        migrations.RunPython(to_signs, to_statements),
    ]
