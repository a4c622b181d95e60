from typing import cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms


class NavigatorForm(forms.Form):
    """Symptoms to combine. Unknown values are dropped by the view (with a message),
    so a stale shared link still works."""

    s = forms.MultipleChoiceField(
        label="Which symptoms do you have?",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose one or more.",
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["s"]).choices = choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("s"))


class ReportForm(forms.Form):
    message = forms.CharField(
        label="What is wrong or unclear on this page?",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        help_text="Up to 2,000 characters. Please do not include personal medical details.",
    )
    email = forms.EmailField(
        label="Your email (optional)",
        required=False,
        max_length=254,  # the model column's size; Django's form default is 320
        help_text="Only if you would like a reply.",
    )
    # A field people never see: bots that fill every input give themselves away.
    website = forms.CharField(label="Leave this empty", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("message"),
            Field("email"),
            Div(Field("website"), css_class="hp", aria_hidden="true"),
        )

    @property
    def is_bot(self):
        return bool(self.cleaned_data.get("website"))
