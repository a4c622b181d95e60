#!/usr/bin/env bash
# Install the Debian packages `make cluster` runs, when they are missing: Varnish with the
# xkey vmod (the edge), HAProxy (the balancer), Redis, PostgreSQL (primary and replica),
# wrk (the load of `make cluster-test` and `make cluster-bench`), nginx with brotli_static
# (the static mirror, the balancer's backup). .ci/run does the same.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
need=()
command -v varnishd >/dev/null || [ -x /usr/sbin/varnishd ] || need+=(varnish)
ls /usr/lib/*/varnish/vmods/libvmod_xkey.so >/dev/null 2>&1 || need+=(varnish-modules)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
command -v redis-server >/dev/null || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/pg_basebackup >/dev/null 2>&1 || need+=(postgresql)
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
[ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || need+=(libnginx-mod-http-brotli-static)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "make cluster needs these Debian packages: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
fi
