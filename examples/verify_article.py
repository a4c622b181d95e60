"""Check, offline, that an article from SymptomSite's API is what its named reviewer signed off.

    curl -o article.json https://SITE/api/v1/articles/muscle-atrophy
    curl -o keys.json https://SITE/.well-known/symptomsite-keys.json
    python verify_article.py article.json keys.json
    python verify_article.py article.json keys.json --site https://SITE    # and that it is still current

Checks that the document hashes to its content hash; that the review statement (an in-toto
Statement in a DSSE envelope) is signed with one of the published keys and names that
hash, the article, the revision, the reviewer and the dates the article shows; and that the
statement is in the public review log (its inclusion proof leads to the signed checkpoint).
With --site it also reads the whole log and checks that the statement is the newest for the
article: a superseded or withdrawn one is reported as such.

Needs only Python and the `cryptography` package (and tlog.py beside it). Exit status 0
when verified, 1 when not.
"""

import argparse
import hashlib
import json
import sys

import tlog


def verify(article: dict, keys: dict[str, bytes]) -> tuple[str, dict]:
    """(what was verified, the statement); tlog.NotVerified says what failed."""
    try:
        document, statement_envelope, proof = article["document"], article["statement"], article["log"]
    except (KeyError, TypeError):
        raise tlog.NotVerified("this is not an article from the API (document, statement and log)") from None
    content_hash = hashlib.sha256(tlog.canonical(document)).hexdigest()
    if content_hash != article.get("content_hash"):
        raise tlog.NotVerified("the document does not match its content hash: it was changed")
    statement = tlog.open_statement(statement_envelope, keys)
    predicate, subject = statement["predicate"], statement["subject"][0]
    language = predicate.get("language", "")
    name = f"{language}/{document.get('slug')}" if language else document.get("slug")
    if subject["digest"].get("sha256") != content_hash or subject["name"] != name:
        raise tlog.NotVerified("the review statement was made for another document")
    if language:
        return _translation(article, document, statement, keys)
    if predicate["decision"] == "withdrawn":
        raise tlog.NotVerified(f"the statement says the article was withdrawn on {predicate['decided_at'][:10]}")
    reviewer = predicate["reviewer"] or {}
    claimed = {
        "slug": (article.get("slug"), subject["name"]),
        "revision": (article.get("revision"), predicate["article"]["revision"]),
        "reviewer's name": ((article.get("reviewer") or {}).get("name"), reviewer.get("name")),
        "reviewer's credentials": ((article.get("reviewer") or {}).get("credentials"), reviewer.get("credentials")),
        "last review date": (article.get("last_reviewed"), predicate["last_reviewed"]),
        "next review date": (article.get("next_review_due"), predicate["next_review_due"]),
    }
    for name, (shown, signed) in claimed.items():
        if shown != signed:
            raise tlog.NotVerified(f"the {name} shown ({shown}) is not the one signed ({signed})")
    head = tlog.open_checkpoint(proof["checkpoint"], keys)
    leaf = tlog.canonical(statement_envelope)
    path = tlog.decode_path(proof["inclusion_proof"])
    if proof["tree_size"] != head.size or not tlog.included(
        tlog.hash_leaf(leaf), proof["index"], head.size, path, head.root
    ):
        raise tlog.NotVerified("the review statement is not in the log its checkpoint signs")
    said = (
        f"{document['title']}: SHA-256 {content_hash}, revision {predicate['article']['revision']}, "
        f"{predicate['decision']} by {reviewer.get('name')}, {reviewer.get('credentials')} "
        f"({reviewer.get('registration')}) on {predicate['last_reviewed']}, next review due "
        f"{predicate['next_review_due']}; statement #{proof['index']} of the review log ({head.origin}, {head.size})"
    )
    return said, statement


def _included(article: dict, keys: dict[str, bytes]) -> tlog.Checkpoint:
    """The checkpoint the article's statement is proved to be a leaf under."""
    proof = article["log"]
    head = tlog.open_checkpoint(proof["checkpoint"], keys)
    leaf = tlog.canonical(article["statement"])
    path = tlog.decode_path(proof["inclusion_proof"])
    if proof["tree_size"] != head.size or not tlog.included(
        tlog.hash_leaf(leaf), proof["index"], head.size, path, head.root
    ):
        raise tlog.NotVerified("the review statement is not in the log its checkpoint signs")
    return head


