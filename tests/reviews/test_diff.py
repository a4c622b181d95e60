from reviews.diff import compare, word_diff


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


def test_identical_documents_have_no_changes():
    assert compare(doc(), doc()).empty


def test_word_diff_marks_only_changed_words():
    assert word_diff("a quick fox", "a slow fox") == [("same", "a"), ("del", "quick"), ("ins", "slow"), ("same", "fox")]


def test_line_breaks_and_spacing_are_not_changes():
    assert word_diff("a quick\nfox ", "a  quick fox") == [("same", "a quick fox")]


def test_one_word_in_one_paragraph_marks_only_that_block_without_markdown():
    old = doc()
    old["sections"][0]["body"] = "Keep **moving** every day.\n\nSee a [physical therapist](https://x.example) soon."
    new = doc()
    new["sections"][0]["body"] = "Keep **moving** every day.\n\nSee a [physical therapist](https://x.example) today."
    assert changes(old, new) == [
        (
            "Section “Causes”",
            "paragraph",
            "changed",
            [("same", "See a physical therapist"), ("del", "soon."), ("ins", "today.")],
        )
    ]


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
        [("same", "GBS"), ("del", "(nerve damage)"), ("ins", "(immune attack on nerves)")],
    ) in found
    assert (title, "entry", "changed", [("del", "Bed rest"), ("ins", "Injury")]) in found


def test_reordered_entries_are_moved_not_removed_and_added():
    new = doc()
    new["sections"][0]["groups"][0]["entries"].reverse()
    [(title, kind, status, words)] = changes(doc(), new)  # one of the two moved past the other
    assert (title, kind, status) == ("List “General” in “Causes”", "entry", "moved")
    assert words in ([("same", "GBS (nerve damage)")], [("same", "Bed rest")])


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
    assert ("Article", "question heading", "changed", [("same", "What causes"), ("del", "A?"), ("ins", "B?")]) in found
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


def test_changes_know_where_they_are_on_the_page():
    new = doc(lead="A new lead.")
    new["sections"][0]["body"] = "Three kinds."
    assert compare(doc(), new).anchors == ["article-title", "causes"]
