"""The public review log (reviews/provenance/log.py): every sign-off and withdrawal is a
signed statement in an append-only Merkle log, checked from outside with nothing but the
examples (examples/tlog.py, verify_article.py, witness.py), and the attacks of issue 22
against it: the signature swaps, a replayed row (F5), a cut log (F4)."""

import base64
import json
import re
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from public import cache as page_cache
from reviews.models import AuditHead, LogEntry, Publication, ReviewEvent, TreeHead
from reviews.provenance import log, signing, statements
from reviews.workflow import services
from tests.factories import full_article, publish
from tests.helpers import edit, sql_delete, sql_update

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "examples"))
import tlog  # noqa: E402 - the examples, as a reader runs them
import verify_article  # noqa: E402
import witness  # noqa: E402

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signing_key")]


def via(client):
    """What the examples' ``get`` does over HTTP, through the test client."""

    def get(path):
        response = client.get(path)
        return response.status_code, response.content

    return get


def keys(client):
    return tlog.read_keys(json.loads(client.get("/.well-known/symptomsite-keys.json").content))


def download(client, slug="cramps"):
    response = client.get(f"/api/v1/articles/{slug}")
    assert response.status_code == 200, response.content[:300]
    return json.loads(response.content)


@pytest.fixture
def cramps(editor, reviewer):
    article = full_article(slug="cramps", live=False)
    publish(article, editor=editor, reviewer=reviewer)
    return article


def test_each_sign_off_and_withdrawal_is_a_signed_statement_in_the_log(
    client, cramps, reviewer, second_reviewer, site_admin, settings
):
    services.confirm_still_accurate(article=cramps, reviewer=second_reviewer)
    services.withdraw(article=cramps, by=site_admin, reason="a wrong dose")
    published = keys(client)
    entries = list(LogEntry.objects.order_by("index"))
    said = [tlog.open_statement(json.loads(entry.envelope), published) for entry in entries]
    assert [s["predicate"]["decision"] for s in said] == ["approved", "confirmed", "withdrawn"]
    approved, confirmed, withdrawn = (s["predicate"] for s in said)
    profile = reviewer.reviewer_profile
    assert approved["reviewer"] == {
        "name": profile.display_name,
        "credentials": profile.credentials,
        "registration": profile.registration,
    }
    assert confirmed["reviewer"]["name"] == second_reviewer.reviewer_profile.display_name
    assert withdrawn["reviewer"] is None and withdrawn["withdrawn_by"]
    # Each names the one before it and the audit event that recorded it.
    assert approved["supersedes"] is None
    assert [confirmed["supersedes"], withdrawn["supersedes"]] == [entries[0].leaf_hash, entries[1].leaf_hash]
    events = ReviewEvent.objects.filter(action__in=["approve", "confirm", "withdraw"]).order_by("seq")
    assert [s["predicate"]["audit_event"] for s in said] == [event.seq for event in events]
    assert said[0]["subject"] == [{"name": "cramps", "digest": {"sha256": entries[0].revision.content_hash}}]
    # A signed tree head with every leaf, each a checkpoint of this log.
    heads = list(TreeHead.objects.order_by("size"))
    assert [head.size for head in heads] == [1, 2, 3]
    for head in heads:
        checkpoint = tlog.open_checkpoint(head.checkpoint, published, settings.REVIEW_LOG_ORIGIN)
        hashes = [tlog.hash_leaf(entry.envelope.encode()) for entry in entries[: head.size]]
        assert checkpoint.root == tlog.tree_root(hashes)
    call_command("verify_audit_log")


def test_the_logs_urls_give_its_checkpoint_leaves_and_proofs(client, cramps, reviewer, second_reviewer):
    for _ in range(4):
        services.confirm_still_accurate(article=cramps, reviewer=second_reviewer)
    published = keys(client)
    head = tlog.open_checkpoint(client.get("/log/v1/checkpoint").content.decode(), published)
    assert head.size == 5
    head_, leaves = tlog.read_log(via(client), published, head.origin)
    assert head_ == head and len(leaves) == 5
    for index in range(5):
        proof = json.loads(client.get(f"/log/v1/inclusion?index={index}&tree_size=5").content)
        path = tlog.decode_path(proof["proof"])
        assert tlog.included(tlog.hash_leaf(leaves[index]), index, 5, path, head.root)
    old = tlog.open_checkpoint(TreeHead.objects.get(size=3).checkpoint, published)
    proof = json.loads(client.get("/log/v1/consistency?first=3&second=5").content)["proof"]
    assert tlog.consistent(3, 5, old.root, head.root, tlog.decode_path(proof))
    for bad in ("entries?start=0", "entries?start=3&end=2", "inclusion?index=x&tree_size=5", "entries?end=9999"):
        response = client.get(f"/log/v1/{bad}")
        assert response.status_code == 400 and json.loads(response.content)["code"] == "invalid_request"
    for missing in ("inclusion?index=5&tree_size=5", "consistency?first=6&second=9", "entries?start=7&end=9"):
        assert client.get(f"/log/v1/{missing}").status_code == 404
    assert client.post("/log/v1/checkpoint").status_code == 405


