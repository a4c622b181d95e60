"""Accounts in the admin: who may change which account settings. Replaces
django.contrib.auth's user admin, as Django documents for a custom user admin."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin


class RoleSafeUserAdmin(UserAdmin):
    """Site admins manage accounts but cannot escalate: only superusers grant superuser
    status or single permissions, and nobody but a superuser changes their own roles
    (so a site admin cannot make themself a medical reviewer)."""

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += ["is_superuser", "user_permissions"]
            if obj is not None and obj.pk == request.user.pk:
                readonly += ["groups", "is_staff", "is_active"]
        return readonly


User = get_user_model()
admin.site.unregister(User)
admin.site.register(User, RoleSafeUserAdmin)
