from django.contrib import admin

from people.models import PartnerOrganization, Person


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "school"]
    list_filter = ["school"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "patronymic", "kind", "position", "school", "left_on"]
    list_filter = ["school", "kind", "qualification_category"]
    search_fields = ["last_name", "first_name", "employee_number"]
    raw_id_fields = ["user"]
