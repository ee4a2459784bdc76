"""Walks the portal's URL configuration, so access tests cover every page."""

from django.urls import URLPattern, URLResolver, get_resolver

# Django's own machinery, tested by Django and guarded by its own checks.
FOREIGN_NAMESPACES = {"admin"}


def iter_patterns(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in FOREIGN_NAMESPACES:
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from iter_patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", prefix + str(entry.pattern), list(entry.pattern.converters)
