"""SymptomSite past one machine, on this one: every part a real engine on its own loopback
port, started by this script (no containers). docs/deploy.md describes the same topology
on real hosts.

    reader ─► Varnish (edge, xkey) ─► HAProxy ─► gunicorn node 1 ─┐ PostgreSQL primary ──► replica
                 ▲ purge                   │  └► gunicorn node 2 ─┤ (streaming, pg_basebackup -R)
                 │                         └ backup: nginx, the static export (deploy/nginx/)
                 └──────── 2 workers (manage.py run_jobs) ◄───────┘ Redis (shared cache)
                           └► update the export: var/cluster/export and S3 (moto_server)

    python deploy/cluster.py up            start what is not running (the first time: make
                                           the databases, the demo, the secrets)
    python deploy/cluster.py down          stop everything (the data stays in var/cluster/)
    python deploy/cluster.py status        what runs, where
    python deploy/cluster.py stop NAME     stop one part (node1, node2, worker1, replica, redis, mirror, s3, ...)
    python deploy/cluster.py start NAME    start it again
    python deploy/cluster.py restart-nodes a rolling restart of the app nodes, one at a time
    python deploy/cluster.py replay-delay SECONDS   delay the replica's replay (0: none)
    python deploy/cluster.py env           the app nodes' environment, for manage.py against the cluster
    python deploy/cluster.py reset         down, then remove var/cluster/

Ports: CLUSTER_PORT_BASE (8180) and the next five: edge, balancer, node 1, node 2, the
mirror (nginx), S3; PostgreSQL 5441 (primary) and 5442 (replica); Redis 6391.
"""

import base64
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from local_nginx import nginx_command, nginx_conf

ROOT = Path(__file__).resolve().parent.parent
RUN = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster"))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BASE = int(os.environ.get("CLUSTER_PORT_BASE", "8180"))
PORTS = {"edge": BASE, "balancer": BASE + 1, "node1": BASE + 2, "node2": BASE + 3, "mirror": BASE + 4, "s3": BASE + 5}
BUCKET = "s3://symptomsite-mirror/site"  # the export in object storage (moto's S3 server)
PORTS |= {"primary": 5441, "replica": 5442, "redis": 6391}
PG_BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), default=Path("/usr/bin"))
DATABASE = "symptomsite"
NODES = ("node1", "node2")
WORKERS = ("worker1", "worker2")  # two, so a purge never waits behind a mirror's update


def log(message: str) -> None:
    print(f"cluster: {message}", flush=True)


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, **kwargs)  # noqa: S603 - our own commands


def listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def wait_for(port: int, name: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not listening(port):
        if time.monotonic() > deadline:
            sys.exit(f"cluster: {name} did not listen on {port} within {seconds:g} s; see {RUN / 'logs'}")
        time.sleep(0.1)


def pid_file(name: str) -> Path:
    return RUN / "pids" / f"{name}.pid"


def running(name: str) -> int | None:
    """The pid of the part's process while it runs (an exited child of ours is reaped)."""
    try:
        pid = int(pid_file(name).read_text().split()[0])
    except (OSError, ValueError):
        return None
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:  # started by another process
        pass
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None
    return None if state in ("Z", "X") else pid


def spawn(name: str, command: list[str], env: dict[str, str] | None = None) -> None:
    """Start ``command`` in its own session, its output in logs/NAME.log, its pid recorded."""
    (RUN / "logs").mkdir(parents=True, exist_ok=True)
    with open(RUN / "logs" / f"{name}.log", "ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own commands
            command, env=env, cwd=ROOT, stdout=output, stderr=output, start_new_session=True
        )
    pid_file(name).write_text(str(process.pid))


# The parts.


def secrets() -> dict[str, str]:
    """The secrets every node and the worker share: made once, kept in one file."""
    path = RUN / "secrets.env"
    if not path.exists():
        made = {name: base64.b64encode(os.urandom(32)).decode() for name in ("SECRET_KEY", "SIGNING_KEY", "AUDIT_KEY")}
        path.write_text("".join(f"{name}={value}\n" for name, value in made.items()))
        path.chmod(0o600)
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def app_env() -> dict[str, str]:
    edge = f"http://127.0.0.1:{PORTS['edge']}"
    return {
        "LINK_CHECK_AT": "",  # this machine reaches no outside site: no daily link check (set it to have one)
        **os.environ,
        **secrets(),
        "DEBUG": "0",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PORTS['primary']}/{DATABASE}",
        "DATABASE_REPLICA_URL": f"postgres://postgres@127.0.0.1:{PORTS['replica']}/{DATABASE}",
        "CACHE_URL": f"redis://127.0.0.1:{PORTS['redis']}/0",
        "WEB_CONCURRENCY": "2",
        "STATIC_ROOT": str(RUN / "static"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SITE_URL": edge,
        "EDGE_PURGE_URLS": f"{edge}/",
        "SECURE_SSL_REDIRECT": "0",
        "AWS_ENDPOINT_URL": f"http://127.0.0.1:{PORTS['s3']}",
        "AWS_ACCESS_KEY_ID": "cluster",
        "AWS_SECRET_ACCESS_KEY": "cluster",
        "AWS_DEFAULT_REGION": "us-east-1",
        "DJANGO_SETTINGS_MODULE": "symptomsite.settings",
    }


def pg_data(name: str) -> Path:
    return RUN / "pg" / name


def pg_ctl(name: str, action: str) -> None:
    run(as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(pg_data(name)), "-l", str(RUN / "logs" / f"{name}.log"),
                     "-w", "-t", "60", action]), stdout=subprocess.DEVNULL)  # fmt: skip


