"""nginx on this machine, with the repository's deploy/nginx/ files as they are: for
`make cluster` (the static mirror), tests/public/test_nginx.py and bench/nginx.py."""

import os
import pwd
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def nginx_conf(
    directory: Path, *, port: int, upstream: list[str], root: Path, workers: int = 1, extra: str = ""
) -> Path:
    """nginx's main configuration for this machine (deploy/nginx/local.conf.in) in
    ``directory``, serving the export at ``root`` on ``port`` with the repository's
    deploy/nginx/ files as they are; Django at the ``upstream`` addresses."""
    (directory / "tmp").mkdir(parents=True, exist_ok=True)
    link = directory / "symptomsite"
    if not link.is_symlink():
        link.symlink_to(ROOT / "deploy" / "nginx", target_is_directory=True)
    text = (ROOT / "deploy" / "nginx" / "local.conf.in").read_text()
    servers = "".join(f"        server {address};\n" for address in upstream)
    values = {"DIR": directory, "PORT": port, "UPSTREAM": servers, "ROOT": root, "WORKERS": workers, "EXTRA": extra,
              "USER": pwd.getpwuid(os.getuid()).pw_name}  # fmt: skip
    for name, value in values.items():
        text = text.replace(f"@{name}@", str(value))
    conf = directory / "nginx.conf"
    conf.write_text(text)
    return conf


def nginx_command(conf: Path) -> list[str]:
    return ["nginx", "-p", str(conf.parent), "-c", str(conf), "-g", "daemon off;"]
