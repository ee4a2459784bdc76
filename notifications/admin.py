from django.contrib import admin

from notifications.models import Notification, Preference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "school", "kind", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "school"]
    search_fields = ["title", "key", "user__username", "user__last_name"]
    readonly_fields = ["key", "created_at", "emailed_at"]
    raw_id_fields = ["user"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "days_before", "updated_at"]
    raw_id_fields = ["user"]
