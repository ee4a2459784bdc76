"""A director who leaves loses the ability to sign at once: removing the role revokes the certificate."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Membership
from accounts.roles import Role


@receiver(post_delete, sender=Membership)
def _role_removed(sender, instance, **kwargs):
    if instance.role == Role.DIRECTOR and instance.school_id:
        from signatures.issuing import director_left

        director_left(user=instance.user_id, school=instance.school_id)


@receiver(post_save, sender=Membership)
def _role_changed(sender, instance, created, **kwargs):
    """A membership edited from director to another role (the admin) ends the director's role too."""
    if not created and instance.role != Role.DIRECTOR and instance.school_id:
        from signatures.issuing import director_left

        director_left(user=instance.user_id, school=instance.school_id)