def test_a_downloaded_article_verifies_with_its_statement_and_inclusion_proof(client, cramps, reviewer):
    article = download(client)
    said, statement = verify_article.verify(article, keys(client))
    profile = reviewer.reviewer_profile
    assert f"revision 1, approved by {profile.display_name}, {profile.credentials} ({profile.registration})" in said
    assert "statement #0 of the review log" in said
    assert verify_article.check_newest(article, statement, via(client), keys(client)).startswith("the newest")


def another_reviewer(payload):
    """The statement's payload naming another reviewer, re-encoded as the site would."""
    said = json.loads(base64.b64decode(payload))
    said["predicate"]["reviewer"]["name"] = "Dr Someone Else"
    return base64.b64encode(statements.canonical(said)).decode()


SWAPS = {
    "reviewer's name": lambda a: a["reviewer"].update(name="Dr Someone Else"),
    "reviewer's credentials": lambda a: a["reviewer"].update(credentials="MD, PhD"),
    "last review date": lambda a: a.update(last_reviewed="2031-01-01"),
    "next review date": lambda a: a.update(next_review_due="2039-01-01"),
    "revision": lambda a: a.update(revision=7),
    "statement": lambda a: a["statement"].update(payload=another_reviewer(a["statement"]["payload"])),
    "inclusion proof": lambda a: a["log"].update(index=a["log"]["index"] + 1),
    "checkpoint": lambda a: a["log"].update(checkpoint=a["log"]["checkpoint"].replace("\n1\n", "\n2\n", 1)),
}


@pytest.mark.parametrize("swap", SWAPS)
def test_signature_swap_an_article_with_a_changed_signed_field_does_not_verify(client, cramps, tmp_path, swap):
    """The signature attested a document only: changing the reviewer, the dates or the
    history of a downloaded article still gave "Verified"."""
    article = download(client)
    SWAPS[swap](article)
    (tmp_path / "article.json").write_text(json.dumps(article))
    (tmp_path / "keys.json").write_bytes(client.get("/.well-known/symptomsite-keys.json").content)
    assert verify_article.main([str(tmp_path / "article.json"), str(tmp_path / "keys.json")]) == 1
    if swap in ("reviewer's name", "last review date"):
        with pytest.raises(CommandError, match="not the one its review statement signs"):
            call_command("verify_article", str(tmp_path / "article.json"))


@pytest.mark.parametrize("then", ["corrected", "withdrawn"])
def test_a_superseded_or_withdrawn_statement_is_reported_as_such(client, cramps, editor, reviewer, site_admin, then):
    old = download(client)
    if then == "corrected":
        edit(cramps, editor, lead="The corrected lead.")
        publish(cramps, editor=editor, reviewer=reviewer)
        expected = re.escape("superseded: statement #1 (approved revision 2")
    else:
        services.withdraw(article=cramps, by=site_admin, reason="a wrong dose")
        expected = "withdrawn on"
    _, statement = verify_article.verify(old, keys(client))  # still a genuine statement
    with pytest.raises(tlog.NotVerified, match=expected):
        verify_article.check_newest(old, statement, via(client), keys(client))


def forget_cached_pages():
    cache.clear()
    page_cache.forget_local()


def saved_row(publication):
    return {f.attname: getattr(publication, f.attname) for f in Publication._meta.concrete_fields}


