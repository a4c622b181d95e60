from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.conf import settings

from reviews.accounts.security import asks_for_code, confirm_identity, identity_is_fresh

APPROVE, REQUEST_CHANGES = "approve", "request_changes"


class ConfirmsIdentity(forms.Form):
    """A sign-off or withdrawal form that asks for the password, and a code from the second
    factor, again when they were last given more than REAUTH_MINUTES ago (pass the
    request)."""

    submit_label = "Submit"
    submit_class = "btn-primary"

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if request is not None and not identity_is_fresh(request):
            why = f"Asked again because you last confirmed who you are more than {settings.REAUTH_MINUTES} minutes ago."
            self.fields["identity"] = forms.CharField(
                label="Your password",
                widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
                max_length=200,
                help_text=why,
            )
            if asks_for_code(request.user):
                self.fields["identity_code"] = forms.CharField(
                    label="A code from your authenticator app (or a recovery code)",
                    widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
                    max_length=16,
                )
        self.helper = FormHelper()
        self.helper.form_tag = False
        fields = [Field(name) for name in self.fields]
        self.helper.layout = Layout(*fields, Submit("submit", self.submit_label, css_class=self.submit_class))

    def clean(self):
        cleaned = super().clean() or {}
        asked = [name for name in ("identity", "identity_code") if name in self.fields]
        if asked and all(name in cleaned for name in asked):  # each given (else: "required")
            secrets = [cleaned.pop(name) for name in asked]  # checked, never kept
            if not confirm_identity(self.request, *secrets):
                self.add_error(asked[-1], forms.ValidationError("That password or code is not right.", code="identity"))
        return cleaned


class DecisionForm(ConfirmsIdentity):
    decision = forms.ChoiceField(
        choices=[(APPROVE, "Approve: publish this revision now"), (REQUEST_CHANGES, "Request changes")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="Required when you request changes; editors see it in the admin.",
    )

    submit_label = "Record decision"

    def __init__(self, *args, can_approve=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_approve:
            cast(forms.ChoiceField, self.fields["decision"]).choices = [(REQUEST_CHANGES, "Request changes")]

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("decision") == REQUEST_CHANGES and not cleaned.get("comment", "").strip():
            self.add_error("comment", forms.ValidationError("Say what needs to change.", code="comment_required"))
        return cleaned


class ConfirmForm(ConfirmsIdentity):
    submit_label = "Confirm still accurate"
    submit_class = "btn-success"

    comment = forms.CharField(
        label="Note (optional, internal)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )


class WithdrawForm(ConfirmsIdentity):
    submit_label = "Withdraw now"
    submit_class = "btn-danger"

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Internal: recorded in the audit log, not shown to readers.",
    )


class SubmitForm(forms.Form):
    summary = forms.CharField(
        label="What changed?",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=5000,
        help_text="Reviewers read this first.",
    )


class ResolveForm(forms.Form):
    note = forms.CharField(label="What did you do about it?", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("note"), Submit("submit", "Mark resolved", css_class="btn-sm"))