def make_primary() -> None:
    data = pg_data("primary")
    data.parent.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(data.parent, "postgres")
    run(as_postgres([str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"]),
        stdout=subprocess.DEVNULL)  # fmt: skip
    with open(data / "postgresql.conf", "a") as conf:
        conf.write(
            f"port = {PORTS['primary']}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{data.parent}'\n"
            "wal_level = replica\nmax_wal_senders = 5\nhot_standby = on\n"
            # A development cluster: no fsync (nothing here outlives the machine's own disks anyway).
            "fsync = off\nfull_page_writes = off\n"
        )


def make_replica() -> None:
    data = pg_data("replica")
    run(as_postgres([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PORTS["primary"]), "-U", "postgres",
                     "-D", str(data), "-R", "-X", "stream", "-c", "fast"]))  # fmt: skip
    with open(data / "postgresql.auto.conf", "a") as conf:
        conf.write(f"port = {PORTS['replica']}\nhot_standby_feedback = on\n")


def start_postgres(name: str) -> None:
    if listening(PORTS[name]):
        return
    (RUN / "logs").mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(RUN / "logs", "postgres")
    if not pg_data(name).exists():
        (make_primary if name == "primary" else make_replica)()
    pg_ctl(name, "start")


def create_database() -> None:
    """The database, its tables, the demo and the collected static files, the first time."""
    import psycopg

    with psycopg.connect(f"postgres://postgres@127.0.0.1:{PORTS['primary']}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            return
        conn.execute(f"CREATE DATABASE {DATABASE}")
    env = {**app_env(), "EDGE_PURGE_URLS": ""}
    for command in (["migrate", "--noinput"], ["load_demo", "--accounts", "--port", str(PORTS["edge"])],
                    ["collectstatic", "--noinput"]):  # fmt: skip
        log(f"manage.py {' '.join(command)}")
        run([PYTHON, "manage.py", *command], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def export_mirrors() -> None:
    """The static export in a folder (the balancer's backup, served by nginx) and in the S3
    server (which keeps nothing over a restart), made from the database at each start;
    sign-offs' jobs keep both up to date after (they are mirrors)."""
    import boto3

    env = app_env()
    os.environ.update({name: value for name, value in env.items() if name.startswith("AWS_")})
    client = boto3.client("s3")
    if not any(bucket["Name"] == "symptomsite-mirror" for bucket in client.list_buckets()["Buckets"]):
        client.create_bucket(Bucket="symptomsite-mirror")
    for location in (str(RUN / "export"), BUCKET):
        log(f"manage.py export_site {location}")
        run([PYTHON, "manage.py", "export_site", location], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)


def start_s3() -> None:
    if not listening(PORTS["s3"]):
        spawn("s3", [str(ROOT / ".venv" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(PORTS["s3"])])


def start_mirror() -> None:
    if running("mirror"):
        return
    # What is not in the export goes to the app nodes themselves: the balancer sends here
    # only when they are all down.
    upstream = [f"127.0.0.1:{PORTS[node]}" for node in NODES]
    spawn(
        "mirror", nginx_command(nginx_conf(RUN / "nginx", port=PORTS["mirror"], upstream=upstream, root=RUN / "export"))
    )


def start_redis() -> None:
    if not listening(PORTS["redis"]):
        spawn("redis", ["redis-server", "--port", str(PORTS["redis"]), "--bind", "127.0.0.1", "--save", "",
                        "--appendonly", "no"])  # fmt: skip


def start_node(name: str) -> None:
    if running(name) or listening(PORTS[name]):
        return
    gunicorn, env = str(ROOT / ".venv" / "bin" / "gunicorn"), app_env()
    spawn(name, [gunicorn, "symptomsite.wsgi", f"--workers={env['WEB_CONCURRENCY']}", f"--bind=127.0.0.1:{PORTS[name]}",
                 "--graceful-timeout=20", "--log-level=warning"], env)  # fmt: skip


def start_balancer() -> None:
    if running("balancer"):
        return
    env = {
        **os.environ,
        "BALANCER_BIND": f"127.0.0.1:{PORTS['balancer']}",
        **{f"APP_NODE_{n}": f"127.0.0.1:{PORTS[node]}" for n, node in enumerate(NODES, 1)},
        "STATIC_MIRROR": f"127.0.0.1:{PORTS['mirror']}",
    }
    spawn("balancer", ["haproxy", "-W", "-db", "-f", str(ROOT / "deploy" / "haproxy" / "symptomsite.cfg")], env)


def start_edge() -> None:
    if running("edge"):
        return
    site = RUN / "varnish"
    site.mkdir(parents=True, exist_ok=True)
    (site / "symptomsite-site.vcl").write_text(
        f'backend default {{ .host = "127.0.0.1"; .port = "{PORTS["balancer"]}"; }}\n'
        'acl purgers { "127.0.0.1"; "::1"; }\n'
    )
    vcl = ROOT / "deploy" / "varnish" / "symptomsite.vcl"
    spawn("edge", ["varnishd", "-F", "-f", str(vcl), "-a", f"127.0.0.1:{PORTS['edge']}", "-n", str(site / "n"),
                   "-T", "none", "-j", "none", "-s", "malloc,256m", "-p", f"vcl_path={site}:{vcl.parent}"])  # fmt: skip


def start_worker(name: str) -> None:
    # The first takes only the edge's purges, so that a withdrawal never waits behind a
    # mirror's update; the second takes every job.
    queues = "default" if name == WORKERS[0] else "*"
    if not running(name):
        spawn(name, [PYTHON, "manage.py", "run_jobs", "--interval", "0.05", "--queue-name", queues, "--verbosity", "0"],
              app_env())  # fmt: skip


STARTS = {
    "primary": lambda: start_postgres("primary"),
    "replica": lambda: start_postgres("replica"),
    "redis": start_redis,
    "s3": start_s3,
    "node1": lambda: start_node("node1"),
    "node2": lambda: start_node("node2"),
    "mirror": start_mirror,
    "balancer": start_balancer,
    "edge": start_edge,
    **{name: (lambda name=name: start_worker(name)) for name in WORKERS},
}
WAITS = {
    "redis": "redis",
    "node1": "node1",
    "node2": "node2",
    "mirror": "mirror",
    "balancer": "balancer",
    "edge": "edge",
}


def start(name: str) -> None:
    STARTS[name]()
    if name in WAITS:
        wait_for(PORTS[WAITS[name]], name)


def stop(name: str, sig: int = signal.SIGTERM) -> None:
    if name in ("primary", "replica"):
        if listening(PORTS[name]):
            pg_ctl(name, "stop")
        return
    pid = running(name)
    if pid is None:
        return
    os.killpg(pid, sig)
    deadline = time.monotonic() + 30
    while running(name) and time.monotonic() < deadline:
        time.sleep(0.1)


def up() -> None:
    for directory in ("pids", "logs"):
        (RUN / directory).mkdir(parents=True, exist_ok=True)
    start("primary")
    start("redis")
    create_database()
    start("replica")
    start("s3")
    export_mirrors()
    for name in ("node1", "node2", "mirror", "balancer", "edge", *WORKERS):
        start(name)
    status()


def down() -> None:
    for name in reversed(list(STARTS)):
        stop(name)


def status() -> None:
    for name in STARTS:
        port = PORTS.get(name)
        state = "up" if (listening(port) if port else running(name)) else "down"
        log(f"{name:9} {state:5} {f'127.0.0.1:{port}' if port else ''}")
    log(f"the site: http://127.0.0.1:{PORTS['edge']}/ (edge); logs in {RUN / 'logs'}")


def restart_nodes() -> None:
    """One node at a time: stop it (gunicorn finishes what it has), start it, wait until the
    balancer's health check has it back, then the next."""
    for name in NODES:
        stop(name)
        start(name)
        time.sleep(3)  # the balancer's check: 2 good answers a second apart, then slowstart


def replay_delay(seconds: float) -> None:
    conf = pg_data("replica") / "postgresql.auto.conf"
    lines = [line for line in conf.read_text().splitlines() if not line.startswith("recovery_min_apply_delay")]
    conf.write_text("\n".join([*lines, f"recovery_min_apply_delay = '{int(seconds * 1000)}ms'"]) + "\n")
    pg_ctl("replica", "reload")


def main(argv: list[str]) -> None:
    command, *rest = argv or ["status"]
    if command == "up":
        up()
    elif command == "down":
        down()
    elif command == "status":
        status()
    elif command in ("start", "stop") and rest and rest[0] in STARTS:
        (start if command == "start" else stop)(rest[0])
    elif command == "restart-nodes":
        restart_nodes()
    elif command == "replay-delay" and rest:
        replay_delay(float(rest[0]))
    elif command == "env":
        for name, value in app_env().items():
            if name not in os.environ or os.environ[name] != value:
                print(f"export {name}={shlex.quote(value)}")
    elif command == "reset":
        down()
        shutil.rmtree(RUN, ignore_errors=True)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