def test_f5_an_older_row_written_back_after_cutting_the_audit_events_is_refused_by_the_log(
    client, cramps, editor, reviewer, capsys
):
    """F5 with F4: the row of revision 1 written back, and the audit events of the
    correction cut with the chain's head moved back, agree with each other; the log's
    newest statement for the article (revision 2) does not, so nothing is served."""
    before = saved_row(Publication.objects.get(pk=cramps.pk))
    last_before = ReviewEvent.objects.order_by("-seq").first()
    edit(cramps, editor, lead="The corrected lead.")
    publish(cramps, editor=editor, reviewer=reviewer)
    sql_delete(ReviewEvent.objects.filter(seq__gt=last_before.seq))
    sql_update(AuditHead.objects.all(), seq=last_before.seq, hash=last_before.hash)
    sql_update(Publication.objects.filter(pk=cramps.pk), **{k: v for k, v in before.items() if k != "article_id"})
    cache.clear()
    publication = Publication.objects.get(pk=cramps.pk)
    assert publication.seal_intact() and publication.agrees_with_audit_log()  # what the log is for
    assert client.get("/symptoms/cramps/").status_code == 503
    assert client.get("/api/v1/articles/cramps").status_code == 503
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    err = capsys.readouterr().err
    assert "not what the article's newest statement in the review log says" in err
    assert "names audit event" in err and "which is gone" in err


def test_the_witness_sees_a_cut_log_and_a_replayed_row(client, cramps, editor, reviewer, second_reviewer, tmp_path):
    state, get, published = tmp_path / "seen.json", via(client), keys(client)
    assert witness.witness(state, get, published, articles=True) == []
    before = saved_row(Publication.objects.get(pk=cramps.pk))
    edit(cramps, editor, lead="The corrected lead.")
    publish(cramps, editor=editor, reviewer=reviewer)
    services.confirm_still_accurate(article=cramps, reviewer=second_reviewer)
    assert witness.witness(state, get, published, articles=True) == []  # grown, consistent
    assert json.loads(state.read_text())["size"] == 3

    sql_update(Publication.objects.filter(pk=cramps.pk), **{k: v for k, v in before.items() if k != "article_id"})
    cache.clear()
    assert witness.witness(state, get, published, articles=True) == [
        "cramps: the log's newest statement (#2) is live, but the site answers 503"
    ]

    # F4: the log's end cut off, with its tree head; the site's own records now agree.
    sql_delete(TreeHead.objects.filter(size=3))
    sql_delete(LogEntry.objects.filter(index=2))
    assert witness.witness(state, get, published) == ["the log shrank from 3 to 2 entries: its end was cut off"]
    assert json.loads(state.read_text())["size"] == 3  # the witness keeps what it saw


def test_a_rewritten_log_fails_the_witness_and_verify_names_the_leaf(client, cramps, second_reviewer, tmp_path):
    state, published = tmp_path / "seen.json", keys(client)
    assert witness.witness(state, via(client), published) == []
    entry = LogEntry.objects.get(index=0)
    envelope = json.loads(entry.envelope)
    forged = statements.canonical({**envelope, "payload": another_reviewer(envelope["payload"])}).decode()
    sql_update(LogEntry.objects.filter(pk=entry.pk), envelope=forged)
    forget_cached_pages()  # a page is checked when it is rendered: on the next miss
    assert client.get("/symptoms/cramps/").status_code == 503  # its leaf hash is not its text's
    with pytest.raises(CommandError):
        call_command("verify_audit_log")
    # Made whole again by someone with the database but not the key: a new tree of one leaf.
    sql_update(LogEntry.objects.filter(pk=entry.pk), leaf_hash=tlog.hash_leaf(forged.encode()).hex())
    services.confirm_still_accurate(article=cramps, reviewer=second_reviewer)  # signs a head over the forgery
    problems = witness.witness(state, via(client), published)
    assert problems == ["the log of 2 entries does not contain the log of 1 seen before: it was rewritten"]


def test_a_live_article_from_before_the_log_is_logged_by_the_upgrade_step(client, cramps):
    sql_delete(TreeHead.objects.all())
    sql_delete(LogEntry.objects.all())
    forget_cached_pages()
    assert client.get("/symptoms/cramps/").status_code == 503  # not in the log: not served
    call_command("rebuild_read_model", verbosity=0)
    assert client.get("/symptoms/cramps/").status_code == 200
    assert LogEntry.objects.get().decision == statements.APPROVED
    call_command("verify_audit_log")


def test_statements_and_checkpoints_are_unsigned_without_a_key_and_say_so(client, editor, reviewer, settings):
    settings.SIGNING_KEY = ""
    publish(full_article(slug="cramps", live=False), editor=editor, reviewer=reviewer)
    entry = LogEntry.objects.get()
    assert json.loads(entry.envelope)["signatures"] == []
    assert statements.problems(entry.envelope, {}) == ["it is not signed"]
    assert client.get("/symptoms/cramps/").status_code == 200  # logged all the same
    assert not log.checkpoint_signed(TreeHead.objects.get().checkpoint, signing.keyring())


