"""What the article editor posts, built as the nested admin form builds it."""

from articles.editing import edit_token
from articles.models import Urgency


def management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def group_post(prefix, *, heading, lead_in, urgency, entries):
    """One list of a section: ``entries`` are the fields of each entry (condition,
    related_article or text), numbered in order."""
    data = {
        f"{prefix}-order": prefix.rsplit("-", 1)[1],
        f"{prefix}-heading": heading,
        f"{prefix}-lead_in": lead_in,
        f"{prefix}-urgency": urgency,
        **management(f"{prefix}-entries", len(entries)),
    }
    for number, fields in enumerate(entries):
        data[f"{prefix}-entries-{number}-order"] = str(number + 1)
        data.update({f"{prefix}-entries-{number}-{name}": value for name, value in fields.items()})
    return data


def article_post(*, category, condition, stroke, related):
    """A two-section article posted as the nested admin form posts it."""
    return {
        "title": "Muscle cramps",
        "slug": "muscle-cramps",
        "question": "What causes muscle cramps?",
        "lead": "Cramps are sudden, painful tightening of a muscle.",
        "categories": [str(category.pk)],
        "copyright_holder": "SymptomSite contributors",
        **management("sections", 2),
        "sections-0-order": "1",
        "sections-0-heading": "Common causes",
        "sections-0-body": "Most cramps are *harmless*.",
        **management("sections-0-groups", 2),
        **group_post(
            "sections-0-groups-0",
            heading="General causes",
            lead_in="Often:",
            urgency=Urgency.NORMAL,
            entries=[{"condition": str(condition.pk)}, {"related_article": str(related.pk)}],
        ),
        **group_post(
            "sections-0-groups-1",
            heading="Emergencies",
            lead_in="Call 999 now if:",
            urgency=Urgency.EMERGENCY,
            entries=[{"condition": str(stroke.pk)}],
        ),
        "sections-1-order": "2",
        "sections-1-heading": "Questions for diagnosing the cause",
        "sections-1-body": "",
        **management("sections-1-groups", 1),
        **group_post(
            "sections-1-groups-0",
            heading="",
            lead_in="",
            urgency=Urgency.NORMAL,
            entries=[{"text": "When did the cramps start?"}],
        ),
        **management("care_advice", 0),
        **references_post(
            [
                ("Muscle cramps", "MedlinePlus", "https://medlineplus.gov/ency/article/003193.htm", "2026-10-01"),
                ("Cramp", "NHS", "https://www.nhs.uk/conditions/leg-cramps/", ""),
            ]
        ),
    }


def references_post(references):
    data = management("references", len(references))
    for number, (title, publisher, url, accessed) in enumerate(references):
        prefix = f"references-{number}"
        data.update({f"{prefix}-order": str(number + 1), f"{prefix}-title": title, f"{prefix}-publisher": publisher})
        data.update({f"{prefix}-url": url, f"{prefix}-accessed": accessed})
    return data


def change_post(article):
    """The change form's data for an article as it stands (sections and groups only)."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "question": article.question,
        "lead": article.lead,
        "copyright_holder": article.copyright_holder,
        "edit_token": edit_token(article.pk),
        **management("references", 0),
        **management("care_advice", 0),
    }
    sections = list(article.sections.all())
    data.update(management("sections", len(sections), len(sections)))
    for i, section in enumerate(sections):
        p = f"sections-{i}"
        data.update({f"{p}-id": section.pk, f"{p}-article": article.pk, f"{p}-order": section.order})
        data.update({f"{p}-heading": section.heading, f"{p}-body": section.body})
        groups = list(section.groups.all())
        data.update(management(f"{p}-groups", len(groups), len(groups)))
        for j, group in enumerate(groups):
            data.update(_existing_group(f"{p}-groups-{j}", section, group))
    return data


def _existing_group(prefix, section, group):
    data = {f"{prefix}-id": group.pk, f"{prefix}-section": section.pk, f"{prefix}-order": group.order}
    data.update({f"{prefix}-heading": group.heading, f"{prefix}-lead_in": group.lead_in})
    data[f"{prefix}-urgency"] = group.urgency
    entries = list(group.entries.all())
    data.update(management(f"{prefix}-entries", len(entries), len(entries)))
    for k, entry in enumerate(entries):
        e = f"{prefix}-entries-{k}"
        data.update({f"{e}-id": entry.pk, f"{e}-group": group.pk, f"{e}-order": entry.order})
        data.update(
            {f"{e}-condition": entry.condition_id or "", f"{e}-related_article": entry.related_article_id or ""}
        )
        data[f"{e}-text"] = entry.text
        data[f"{e}-note"] = entry.note
    return data
