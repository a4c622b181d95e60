import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_care_advice_to_warning_signs")]

    operations = [
        migrations.RemoveConstraint(model_name="careadvice", name="careadvice_tier_valid"),
        migrations.RemoveConstraint(model_name="careadvice", name="careadvice_text_not_empty"),
        migrations.RemoveField(model_name="careadvice", name="text"),
        migrations.RemoveField(model_name="careadvice", name="tier"),
        migrations.AlterField(
            model_name="careadvice",
            name="sign",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="given", to="articles.warningsign"
            ),
        ),
        migrations.AddConstraint(
            model_name="careadvice",
            constraint=models.UniqueConstraint(fields=("article", "sign"), name="careadvice_sign_once"),
        ),
    ]
