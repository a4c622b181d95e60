"""Django's PostgreSQL backend, with its connection health check (CONN_HEALTH_CHECKS) made
only where it can find something: on a kept connection that has been idle.

Django checks a kept connection with a `SELECT 1` round trip before the first query of
every request. For the cached article page that is half of its database work (the page
itself reads one row), for a connection that answered a request a moment ago. Here a
connection that ended a request without errors less than RECENT_SECONDS ago is trusted;
one idle for longer is checked as Django checks it, and any error still closes it at the
end of the request (Django's own rule). What that gives up: a server restarted within
that second fails the first request of each worker that was just using it, as with
CONN_HEALTH_CHECKS off, instead of reconnecting quietly.
"""

import time

from django.db.backends.postgresql import base

RECENT_SECONDS = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    answered_at: float | None = None  # monotonic time a request last ended with this connection working

    def close_if_unusable_or_obsolete(self) -> None:
        # Django calls this as a request starts and as it ends; a request that used the
        # connection has health_check_done set (checked, or newly connected) until then.
        used = self.health_check_done
        super().close_if_unusable_or_obsolete()
        if self.connection is None:
            self.answered_at = None
        elif used and not self.errors_occurred:
            self.answered_at = time.monotonic()

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.answered_at is not None
            and time.monotonic() - self.answered_at < RECENT_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