@pytest.mark.slow  # transactional: it flushes the database, which the fast run's later tests share
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_a_backup_whose_statement_was_edited_is_refused_naming_the_leaf(client, editor, reviewer, tmp_path):
    """F9, for the log: a backup is checked against its seals, signatures and the log
    before anything is kept; a statement edited in the file (its leaf hash made to match)
    is named."""
    from tests.reviews.operations.test_backup import empty_the_database

    publish(full_article(slug="cramps", live=False), editor=editor, reviewer=reviewer)
    backup = tmp_path / "backup.json"
    call_command("export_content", str(backup))
    rows = json.loads(backup.read_text())
    for row in rows:
        if row["model"] == "reviews.logentry":
            envelope = json.loads(row["fields"]["envelope"])
            forged = statements.canonical({**envelope, "payload": another_reviewer(envelope["payload"])})
            row["fields"].update(envelope=forged.decode(), leaf_hash=tlog.hash_leaf(forged).hex())
    backup.write_text(json.dumps(rows))
    empty_the_database()
    with pytest.raises(CommandError, match=r"review log: leaf #0: no signature on it verifies"):
        call_command("import_content", str(backup))
    assert not LogEntry.objects.exists() and not Publication.objects.exists()


def test_f4_cutting_the_newest_audit_events_is_found_and_never_anchored(cramps, editor, reviewer, tmp_path, capsys):
    """F4: the newest audit events deleted and the head moved back, after the last anchor:
    verify said intact, and the next audit_anchor anchored the shortened chain. The log's
    statements name the events that recorded them, with their link hashes."""
    anchors = tmp_path / "anchors.jsonl"
    call_command("audit_anchor", anchor_file=str(anchors))
    edit(cramps, editor, lead="The corrected lead.")
    publish(cramps, editor=editor, reviewer=reviewer)
    last_anchored = json.loads(anchors.read_text().splitlines()[-1])["seq"]
    kept = ReviewEvent.objects.get(seq=last_anchored)
    sql_delete(ReviewEvent.objects.filter(seq__gt=kept.seq))
    sql_update(AuditHead.objects.all(), seq=kept.seq, hash=kept.hash)
    with pytest.raises(CommandError):
        call_command("verify_audit_log", anchor_file=str(anchors))
    assert re.search(r"leaf #1 names audit event #\d+, which is gone", capsys.readouterr().err)
    with pytest.raises(CommandError, match="Not anchored"):
        call_command("audit_anchor", anchor_file=str(anchors))
    assert json.loads(anchors.read_text().splitlines()[-1])["seq"] == last_anchored


TRANSLATION_SWAPS = {
    "translators": lambda a: a.update(translators=["Someone Else"]),
    "reviewer's name": lambda a: a["reviewer"].update(name="Dr Someone Else"),
    "English it translates": lambda a: a["translation_of"].update(content_hash="0" * 64),
    "statement": lambda a: a["statement"].update(payload=another_reviewer(a["statement"]["payload"])),
}


def test_a_translation_is_a_statement_in_the_log_checked_like_an_english_article(client, cramps, tmp_path):
    from reviews.workflow import translations
    from tests.factories import editor_user
    from tests.translating import live_spanish, spanish_reviewer, translate

    translator = editor_user("translator")
    live_spanish(cramps, translator=translator, reviewer=spanish_reviewer())
    article = json.loads(client.get("/api/v1/articles/cramps", {"lang": "es"}).content)
    said, statement = verify_article.verify(article, keys(client))
    assert "(es): SHA-256" in said and "translation revision 1 of the English SHA-256" in said
    assert verify_article.check_newest(article, statement, via(client), keys(client)).startswith("the newest")
    assert witness.witness(tmp_path / "state.json", via(client), keys(client), articles=True) == []
    assert log.verify_log(signing.keyring()) == []
    # The English page's own newest statement is still the English one.
    assert verify_article.check_newest(download(client), *verify_article.verify(download(client), keys(client))[1:],
                                       via(client), keys(client)).startswith("the newest")  # fmt: skip
    for name, swap in TRANSLATION_SWAPS.items():
        changed = json.loads(json.dumps(article))
        swap(changed)
        with pytest.raises(tlog.NotVerified):
            verify_article.verify(changed, keys(client))
        assert name
    # A newer translation supersedes it in the log.
    revision = translations.submit_translation(translation=translate(cramps, translator, prefix="ES2 "), by=translator)
    translations.approve_translation(revision=revision, reviewer=spanish_reviewer())
    with pytest.raises(tlog.NotVerified, match="superseded"):
        verify_article.check_newest(article, statement, via(client), keys(client))
