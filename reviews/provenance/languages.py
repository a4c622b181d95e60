"""The languages a clinician reviews in: a reviewer profile lists them, and only a
clinician whose profile lists a translation's language signs it off."""

from django.conf import settings
from django.core.exceptions import ValidationError


def validate_languages(value: str) -> None:
    known = {code.split("-")[0] for code, _ in settings.LANGUAGES}
    codes = value.split()
    if not codes:
        raise ValidationError("List at least one language.", code="no_language")
    if unknown := [code for code in codes if code not in known]:
        raise ValidationError(
            f"Unknown language code: {', '.join(unknown)}. Use {', '.join(sorted(known))}.", code="unknown_language"
        )
