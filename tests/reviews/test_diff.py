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


def test_identical_documents_have_no_changes():
    assert compare(doc(), doc())["empty"]


def test_word_diff_marks_only_changed_words():
    assert word_diff("a quick fox", "a slow fox") == [("same", "a"), ("del", "quick"), ("ins", "slow"), ("same", "fox")]


def test_gloss_change_entry_added_and_removed():
    new = doc()
    group = new["sections"][0]["groups"][0]
    group["entries"] = [
        {"kind": "condition", "id": 1, "slug": "gbs", "name": "GBS", "gloss": "immune attack on nerves", "note": ""},
        {"kind": "text", "text": "Injury"},
    ]
    result = compare(doc(), new)
    entries = result["sections"][0]["groups"][0]["entries"]
    assert {"status": "changed", "old": "GBS (nerve damage)", "new": "GBS (immune attack on nerves)"} in entries
    assert {"status": "added", "label": "Injury"} in entries
    assert {"status": "removed", "label": "Bed rest"} in entries


def test_sections_groups_references_and_fields():
    new = doc(
        question="What causes B?",
        references=[
            {"number": 1, "title": "T", "publisher": "P", "url": "https://x", "doi": "", "pmid": "", "accessed": None}
        ],
    )
    new["sections"].append({"anchor": "q", "heading": "Questions", "body": "", "groups": []})
    new["sections"][0]["groups"][0]["urgency"] = "emergency"
    result = compare(doc(), new)
    assert [f["label"] for f in result["fields"]] == ["Question heading"]
    assert [(s["heading"], s["status"]) for s in result["sections"]] == [("Causes", "changed"), ("Questions", "added")]
    assert result["sections"][0]["groups"][0]["fields"] == [{"label": "Urgency", "old": "normal", "new": "emergency"}]
    assert result["references"] == [{"status": "added", "label": "T · P · https://x"}]


def test_reordered_entries_are_noticed():
    new = doc()
    new["sections"][0]["groups"][0]["entries"].reverse()
    group = compare(doc(), new)["sections"][0]["groups"][0]
    assert group["reordered"] and group["entries"] == []


def test_untitled_lists_pair_by_position_so_a_removed_one_is_reported():
    def with_lists(*entry_texts):
        document = doc()
        document["sections"][0]["groups"] = [
            {"heading": "", "lead_in": "", "urgency": "normal", "entries": [{"kind": "text", "text": t}]}
            for t in entry_texts
        ]
        return document

    result = compare(with_lists("When?", "Call 999 if chest pain"), with_lists("When?"))
    assert not result["empty"]
    groups = result["sections"][0]["groups"]
    assert [(g["status"], [e["label"] for e in g["entries"]]) for g in groups] == [
        ("removed", ["Call 999 if chest pain"])
    ]


def test_sections_with_the_same_heading_pair_in_order():
    old = doc()
    old["sections"].append({**old["sections"][0], "body": "Second body."})
    new = doc()
    new["sections"].append({**new["sections"][0], "body": "Second body, changed."})
    sections = compare(old, new)["sections"]
    assert len(sections) == 1 and sections[0]["status"] == "changed"
