"""Where people work on reviews: the /review/ workspace (views.py, forms.py, urls.py) and
the review side of the content admin (editorial.py, what settings.EDITORIAL_WORKFLOW
names)."""
