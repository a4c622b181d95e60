"""What changed between two documents (articles/diff.py): rendered text by block, word
marks inside a changed block only, no Markdown, and the anchors the rendered view marks."""

import pytest

from articles.diff import Change, compare, word_diff
from articles.page_blocks import body_anchor, body_blocks, mark_body


def doc(**overrides):
    base = {
        "schema": 1,
        "id": 1,
        "slug": "a",
        "title": "A",
        "question": "What causes A?",
        "lead": "Lead text.",
        "copyright_holder": "X",
        "categories": [],
        "overview": None,
        "related": [],
        "references": [],
        "sections": [
            {
                "anchor": "causes",
                "heading": "Causes",
                "body": "Two kinds.",
                "groups": [
                    {
                        "heading": "General",
                        "lead_in": "Often:",
                        "urgency": "normal",
                        "entries": [
                            {
                                "kind": "condition",
                                "id": 1,
                                "slug": "gbs",
                                "name": "GBS",
                                "gloss": "nerve damage",
                                "note": "",
                            },
                            {"kind": "text", "text": "Bed rest"},
                        ],
                    },
                ],
            },
        ],
    }
    base.update(overrides)
    return base


def changes(old, new):
    """[(part title, kind, status, words)] of every change, in order."""
    return [(p.title, c.kind, c.status, c.words) for p in compare(old, new).parts for c in p.changes]


def with_body(body):
    document = doc()
    document["sections"][0]["body"] = body
    return document


def test_identical_documents_have_no_changes():
    assert compare(doc(), doc()).empty


def test_word_diff_marks_only_changed_words():
    assert word_diff("a quick fox", "a slow fox") == [
        ("same", "a"),
        ("del", " quick"),
        ("ins", " slow"),
        ("same", " fox"),
    ]


def test_line_breaks_and_spacing_are_not_changes():
    assert word_diff("a quick\nfox ", "a  quick fox") == [("same", "a quick fox")]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        # punctuation is compared apart from the word it follows
        ("Try exercise.", "Try exercise, daily.", [("same", "Try exercise"), ("ins", ", daily"), ("same", ".")]),
        (
            "See a therapist soon.",
            "See a therapist today.",
            [("same", "See a therapist"), ("del", " soon"), ("ins", " today"), ("same", ".")],
        ),
        # the unchanged word between deleted and inserted ones keeps its spaces
        (
            "Sciatica (a trapped nerve)",
            "Sciatica (nerve pain)",
            [("same", "Sciatica ("), ("del", "a trapped"), ("same", " nerve"), ("ins", " pain"), ("same", ")")],
        ),
        (
            "It's 1,000 mg.",
            "It's 1,500 mg.",
            [("same", "It's"), ("del", " 1,000"), ("ins", " 1,500"), ("same", " mg.")],
        ),
    ],
)
def test_an_unchanged_word_is_never_deleted_and_inserted(old, new, words):
    assert word_diff(old, new) == words


def test_a_replacement_never_runs_into_what_it_replaces():
    assert Change("entry", "changed", word_diff("Bed rest", "Injury")).segments == [
        ("del", False, "Bed rest"),
        ("ins", True, "Injury"),
    ]


def test_blocks_are_the_rendered_text_without_markdown_or_html():
    body = (
        "Without **regular exercise** and _stretching_, see a\n[physical therapist](https://pt.example/).\n\n"
        "## Self-care\n\n- Rest `one` day\n* <b>Ice</b> the knee\n\n1. Walk\n\n```\ncode block\n```\n\n> Quoted"
    )
    assert [(b.kind, b.text) for b in body_blocks(body, "causes")] == [
        ("paragraph", "Without regular exercise and stretching, see a physical therapist."),
        ("link “physical therapist”", "https://pt.example/"),
        ("heading", "Self-care"),
        ("list item", "Rest one day"),
        ("list item", "Ice the knee"),
        ("list item", "Walk"),
        ("code", "code block"),
        ("quote", "Quoted"),
    ]


def test_one_word_in_one_paragraph_marks_only_that_block_without_markdown():
    old = with_body("Keep **moving** every day.\n\nSee a [physical therapist](https://x.example) soon.")
    new = with_body("Keep **moving** every day.\n\nSee a [physical therapist](https://x.example) today.")
    assert changes(old, new) == [
        (
            "Section “Causes”",
            "paragraph",
            "changed",
            [("same", "See a physical therapist"), ("del", " soon"), ("ins", " today"), ("same", ".")],
        )
    ]
    assert compare(old, new).marks == {body_anchor("causes", 1): "Changed"}


def test_a_changed_link_target_is_seen_though_its_words_are_the_same():
    old = with_body("See a [physical therapist](https://a.example/pt).")
    new = with_body("See a [physical therapist](https://b.example/pt).")
    assert changes(old, new) == [
        (
            "Section “Causes”",
            "link “physical therapist”",
            "changed",
            [("same", "https://"), ("del", "a"), ("ins", "b"), ("same", ".example/pt")],
        )
    ]


def test_emphasis_alone_is_reported_as_formatting_not_as_changed_words():
    [(title, kind, status, _)] = changes(with_body("Rest well."), with_body("Rest **well**."))
    assert (title, kind, status) == ("Section “Causes”", "formatting", "changed")
    assert compare(with_body("Rest well."), with_body("Rest  well.\n")).empty


def test_paragraphs_stay_apart_and_a_new_one_is_added_on_its_own():
    old = with_body("First paragraph.\nSame paragraph.\n\nLast paragraph.")
    new = with_body("First paragraph.\nSame paragraph.\n\nA new paragraph.\n\nLast paragraph.")
    assert changes(old, new) == [("Section “Causes”", "paragraph", "added", [("ins", "A new paragraph.")])]


