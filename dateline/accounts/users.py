"""Wagtail's user and group admin, bounded by the acting user's rights (`accounts.access`).

`INSTALLED_APPS` lists `dateline.accounts.users_app.UsersConfig` in place of `wagtail.users`.

- The user forms offer only what the acting user may grant: the superuser and staff flags
  to those who hold them, the groups whose rights they hold.
- Every save (user create and edit, group create and edit with its page, collection and
  settings permission panels) runs in one transaction and is undone, with a form error
  naming the rights, if the user or group ends up holding anything beyond the acting
  user's rights as they stood before the save (so no one raises themselves either).
- A group holding rights beyond yours cannot be opened, changed or deleted.
- "Assign role" lists and accepts only groups within your rights (`core.wagtail_hooks`
  refuses a forged choice as well).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.functional import cached_property
from wagtail.admin.auth import permission_denied
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views import groups as wagtail_groups
from wagtail.users.views import users as wagtail_users
from wagtail.users.views.bulk_actions.assign_role import AssignRoleBulkAction

from .access import Rights, grantable_groups, group_outranks

# Flags a form may carry: each only for a user who holds it.
FLAGS = ("is_superuser", "is_staff")


class RightsExceeded(Exception):
    """The change would give a user or group a right the acting user lacks."""

    def __init__(self, excess: list[str]) -> None:
        super().__init__(
            "You cannot grant rights you do not hold yourself: " + "; ".join(excess) + "."
        )


def refuse_beyond(rights: Rights, held: Rights) -> None:
    excess = rights.beyond(held)
    if excess:
        raise RightsExceeded(excess)


class GrantBoundedUserForm(forms.ModelForm):
    """Mixed into Wagtail's user forms: only what `granter` holds is offered."""

    def __init__(self, *args, granter=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if granter is None or granter.is_superuser:
            return
        for flag in FLAGS:
            if flag in self.fields and not getattr(granter, flag, False):
                del self.fields[flag]
        if "groups" in self.fields:
            self.fields["groups"].queryset = Group.objects.filter(
                pk__in=grantable_groups(granter)
            ).order_by("name")
        if "user_permissions" in self.fields:
            self.fields["user_permissions"].queryset = self.fields[
                "user_permissions"
            ].queryset.filter(pk__in=Rights.of_user(granter).permissions)


class BoundedUserCreationForm(GrantBoundedUserForm, UserCreationForm):
    pass


class BoundedUserEditForm(GrantBoundedUserForm, UserEditForm):
    pass


class RightsBoundedSaveMixin:
    """Save in a transaction and undo it if the result exceeds the acting user's rights."""

    creates = False

    @cached_property
    def granter_rights(self) -> Rights:
        return Rights.of_user(self.request.user)

    def rights_after_save(self, instance) -> Rights:
        raise NotImplementedError

    def bounded_save(self, save):
        held = self.granter_rights  # read before anything changes
        with transaction.atomic():
            result = save()
            refuse_beyond(self.rights_after_save(self.object), held)
        return result

    def refused(self, form, error: RightsExceeded):
        if self.creates:  # the rolled-back row is no more
            form.instance.pk = None
            form.instance._state.adding = True
        form.add_error(None, str(error))  # listed under the banner Wagtail shows
        self.produced_error_message = self.get_error_message()
        return self.form_invalid(form)


class UserFormKwargsMixin(RightsBoundedSaveMixin):
    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()
        kwargs["granter"] = self.request.user
        return kwargs

    def rights_after_save(self, instance) -> Rights:
        return Rights.of_user(instance)

    def save_instance(self):
        def save():
            self.object = super(UserFormKwargsMixin, self).save_instance()
            return self.object

        return self.bounded_save(save)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except RightsExceeded as error:
            return self.refused(form, error)


class UserCreateView(UserFormKwargsMixin, wagtail_users.CreateView):
    creates = True


class UserEditView(UserFormKwargsMixin, wagtail_users.EditView):
    pass


class UserViewSet(wagtail_users.UserViewSet):
    add_view_class = UserCreateView
    edit_view_class = UserEditView

    def get_form_class(self, for_update: bool = False):
        return BoundedUserEditForm if for_update else BoundedUserCreationForm


class GroupSaveMixin(RightsBoundedSaveMixin):
    """Wagtail saves the group, then each permission panel outside its transaction: here
    the group and every panel are one transaction, checked as a whole."""

    def rights_after_save(self, instance) -> Rights:
        return Rights.of_group(instance)

    def process_form(self):
        form = self.get_form()
        if not self.is_valid(form):
            return self.form_invalid(form)
        self.form = form

        def save():
            self.object = self.save_instance()
            for panel in self.permission_panel_forms:
                panel.save()

        try:
            self.bounded_save(save)
        except RightsExceeded as error:
            return self.refused(form, error)
        response = self.save_action()
        hook_response = self.run_after_hook()
        return hook_response if hook_response is not None else response


class GroupCreateView(GroupSaveMixin, wagtail_groups.CreateView):
    creates = True


class RefuseHigherGroupMixin:
    def dispatch(self, request, *args, **kwargs):
        if group_outranks(self.get_object(), request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


class GroupEditView(RefuseHigherGroupMixin, GroupSaveMixin, wagtail_groups.EditView):
    pass


class GroupDeleteView(RefuseHigherGroupMixin, wagtail_groups.DeleteView):
    pass


class GroupViewSet(wagtail_groups.GroupViewSet):
    add_view_class = GroupCreateView
    edit_view_class = GroupEditView
    delete_view_class = GroupDeleteView


class BoundedAssignRoleBulkAction(AssignRoleBulkAction):
    """Wagtail's "Assign role", listing only the groups within the acting user's rights."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["role"].queryset = Group.objects.filter(
            pk__in=grantable_groups(self.request.user)
        ).order_by("name")
        return form
