"""Content-Security-Policy through django-csp (the policy is CONTENT_SECURITY_POLICY in
settings): nothing runs or loads that the site does not serve itself, and no page can be
framed by another site. One exception, by path: the review page frames the revision
preview, so that preview may be framed by the site itself."""

from csp.constants import SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.http import HttpRequest, HttpResponseBase

FRAMED_BY_SELF = ("/preview/revisions/",)


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith(FRAMED_BY_SELF):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts
