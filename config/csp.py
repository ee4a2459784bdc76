"""Content-Security-Policy: one policy for the whole portal, two places where framing is allowed.

The policy itself is CONTENT_SECURITY_POLICY in settings. Django's X-Frame-Options flags decide
framing, and the CSP frame-ancestors follows them, so the two headers can never disagree:
- a view exempt from X-Frame-Options (the public widget) may be framed by WIDGET_FRAME_ANCESTORS;
- a view marked SAMEORIGIN (the PDF shown in the page's <object>) may be framed by the portal only.
"""

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from django.conf import settings


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        ancestors = None
        if getattr(response, "xframe_options_exempt", False):
            ancestors = list(settings.WIDGET_FRAME_ANCESTORS)
        elif response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
            ancestors = [SELF]
        if ancestors is not None:
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ancestors}
        return parts
