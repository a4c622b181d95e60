"""The review workflow: the actions (services.py: submit, approve, request changes,
confirm still accurate, withdraw, record a condition change, file and resolve a reader's
report), each one transaction that writes its audit event; who may approve a revision
(four_eyes.py); an article's review state, derived (state.py)."""
