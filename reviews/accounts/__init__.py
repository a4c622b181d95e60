"""Accounts fit for signing medical content: rights flow from above (rights.py), staff log
in with a second factor and confirm who they are again before signing (security.py),
and every change of roles, passwords and reviewer profiles is logged (audit.py)."""
