from django.conf import settings


def site(request):
    """What every page may say: the site's name, and the emergency and urgent-advice wording."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "URGENT_ADVICE": settings.URGENT_ADVICE,
    }
