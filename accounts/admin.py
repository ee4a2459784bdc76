from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Municipality, Region, School, User
from accounts.roles import Role
from portal.uploads import LogoField, delete_replaced_file


class MembershipAdminForm(forms.ModelForm):
    """A school's curator is appointed by the director's signed order (documents), never here."""

    class Meta:
        model = Membership
        fields = ["user", "role", "school", "municipality", "region"]

    def clean(self):
        data = super().clean()
        appointing = data.get("role") == Role.CURATOR and (
            self.instance.pk is None or self.instance.role != Role.CURATOR or "school" in self.changed_data
        )
        if appointing:
            raise forms.ValidationError(
                _("A curator is appointed by the director's order: draft «%(order)s» in the school's documents.")
                % {"order": "О назначении куратора"}
            )
        return data


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0
    autocomplete_fields = ["school", "municipality", "region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets[:1],
        (_("Personal info"), {"fields": ("last_name", "first_name", "patronymic", "email")}),
        *BaseUserAdmin.fieldsets[2:],
    )
    inlines = [MembershipInline]
    list_display = ["username", "last_name", "first_name", "patronymic", "email", "is_active"]
    search_fields = ["username", "last_name", "first_name", "email"]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "region"]
    list_filter = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["short_name", "slug", "municipality", "time_zone"]
    list_filter = ["municipality", "time_zone"]
    search_fields = ["full_name", "short_name", "slug"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "logo":
            kwargs["form_class"] = LogoField
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        delete_replaced_file(obj, "logo")
        super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "role", "school", "municipality"]
    list_filter = ["role", "school", "municipality"]
    search_fields = ["user__username", "user__last_name"]
    autocomplete_fields = ["user", "school", "municipality"]