def _translation(article: dict, document: dict, statement: dict, keys: dict[str, bytes]) -> tuple[str, dict]:
    """A translation (?lang=): its statement names the language, the English it
    translates, the translators and the clinician who reviewed the translation."""
    predicate = statement["predicate"]
    reviewer = predicate["reviewer"] or {}
    claimed = {
        "language": (article.get("language"), predicate["language"]),
        "revision": (article.get("revision"), predicate["article"]["revision"]),
        "English it translates": (
            (article.get("translation_of") or {}).get("content_hash"),
            predicate["translation_of"]["digest"]["sha256"],
        ),
        "translators": (article.get("translators"), predicate["translators"]),
        "reviewer's name": ((article.get("reviewer") or {}).get("name"), reviewer.get("name")),
    }
    for name, (shown, signed) in claimed.items():
        if shown != signed:
            raise tlog.NotVerified(f"the {name} shown ({shown}) is not the one signed ({signed})")
    if document.get("translation_of") != predicate["translation_of"]["digest"]["sha256"]:
        raise tlog.NotVerified("the document does not say it translates the English its statement names")
    head = _included(article, keys)
    said = (
        f"{document['title']} ({predicate['language']}): SHA-256 {article['content_hash']}, translation revision "
        f"{predicate['article']['revision']} of the English SHA-256 {predicate['translation_of']['digest']['sha256']}, "
        f"translated by {', '.join(predicate['translators']) or 'nobody named'}, approved by {reviewer.get('name')}, "
        f"{reviewer.get('credentials')} ({reviewer.get('registration')}) on {predicate['decided_at'][:10]}; "
        f"statement #{article['log']['index']} of the review log ({head.origin}, {head.size})"
    )
    return said, statement


def check_newest(article: dict, statement: dict, get, keys: dict[str, bytes]) -> str:
    """That the article's statement is its newest in the site's log, as the log's signed
    checkpoint and its leaves say."""
    index = article["log"]["index"]
    origin = tlog.open_checkpoint(article["log"]["checkpoint"], keys).origin
    head, leaves = tlog.read_log(get, keys, origin)
    if index >= len(leaves) or leaves[index] != tlog.canonical(article["statement"]):
        raise tlog.NotVerified(f"the log's statement #{index} is not this one")
    article_id = statement["predicate"]["article"]["id"]
    newest_index, newest = tlog.newest_statements(leaves)[article_id, statement["predicate"].get("language", "")]
    if newest_index != index:
        predicate = newest["predicate"]
        if predicate["decision"] == "withdrawn":
            withdrawn = predicate["decided_at"][:10]
            raise tlog.NotVerified(f"the article was withdrawn on {withdrawn} (statement #{newest_index})")
        raise tlog.NotVerified(
            f"superseded: statement #{newest_index} ({predicate['decision']} revision "
            f"{predicate['article']['revision']} on {predicate.get('last_reviewed') or predicate['decided_at'][:10]}) "
            "is newer"
        )
    return f"the newest of the log's {head.size} statements for this article"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", help="the article as /api/v1/articles/<slug> gives it")
    parser.add_argument("keys", help="the site's keys, as /.well-known/symptomsite-keys.json gives them")
    parser.add_argument("--site", help="the site's base URL: read its review log to check the statement is current")
    args = parser.parse_args(argv)
    with open(args.article, encoding="utf-8") as article, open(args.keys, encoding="utf-8") as keys:
        article_json, keyring = json.load(article), tlog.read_keys(json.load(keys))
    try:
        said, statement = verify(article_json, keyring)
        print("Verified:", said)
        if args.site:
            print("Current:", check_newest(article_json, statement, tlog.fetch(args.site), keyring))
    except (tlog.NotVerified, ValueError, KeyError) as problem:
        print(f"NOT verified: {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
