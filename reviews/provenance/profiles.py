"""What a reviewer profile holds besides its fields: the key that tells two clinicians
apart (``fold``), and the languages a clinician reviews in (only a clinician whose
profile lists a translation's language signs it off)."""

import unicodedata

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


def fold(text: str) -> str:
    """``text`` as it identifies someone: compatibility forms unified, case folded, only
    letters and digits kept ("Dr. Rosa  Reyes" and "dr rosa reyes" are "drrosareyes")."""
    return "".join(character for character in unicodedata.normalize("NFKC", text).casefold() if character.isalnum())
