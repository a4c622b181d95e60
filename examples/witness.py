"""A witness of SymptomSite's public review log, meant to run on another host (cron).

    python witness.py STATE.json https://SITE keys.json            # the log only
    python witness.py STATE.json https://SITE keys.json --articles # and every article the site serves

Each run reads the site's newest signed checkpoint and checks it against the one the
witness saw last (kept in STATE.json): the log may only grow, and the new tree must
contain the old one (an RFC 9162 consistency proof). A log that was cut back, or
rewritten, fails. With --articles it also reads the whole log and asks the site for
every article: each must be served with the log's newest statement for it, and a
withdrawn one must be gone; a publication written back in the database (served from an
older statement, or refused) fails.

Exit status 0 when all holds (the new checkpoint is then kept), 1 with what failed. The
state file holds the last checkpoint seen: keep it where the site's operators cannot
write. Needs only Python and the `cryptography` package (and tlog.py beside it).
"""

import argparse
import base64
import json
import sys
from pathlib import Path

import tlog


def witness(state_file: Path, get, keys: dict[str, bytes], *, articles: bool = False) -> list[str]:
    """What is wrong with the site's log (and its articles), as seen from ``state_file``;
    [] when all holds, and the state then moves on to the new checkpoint."""
    seen = json.loads(state_file.read_text(encoding="utf-8")) if state_file.exists() else None
    status, note = get("/log/v1/checkpoint")
    if status != 200:
        return [f"the log's checkpoint could not be read (HTTP {status})"]
    try:
        head = tlog.open_checkpoint(note.decode(), keys, seen["origin"] if seen else None)
    except tlog.NotVerified as problem:
        return [str(problem)]
    problems = []
    if seen is not None:
        problems += _consistent(seen, head, get)
    if not problems:
        state = {"origin": head.origin, "size": head.size, "root": base64.b64encode(head.root).decode()}
        state_file.write_text(json.dumps({**state, "checkpoint": head.text}, indent=1) + "\n", encoding="utf-8")
    if articles:
        problems += _articles(get, keys, head.origin)
    return problems


def _consistent(seen: dict, head: tlog.Checkpoint, get) -> list[str]:
    old_size, old_root = seen["size"], base64.b64decode(seen["root"])
    if head.size < old_size:
        return [f"the log shrank from {old_size} to {head.size} entries: its end was cut off"]
    if head.size == old_size:
        return [] if head.root == old_root else [f"the log of {head.size} entries was rewritten (another root)"]
    status, body = get(f"/log/v1/consistency?first={old_size}&second={head.size}")
    if status != 200:
        return [f"no consistency proof from {old_size} to {head.size} entries (HTTP {status})"]
    path = tlog.decode_path(json.loads(body)["proof"])
    if not tlog.consistent(old_size, head.size, old_root, head.root, path):
        return [f"the log of {head.size} entries does not contain the log of {old_size} seen before: it was rewritten"]
    return []


def _articles(get, keys: dict[str, bytes], origin: str) -> list[str]:
    """Each article is served with the log's newest statement for it, or gone if withdrawn."""
    try:
        _, leaves = tlog.read_log(get, keys, origin)
    except tlog.NotVerified as problem:
        return [str(problem)]
    problems = []
    for index, statement in sorted(tlog.newest_statements(leaves).values(), key=lambda item: item[0]):
        slug, decision = statement["subject"][0]["name"], statement["predicate"]["decision"]
        language = statement["predicate"].get("language", "")
        if language:  # a translation: held back (409) while its English advice is newer, gone with the English
            status, body = get(f"/api/v1/articles/{statement['predicate']['article']['slug']}?lang={language}")
            if status in (409, 410):
                continue
        else:
            status, body = get(f"/api/v1/articles/{slug}")
        if decision == "withdrawn":
            if status != 410:
                problems.append(f"{slug}: withdrawn in the log (statement #{index}), but the site answers {status}")
            continue
        if status != 200:
            problems.append(f"{slug}: the log's newest statement (#{index}) is live, but the site answers {status}")
            continue
        served = json.loads(body)
        if served.get("log", {}).get("index") != index or tlog.canonical(served.get("statement")) != leaves[index]:
            problems.append(
                f"{slug}: the site serves statement #{served.get('log', {}).get('index')}, "
                f"not the log's newest for it (#{index})"
            )
    return problems


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("state", type=Path, help="where the last checkpoint seen is kept (made on the first run)")
    parser.add_argument("site", help="the site's base URL, e.g. https://health.example.org")
    parser.add_argument("keys", help="the site's keys (/.well-known/symptomsite-keys.json), saved beforehand")
    parser.add_argument("--articles", action="store_true", help="also check every article the log says is live")
    args = parser.parse_args(argv)
    keys = tlog.read_keys(json.loads(Path(args.keys).read_text(encoding="utf-8")))
    problems = witness(args.state, tlog.fetch(args.site), keys, articles=args.articles)
    for problem in problems:
        print(f"WITNESS FAILED: {problem}", file=sys.stderr)
    if not problems:
        print(f"Consistent: {json.loads(args.state.read_text(encoding='utf-8'))['size']} entries")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
