from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
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
        self.fields["s"].choices = choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(Field("s"))
