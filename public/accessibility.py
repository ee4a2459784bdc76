"""The public section's version for the visually impaired (ГОСТ Р 52872-2019): font size, colour
scheme, images on/off and letter spacing, chosen with plain links and kept in one cookie.

The server renders the choice as classes on <html>, so it works without JavaScript; whatever a
cookie or a query string holds outside the allowed values falls back to the default."""

from dataclasses import dataclass, replace

COOKIE = "a11y"
COOKIE_MAX_AGE = 365 * 24 * 3600

# Each setting's allowed values, the default first.
CHOICES = {
    "size": ("1", "2", "3"),
    "scheme": ("bw", "wb", "blue"),  # black on white, white on black, dark blue on light blue
    "images": ("on", "off"),
    "spacing": ("normal", "large"),
}
# The query parameters the controls send: ?a11y=1|0 turns the version on or off, the others set one setting.
PARAMETERS = ("a11y", *CHOICES)


def _allowed(name: str, value) -> str:
    allowed = CHOICES[name]
    return value if value in allowed else allowed[0]


@dataclass(frozen=True)
class Settings:
    enabled: bool = False
    size: str = "1"
    scheme: str = "bw"
    images: str = "on"
    spacing: str = "normal"

    @classmethod
    def from_cookie(cls, value: str | None) -> "Settings":
        """``"1"`` (as set before the settings existed) is the version with defaults; otherwise
        ``enabled.size.scheme.images.spacing``, e.g. ``1.3.wb.off.large``."""
        parts = (value or "").split(".")
        values = dict(zip(CHOICES, parts[1:], strict=False))
        return cls(enabled=parts[0] == "1", **{name: _allowed(name, values.get(name)) for name in CHOICES})

    def to_cookie(self) -> str:
        # The choices are kept while the plain version is shown: turning the version back on restores them.
        return ".".join(["1" if self.enabled else "0", *(getattr(self, name) for name in CHOICES)])

    def updated(self, query) -> "Settings":
        """The settings after a control was used: ``query`` holds one or more of PARAMETERS."""
        changes = {name: _allowed(name, query[name]) for name in CHOICES if name in query}
        enabled = query["a11y"] == "1" if "a11y" in query else True
        return replace(self, enabled=enabled, **changes)

    @property
    def cache_key(self) -> str:
        """What the rendered page depends on: the plain version is the same whatever was chosen."""
        return self.to_cookie() if self.enabled else "0"

    @property
    def html_class(self) -> str:
        if not self.enabled:
            return ""
        return " ".join(["a11y", *(f"a11y-{name}-{getattr(self, name)}" for name in CHOICES)])

    @property
    def images_off(self) -> bool:
        return self.enabled and self.images == "off"


def settings_of(request) -> Settings:
    return Settings.from_cookie(request.COOKIES.get(COOKIE))


def wants_change(request) -> bool:
    return any(name in request.GET for name in PARAMETERS)


def remember(response, settings: Settings) -> None:
    response.set_cookie(COOKIE, settings.to_cookie(), max_age=COOKIE_MAX_AGE, samesite="Lax")
