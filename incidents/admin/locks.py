"""Admin side of the rule "what a published event shows changes only through a reviewer".

The rule itself is ``publishing.edit_refusal``; these mixins make every admin path ask it:
the change form (read-only with the reason), saving, deleting one record or in bulk,
restoring a version from the history (simple-history asks ``has_change_permission``) and the
inline rows of a locked record. Recovery of deleted records asks it in
``history.restore_deleted``.
"""

from __future__ import annotations

from django.http import HttpRequest

from .. import publishing


def _stored(obj):
    """For a version shown from the history, the record as it is now (what a save changes)."""
    if getattr(obj, "_history", None) is not None:
        return type(obj)._default_manager.filter(pk=obj.pk).first() or obj
    return obj


def edit_refusal(request: HttpRequest, obj) -> str:
    """``publishing.edit_refusal`` for the stored record, asked once per request and record
    (the admin asks for every permission check of a page)."""
    if obj is None:
        return ""
    if obj.pk is None:
        return publishing.edit_refusal(request.user, obj)
    # A memo of a pure answer (same user, same stored record), not state between steps: the
    # permission hooks Django calls get the request and nothing else to keep it on.
    cache = request.__dict__.setdefault("_edit_refusals", {})
    key = (type(obj)._meta.label, obj.pk)
    if key not in cache:
        cache[key] = publishing.edit_refusal(request.user, _stored(obj))
    return cache[key]


class ReviewerOnlyWhenShown:
    """What a published event shows changes only through a reviewer (the rule is
    ``publishing.edit_refusal``): an editor sees it read-only with the reason, and saving,
    deleting (one or in bulk) and restoring a version are refused."""

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not edit_refusal(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not edit_refusal(request, obj)

    def get_form(self, request: HttpRequest, obj=None, change: bool = False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is None or getattr(obj, "_history", None) is None or not edit_refusal(request, obj):
            return form

        # A version from the history, for someone who may not restore it: shown, not editable
        # (the change form is read-only by itself; simple-history's restore form is not).
        class LockedVersionForm(form):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                for field in self.fields.values():
                    field.disabled = True

        return LockedVersionForm

    def readonly_reason(self, request: HttpRequest, obj) -> str:
        """Why an editor sees this record read-only (shown above the form)."""
        return edit_refusal(request, obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            context["readonly_reason"] = self.readonly_reason(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_deleted_objects(self, objs, request: HttpRequest):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        # The bulk "delete selected" action asks only for the model permission.
        if any(edit_refusal(request, obj) for obj in objs):
            perms_needed.add(f"{self.opts.verbose_name_plural} that only a reviewer may delete")
        return deleted, counts, perms_needed, protected


class FollowsParentLock:
    """Inline rows of a record an editor may not change are read-only too."""

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not edit_refusal(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not edit_refusal(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not edit_refusal(request, obj)
