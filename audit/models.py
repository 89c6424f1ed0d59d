"""The site-wide audit log: who signed in, who was refused, who downloaded what."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Locked out")
    LOGOUT = "logout", _("Logout")
    TIMEOUT = "timeout", _("Session ended")
    DENIED = "denied", _("Denied request")
    EXPORT = "export", _("Export")
    PURGE = "purge", _("Deleted for good")


class Event(models.Model):
    """One thing that happened, written once and never changed."""

    Kind = EventKind

    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # The name is kept besides the link: failed logins name no real user, and a
    # deleted user's events must still say who it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField(_("login name"), max_length=150, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=10, blank=True)
    path = models.CharField(_("page address"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    detail = models.CharField(_("event detail"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "-created_at"], name="audit_kind_time"),
            models.Index(fields=["user", "-created_at"], name="audit_user_time"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        # Append-only: a record that could be edited would prove nothing.
        if not self._state.adding:
            raise ValueError("Audit events are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are never deleted.")
