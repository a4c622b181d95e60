import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_care_advice_to_warning_signs")]

    operations = [
        # Defaults only so that going back can add the columns to existing rows (0019 then fills them).
        migrations.AlterField(model_name="careadvice", name="text", field=models.CharField(max_length=300, default="")),
        migrations.AlterField(
            model_name="careadvice",
            name="tier",
            field=models.CharField(
                max_length=10,
                default="",
                choices=[
                    ("emergency", "Emergency: call the emergency number now"),
                    ("urgent", "Urgent: get medical advice today"),
                    ("routine", "See a doctor: make an appointment"),
                ],
            ),
        ),
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
