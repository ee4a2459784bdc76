"""Hooks for the apps above ``people``.

``consent_withdrawn`` is sent after a consent is withdrawn, with ``consent`` and
``on`` (the date it stops being in force). Mentorships listen to it to flag pairs
whose participant withdrew; the public section listens to hide what may no
longer be published. Receivers run inside the withdrawing transaction.
"""

from django.dispatch import Signal

consent_withdrawn = Signal()
