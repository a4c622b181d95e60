"""A reviewer-readable comparison of two article documents (live vs submitted)."""

import difflib

FIELDS = [
    ("title", "Title"),
    ("slug", "Address (slug)"),
    ("question", "Question heading"),
    ("lead", "Lead"),
    ("copyright_holder", "Copyright holder"),
]


def word_diff(old, new):
    """[(op, text)] with op in 'same', 'del', 'ins', splitting on words."""
    a, b = old.split(" "), new.split(" ")
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("same", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("del", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("ins", " ".join(b[j1:j2])))
    return out


def _entry_key(entry):
    if entry["kind"] == "text":
        return ("text", entry["text"])
    return (entry["kind"], entry["slug"])


def _entry_label(entry):
    if entry["kind"] == "condition":
        return (
            entry["name"]
            + (f" ({entry['gloss']})" if entry["gloss"] else "")
            + (f" {entry['note']}" if entry["note"] else "")
        )
    if entry["kind"] == "article":
        return entry["title"] + (f" {entry['note']}" if entry["note"] else "")
    return entry["text"]


def _pair(old_items, new_items, key):
    """Match items by key (the n-th old item with a key to the n-th new one with it, so
    repeated or empty headings still pair up), in the new order, then the removed ones."""
    old_by_key: dict = {}
    for item in old_items:
        old_by_key.setdefault(key(item), []).append(item)
    for item in new_items:
        waiting = old_by_key.get(key(item))
        yield (waiting.pop(0) if waiting else None), item
    for leftovers in old_by_key.values():
        for item in leftovers:
            yield item, None


def _status(old, new):
    return "added" if old is None else "removed" if new is None else "changed"


def _entries(old_entries, new_entries):
    changes = []
    for old, new in _pair(old_entries, new_entries, _entry_key):
        if old and new:
            if _entry_label(old) != _entry_label(new):
                changes.append({"status": "changed", "old": _entry_label(old), "new": _entry_label(new)})
        else:
            changes.append({"status": _status(old, new), "label": _entry_label(old or new)})
    common_old = [_entry_key(e) for e in old_entries if _entry_key(e) in {_entry_key(n) for n in new_entries}]
    common_new = [_entry_key(e) for e in new_entries if _entry_key(e) in {_entry_key(o) for o in old_entries}]
    reordered = common_old != common_new
    return changes, reordered


def _groups(old_groups, new_groups):
    out = []
    for index, (old, new) in enumerate(_pair(old_groups, new_groups, lambda g: g["heading"] or "")):
        group = old or new
        item = {"heading": group["heading"] or f"Untitled list {index + 1}", "status": _status(old, new)}
        if old and new:
            item["fields"] = [
                {"label": label, "old": old[field], "new": new[field]}
                for field, label in [("lead_in", "Lead-in"), ("urgency", "Urgency")]
                if old[field] != new[field]
            ]
            item["entries"], item["reordered"] = _entries(old["entries"], new["entries"])
            if not (item["fields"] or item["entries"] or item["reordered"]):
                continue
        else:
            item["entries"] = [{"status": item["status"], "label": _entry_label(e)} for e in group["entries"]]
        out.append(item)
    return out


def compare(old, new):
    """Changes from document ``old`` (live) to ``new`` (submitted)."""
    fields = [
        {"label": label, "words": word_diff(old[field] or "", new[field] or "")}
        for field, label in FIELDS
        if old[field] != new[field]
    ]
    for field, label, show in [
        ("overview", "Companion overview", lambda v: v["question"] if v else "none"),
        ("categories", "Categories", lambda v: ", ".join(c["name"] for c in v) or "none"),
        ("related", "Related articles", lambda v: ", ".join(a["title"] for a in v) or "none"),
    ]:
        if old[field] != new[field]:
            fields.append({"label": label, "words": word_diff(show(old[field]), show(new[field]))})

    sections = []
    for old_s, new_s in _pair(old["sections"], new["sections"], lambda s: s["heading"]):
        section = old_s or new_s
        item = {"heading": section["heading"], "status": _status(old_s, new_s)}
        if old_s and new_s:
            item["body"] = word_diff(old_s["body"], new_s["body"]) if old_s["body"] != new_s["body"] else None
            item["groups"] = _groups(old_s["groups"], new_s["groups"])
            if item["body"] is None and not item["groups"]:
                continue
        else:
            item["body"] = None
            item["groups"] = _groups([], section["groups"]) if new_s else _groups(section["groups"], [])
        sections.append(item)
    old_order = [s["heading"] for s in old["sections"]]
    new_order = [s["heading"] for s in new["sections"]]
    sections_reordered = [h for h in old_order if h in new_order] != [h for h in new_order if h in old_order]

    def ref_label(ref):
        return " · ".join(
            part for part in (ref["title"], ref["publisher"], ref["url"], ref["doi"], ref["pmid"]) if part
        )

    references = []
    for old_r, new_r in _pair(old["references"], new["references"], lambda r: r["url"] or r["title"]):
        if old_r and new_r:
            if ref_label(old_r) != ref_label(new_r) or old_r["accessed"] != new_r["accessed"]:
                references.append({"status": "changed", "old": ref_label(old_r), "new": ref_label(new_r)})
        else:
            references.append({"status": _status(old_r, new_r), "label": ref_label(old_r or new_r)})

    return {
        "fields": fields,
        "sections": sections,
        "sections_reordered": sections_reordered,
        "references": references,
        "empty": not (fields or sections or references or sections_reordered),
    }
