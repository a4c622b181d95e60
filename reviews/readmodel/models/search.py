"""The search side of the read model (reviews/readmodel/search/): what each public
article and each listed condition is found by, and the words "did you mean" may offer."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .publication import Publication, PublicRowsQuerySet


class SearchDocument(models.Model):
    """The text search reads for one publication, by weight (reviews/readmodel/search/).
    Kept apart from Publication so listings never fetch it. Lines are kept apart so
    snippets can quote one sentence, never list items run together."""

    publication = models.OneToOneField(Publication, on_delete=models.CASCADE, primary_key=True, related_name="search")
    title = models.TextField(blank=True, default="")
    lay = models.TextField(blank=True, default="", help_text="Lay terms: everyday words for the symptom.")
    conditions = models.TextField(blank=True, default="", help_text="Listed causes: names, also-called, lay terms.")
    lead = models.TextField(blank=True, default="")
    care = models.TextField(blank=True, default="", help_text="Every when-to-get-help statement.")
    emergency = models.TextField(blank=True, default="", help_text="The emergency statements alone.")
    body = models.TextField(blank=True, default="")
    vector = SearchVectorField(null=True, editable=False)
    # The words of each ranking tier (public/search.py TIERS), unweighted, each under its
    # own GIN index on PostgreSQL: which matches hold every word in the title or lay terms,
    # in those or the listed causes, in those or the lead and care advice, is then read
    # from an index, never from each match's vector.
    tier_a = SearchVectorField(null=True, editable=False)
    tier_ab = SearchVectorField(null=True, editable=False)
    tier_abc = SearchVectorField(null=True, editable=False)
    emergency_vector = SearchVectorField(null=True, editable=False)

    objects = PublicRowsQuerySet["SearchDocument"].as_manager()

    def __str__(self) -> str:
        return f"search text of {self.publication_id}"


class SearchCondition(models.Model):
    """A condition that public articles list, as search finds it: named as the most
    recently reviewed of them names it. Rebuilt for a publication's conditions whenever it
    is published or withdrawn."""

    slug = models.SlugField(max_length=200, unique=True)
    name = models.CharField(max_length=200)
    also_called = models.TextField(blank=True, default="")
    lay = models.TextField(blank=True, default="")
    gloss = models.CharField(max_length=300, blank=True)
    vector = SearchVectorField(null=True, editable=False)

    def __str__(self) -> str:
        return self.name


class SearchTerm(models.Model):
    """A word from live titles and condition names, offered by "did you mean"."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self) -> str:
        return self.term