def test_gloss_change_entry_added_and_removed():
    new = doc()
    group = new["sections"][0]["groups"][0]
    group["entries"] = [
        {"kind": "condition", "id": 1, "slug": "gbs", "name": "GBS", "gloss": "immune attack on nerves", "note": ""},
        {"kind": "text", "text": "Injury"},
    ]
    found = changes(doc(), new)
    title = "List “General” in “Causes”"
    assert (
        title,
        "entry",
        "changed",
        [("same", "GBS ("), ("del", "nerve damage"), ("ins", "immune attack on nerves"), ("same", ")")],
    ) in found
    assert (title, "entry", "added", [("ins", "Injury")]) in found  # nothing like "Bed rest": not its change
    assert (title, "entry", "removed", [("del", "Bed rest")]) in found


def test_reordered_entries_are_moved_not_removed_and_added():
    new = doc()
    new["sections"][0]["groups"][0]["entries"].reverse()
    [(title, kind, status, words)] = changes(doc(), new)  # one of the two moved past the other
    assert (title, kind, status) == ("List “General” in “Causes”", "entry", "moved")
    assert words in ([("same", "GBS (nerve damage)")], [("same", "Bed rest")])


def test_entries_are_compared_in_the_order_the_page_shows_them_so_a_rare_one_moves_last():
    old, new = doc(), doc()
    for document, likelihood in ((old, ""), (new, "rare")):  # rare causes go last on the page
        document["sections"][0]["groups"][0]["entries"][0]["likelihood"] = likelihood
    [(_, kind, status, words)] = changes(old, new)
    assert (kind, status) == ("entry", "moved")  # and changed: one change, not removed and added
    assert words == [("same", "GBS (nerve damage)"), ("ins", " · rare")]


def test_a_renamed_list_is_one_list_changed_not_one_removed_and_one_added():
    new = doc()
    new["sections"][0]["groups"][0]["heading"] = "Usual"
    assert changes(doc(), new) == [
        ("List “Usual” in “Causes”", "list heading", "changed", [("del", "General"), ("ins", "Usual")])
    ]


def test_references_fields_urgency_and_a_new_section():
    new = doc(
        question="What causes B?",
        references=[
            {"number": 1, "title": "T", "publisher": "P", "url": "https://x", "doi": "", "pmid": "", "accessed": None}
        ],
    )
    new["sections"].append({"anchor": "q", "heading": "Questions", "body": "Ask.", "groups": []})
    new["sections"][0]["groups"][0]["urgency"] = "emergency"
    found = changes(doc(), new)
    assert (
        "Article",
        "question heading",
        "changed",
        [("same", "What causes"), ("del", " A"), ("ins", " B"), ("same", "?")],
    ) in found
    assert ("List “General” in “Causes”", "urgency", "added", [("ins", "Emergency")]) in found
    assert ("Section “Questions”", "paragraph", "added", [("ins", "Ask.")]) in found
    assert ("References", "reference", "added", [("ins", "T. P. https://x")]) in found


def test_untitled_lists_pair_by_position_so_a_removed_one_is_reported():
    def with_lists(*entry_texts):
        document = doc()
        document["sections"][0]["groups"] = [
            {"heading": "", "lead_in": "", "urgency": "normal", "entries": [{"kind": "text", "text": t}]}
            for t in entry_texts
        ]
        return document

    result = compare(with_lists("When?", "Call 999 if chest pain"), with_lists("When?"))
    assert [(p.status, [c.words for c in p.changes]) for p in result.parts] == [
        ("removed", [[("del", "Call 999 if chest pain")]])
    ]


def test_sections_with_the_same_heading_pair_in_order():
    old = doc()
    old["sections"].append({**old["sections"][0], "body": "Second body."})
    new = doc()
    new["sections"].append({**new["sections"][0], "body": "Second body, changed."})
    assert [p.title for p in compare(old, new).parts] == ["Section “Causes”"]


def test_a_25000_word_body_with_100_words_changed_compares_in_well_under_a_second():
    import random
    import time

    rng = random.Random(7)
    words = [rng.choice(["muscle", "nerve", "weak", "blood", "rest", "pain", "often", "doctor"]) for _ in range(25_000)]
    changed = list(words)
    for position in rng.sample(range(25_000), 100):
        changed[position] = "CHANGED"
    old, new = doc(), doc()
    old["sections"][0]["body"], new["sections"][0]["body"] = " ".join(words), " ".join(changed)
    started = time.perf_counter()
    result = compare(old, new)
    assert time.perf_counter() - started < 1.0
    assert not result.empty


def test_changes_know_which_block_of_the_page_they_are_in():
    new = doc(lead="A new lead.")
    new["sections"][0]["body"] = "Three kinds."
    new["sections"][0]["groups"][0]["entries"].pop()  # removed: marked on its list
    assert compare(doc(), new).marks == {
        "article/lead": "Changed",
        body_anchor("causes", 0): "Changed",
        "section/causes/g0": "Something was removed here",
    }


def test_mark_body_marks_exactly_the_named_blocks():
    html = '<p>One.</p>\n<ul>\n<li>Two</li>\n<li>Three &amp; <a href="https://x">four</a></li>\n</ul>\n'
    marked = mark_body(html, "causes", {body_anchor("causes", 2): "Changed"})
    assert marked == html.replace("<li>Three", '<li class="diff-changed"><span class="diff-mark">Changed</span> Three')
    assert mark_body(html, "causes", {body_anchor("other", 2): "Changed"}) is None
