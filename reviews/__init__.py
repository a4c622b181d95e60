"""The review side of SymptomSite: from a submitted revision to what readers get.

Six parts, each depending only on those below it (pyproject.toml's import contracts);
parts on one line do not import each other:

    workspace                 the /review/ pages and the review side of the content admin
    workflow   | operations   the actions (submit, approve, request changes, confirm,
                              withdraw, reports), four eyes, an article's review state;
                              link checks, reminders, backups and verification
    readmodel  | accounts     what readers get (Publication, listings, search, the clock);
                              who may do what (rights, two factors, account audit)
    provenance                the sealed record: revisions, sign-offs, reviewer profiles,
                              the audit chain, seals and signatures

Django's own entry points stay at the app's root: models.py (lists every part's models),
admin.py, apps.py, management/commands/, templatetags/ and migrations/.
"""
