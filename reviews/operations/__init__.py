"""What runs as a daily job (daily.py) or a command: the reference link checker (links.py over
link_requests.py), reminders of due reviews (reminders.py), backups that prove themselves
(backup.py) and the check of every seal and chain (verification.py)."""
