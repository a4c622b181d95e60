"""Machine-readable descriptions of live pages: canonical URLs, breadcrumbs and
schema.org JSON-LD, all built from signed-off data."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from articles.document import entries

from .paths import slug_path


def absolute(path):
    return settings.SITE_URL + path


def breadcrumb_list(trail):
    """schema.org BreadcrumbList for [(name, path)], home first."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(path)}
            for n, (name, path) in enumerate(trail, start=1)
        ],
    }


def article_path(slug):
    return slug_path("public:detail", slug)


def article_trail(document):
    trail = [(gettext("Home"), reverse("public:home"))]
    if document["categories"]:
        first = document["categories"][0]
        trail.append((first["name"], slug_path("public:category", first["slug"])))
    else:
        trail.append((gettext("Symptoms A–Z"), reverse("public:index")))
    trail.append((document["title"], article_path(document["slug"])))
    return trail


def medical_web_page(document, page, *, versions=None, translation=None):
    """JSON-LD for an article page: a MedicalWebPage about a MedicalSignOrSymptom whose
    causes are MedicalCauses (schema.org's type for ``cause``; each names and links the
    condition's page), reviewed by a Person, with citations; with ``versions``, its
    languages (_name_languages)."""
    url = versions.here if versions else absolute(article_path(document["slug"]))
    causes: dict[str, dict] = {}
    for _, _, entry in entries(document, "condition"):
        causes.setdefault(
            entry["slug"],
            {
                "@type": "MedicalCause",
                "name": entry["name"],
                "url": absolute(slug_path("public:condition", entry["slug"])),
                **({"description": entry["gloss"]} if entry["gloss"] else {}),
            },
        )
    publisher = {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}
    web_page = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": document["question"],
        "headline": document["question"],
        "description": document["lead"],
        "inLanguage": "en-US",
        "lastReviewed": page.last_reviewed.isoformat(),
        "dateModified": page.last_reviewed.isoformat(),
        "reviewedBy": {
            "@type": "Person",
            "name": page.reviewer_name,
            "honorificSuffix": page.reviewer_credentials,
            "url": absolute(slug_path("public:reviewer", page.reviewer_slug)),
        },
        "about": {"@type": "MedicalSignOrSymptom", "name": document["title"], "cause": list(causes.values())},
        "citation": [
            {
                "@type": "CreativeWork",
                "name": ref["title"],
                **({"url": ref["url"]} if ref["url"] else {}),
                **({"publisher": {"@type": "Organization", "name": ref["publisher"]}} if ref["publisher"] else {}),
            }
            for ref in document["references"]
        ],
        "publisher": publisher,
        "copyrightHolder": {"@type": "Organization", "name": document["copyright_holder"]},
        "breadcrumb": breadcrumb_list(article_trail(document)),
    }
    _name_languages(web_page, versions, translation)
    return {"@context": "https://schema.org", **web_page}


def _name_languages(web_page, versions, translation):
    """The English page names its offered translations; a translation names the English
    it translates, and the clinician who reviewed the translation and its translators."""
    if translation is None:
        if versions and versions.others:
            web_page["workTranslation"] = [
                {"@type": "MedicalWebPage", "@id": v.url, "inLanguage": v.hreflang} for v in versions.others
            ]
        return
    web_page["inLanguage"] = translation.language
    web_page["translationOfWork"] = {"@type": "MedicalWebPage", "@id": versions.default, "inLanguage": "en-US"}
    web_page["lastReviewed"] = web_page["dateModified"] = translation.last_reviewed.isoformat()
    web_page["reviewedBy"] = {
        "@type": "Person",
        "name": translation.reviewer_name,
        "honorificSuffix": translation.reviewer_credentials,
        "url": absolute(slug_path("public:reviewer", translation.reviewer_slug)),
    }
    web_page["translator"] = [{"@type": "Person", "name": name} for name in translation.translators]
