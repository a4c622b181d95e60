from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms

APPROVE, REQUEST_CHANGES = "approve", "request_changes"


class DecisionForm(forms.Form):
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

    def __init__(self, *args, can_approve=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_approve:
            cast(forms.ChoiceField, self.fields["decision"]).choices = [(REQUEST_CHANGES, "Request changes")]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("decision"), Field("comment"), Submit("submit", "Record decision"))

    def clean(self):
        cleaned = super().clean() or {}
        if cleaned.get("decision") == REQUEST_CHANGES and not cleaned.get("comment", "").strip():
            self.add_error("comment", forms.ValidationError("Say what needs to change.", code="comment_required"))
        return cleaned


class ConfirmForm(forms.Form):
    comment = forms.CharField(
        label="Note (optional, internal)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("comment"), Submit("submit", "Confirm still accurate", css_class="btn-success")
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Internal: recorded in the audit log, not shown to readers.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("reason"), Submit("submit", "Withdraw now", css_class="btn-danger"))


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
