from crispy_forms.bootstrap import FieldWithButtons, StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

MAX_FILTER_LENGTH = 100  # characters of a symptom name to find


class NavigatorForm(forms.Form):
    """The navigator's box to find symptoms by name, shown when there are too many to
    list. The symptoms themselves are plain checkboxes (templates/public/includes/
    navigator_choices.html: rendering dozens of them through crispy's per-field templates
    cost more than the rest of the page). A GET form without JavaScript: the chosen
    symptoms come back ticked with every submission, so finding one symptom after
    another builds up the choice."""

    q = forms.CharField(
        label=_("Find a symptom"),
        required=False,
        max_length=MAX_FILTER_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Type part of its name, such as “head”, then choose Find."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Div(
                FieldWithButtons("q", StrictButton(_("Find"), type="submit", css_class="button")),
                css_class="navigator__find",
            )
        )


class ReportForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong or unclear on this page?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=2000,
        help_text=_("Up to 2,000 characters. Please do not include personal medical details."),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        required=False,
        max_length=254,  # the model column's size; Django's form default is 320
        help_text=_("Only if you would like a reply."),
    )
    # A field people never see: bots that fill every input give themselves away.
    website = forms.CharField(label=_("Leave this empty"), required=False)

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
