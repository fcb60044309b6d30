"""Proposed corrections: the list, and one page per proposal where a reviewer reads it as a
diff against the live version and approves it or sends it back (incidents/proposals.py).

Editors see the list and the pages too — their own proposals' state, the reviewer's note on
one sent back, and a button to withdraw one still waiting — but only a reviewer decides.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods

from .. import proposals, publishing
from ..models import Proposal


class DecisionForm(forms.Form):
    review_note = forms.CharField(
        label="Note to the editor",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to send it back: say what to change.",
    )
    prefer_proposed = forms.BooleanField(
        label="Use the proposal’s values where both changed the same field (listed above)",
        required=False,
    )


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ("__str__", "target_kind", "state", "created_by", "created_at", "decided_by")
    list_filter = ("state",)
    list_select_related = ("event", "actor", "source", "tag", "place", "created_by", "decided_by")
    date_hierarchy = "created_at"

    # Proposals are made by saving the record itself and decided on their own page.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        user = request.user
        return user.is_active and user.is_staff and user.has_perm("incidents.change_event")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_view_permission(request, obj) and publishing.can_publish(request.user)

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description="correction of")
    def target_kind(self, obj: Proposal) -> str:
        return obj.target._meta.verbose_name

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return require_http_methods(["GET", "POST"])(self.review_view)(request, object_id)

    def review_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        if not unquote(object_id).isdigit():
            raise Http404
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None or not self.has_view_permission(request, proposal):
            raise Http404
        form = DecisionForm(request.POST or None)
        if request.method == "POST":
            response = self.decide(request, proposal, form)
            if response is not None:
                return response
        review = proposals.review(proposal)
        context = {
            **self.admin_site.each_context(request),
            "title": str(proposal),
            "opts": self.opts,
            "proposal": proposal,
            "review": review,
            "form": form,
            "may_decide": proposal.is_pending and publishing.can_publish(request.user),
            "may_withdraw": proposal.is_pending and proposal.created_by_id == request.user.pk,
            "target_url": _admin_url(proposal.target),
        }
        return TemplateResponse(request, "admin/incidents/proposal_review.html", context)

    def decide(self, request: HttpRequest, proposal: Proposal, form: DecisionForm):
        """Approve, send back or withdraw; None to show the page again with the reason."""
        action = request.POST.get("action")
        if not form.is_valid():
            return None
        try:
            if action == "approve":
                prefer = form.cleaned_data["prefer_proposed"]
                approved = proposals.approve(proposal, request.user, prefer_proposed=prefer)
                message = format_html(
                    "Approved correction #{} by {}: “{}” is live.",
                    approved.pk,
                    approved.created_by or "an editor",
                    approved.target,  # read after the change
                )
            elif action == "send_back":
                proposals.send_back(proposal, request.user, form.cleaned_data["review_note"])
                message = f"Sent correction #{proposal.pk} back to {proposal.created_by}."
            elif action == "withdraw":
                proposals.withdraw(proposal, request.user)
                message = f"Withdrew correction #{proposal.pk}."
            else:
                return None
        except proposals.ProposalConflict:
            form.add_error(
                None,
                "The live version changed the same fields since this correction was made "
                "(listed above). Tick the box to use the proposal’s values there, or send "
                "it back.",
            )
            return None
        except proposals.ProposalRefused as exc:
            form.add_error(None, exc.messages)
            return None
        except forms.ValidationError as exc:  # a publishing rule or the record's validation
            form.add_error(None, ["It cannot go live as it is:", *exc.messages])
            return None
        except IntegrityError:  # a value another record took since (a slug, a URL)
            form.add_error(
                None,
                "It cannot go live as it is: another record now has one of its unique values. "
                "Send it back, or change that record first.",
            )
            return None
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(request.path)


def _admin_url(obj) -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(obj.pk,))
