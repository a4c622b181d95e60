from django.conf import settings
from django.utils.translation import gettext, gettext_noop

# URGENT_ADVICE's default (settings.py), named here for the catalogue: the default is
# shown in the reader's language, a deployment's own wording as it is set.
DEFAULT_URGENT_ADVICE = gettext_noop("your doctor's office, an urgent care center or a nurse advice line")


def site(request):
    """What every page may say: the site's name, and the emergency and urgent-advice wording."""
    advice = settings.URGENT_ADVICE
    return {
        "SITE_NAME": settings.SITE_NAME,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        # gettext("") would be the catalogue's header.
        "URGENT_ADVICE": gettext(advice) if advice == DEFAULT_URGENT_ADVICE else advice,
    }
