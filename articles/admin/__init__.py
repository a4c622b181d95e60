"""The content admin: editors write and arrange the working copy here.

- articles.py: the article editor (one page per article) and its form
- inlines.py: the rows it holds, kept in order by dragging
- rows.py: the formsets and widgets that save those rows safely and read them cheaply
- shared.py: the records articles share, categories and conditions
- translations.py: a translation, the English beside it, piece by piece

What the review workflow adds comes through the EditorialWorkflow seam
(articles/workflow.py); nothing here knows of it.
"""

from . import articles, shared, translations
from .articles import MAX_ROWS_PER_POST

__all__ = ["MAX_ROWS_PER_POST", "articles", "shared", "translations"]
