# The edge cache in front of the app servers (docs/deploy.md). Varnish 7.1 or later with
# the xkey vmod (Debian: varnish, varnish-modules).
#
# The app names what each page it lets shared caches keep shows in the `xkey` header
# (public/edge.py); a sign-off's background job sends
#     PURGE / with `xkey-purge: <tags>` and `xkey-clock: <the publication clock after it>`
# and every page carrying any of those tags is dropped at once; from then on a page the
# app rendered from an earlier clock is not kept. Only PURGERS may purge.
vcl 4.1;

import std;
import var;
import xkey;

# The app servers, or the balancer in front of them: `backend default { ... }`, and the
# `acl purgers { ... }` of the hosts the worker runs on. `make cluster` writes this file
# (deploy/cluster.py); on real hosts, write your own beside this one.
include "symptomsite-site.vcl";

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "No xkey-purge header"));
        }
        # The publication clock after the change: a page rendered from an earlier state
        # (a request in flight as the change committed, a lagging replica) is not kept.
        if (std.integer(req.http.xkey-clock, 0) > std.integer(var.global_get("clock"), 0)) {
            var.global_set("clock", req.http.xkey-clock);
        }
        set req.http.xkey-purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }
    # Tags are the app's to give, never a client's.
    unset req.http.xkey;
}

sub vcl_synth {
    if (req.method == "PURGE") {
        set resp.http.xkey-purged = req.http.xkey-purged;
    }
}

sub vcl_backend_response {
    # Rendered before the latest purged change (X-Publication-Clock: the state it was made
    # from): pass it on to the reader who asked, but keep nothing.
    if (beresp.http.X-Publication-Clock
        && std.integer(beresp.http.X-Publication-Clock, 0) < std.integer(var.global_get("clock"), 0)) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Keep a page its s-maxage (the app's Cache-Control), and serve a copy up to 10 s
    # past it while a fresh one is fetched. A purge drops it outright (no grace).
    set beresp.grace = 10s;
}

sub vcl_deliver {
    # What the edge indexes and judges by stays at the edge.
    unset resp.http.xkey;
    unset resp.http.X-Publication-Clock;
}
