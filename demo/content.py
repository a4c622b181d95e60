"""The demo content as data: one YAML file per article under content/articles/, plus the
shared categories, conditions and warning signs. Read and checked here; load_demo writes it."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONTENT = Path(__file__).resolve().parent / "content"
CARE_TIERS = ("emergency", "urgent", "routine")
LIKELIHOODS = ("", "common", "less common", "rare")
# libyaml's parser when PyYAML was built with it (the wheels are): ten times faster, the
# same safe subset of YAML.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DemoContentError(ValueError):
    """A demo file does not have the shape load_demo needs; the message names the file."""


@dataclass(frozen=True)
class DemoContent:
    categories: list[dict[str, Any]]
    conditions: list[dict[str, Any]]
    signs: list[dict[str, Any]]
    articles: list[dict[str, Any]]
    # {language: {article slug: {English text: its translation}}}, from translations/<language>/<slug>.yaml
    translations: dict[str, dict[str, dict[str, str]]]


def _load(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        raise DemoContentError(f"{path.name}: not valid YAML ({error})") from None


def _require(record: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [key for key in keys if not record.get(key)]
    if missing:
        raise DemoContentError(f"{where}: missing {', '.join(missing)}")


def load_content(root: Path = CONTENT) -> DemoContent:
    """Read every demo file and check the references between them (category, condition
    and article slugs), so a typo fails here with the file's name, not half-way through
    writing the database."""
    categories = _load(root / "categories.yaml") or []
    conditions = _load(root / "conditions.yaml") or []
    signs = _load(root / "warning_signs.yaml") or []
    articles = [_load(path) for path in sorted((root / "articles").glob("*.yaml"))]
    for category in categories:
        _require(category, ("slug", "name"), "categories.yaml")
    for condition in conditions:
        _require(condition, ("slug", "name"), "conditions.yaml")
    known = {
        "category": {c["slug"] for c in categories},
        "condition": {c["slug"] for c in conditions},
        "article": {a.get("slug") for a in articles},
    }
    tiers = _sign_tiers(signs, known["condition"])
    for article in articles:
        where = f"articles/{article.get('slug', '?')}.yaml"
        _require(article, ("slug", "title", "question", "lead"), where)
        links = [("category", slug) for slug in article.get("categories", [])]
        links += [("article", slug) for slug in article.get("related", [])]
        if article.get("overview"):
            links.append(("article", article["overview"]))
        for tier, statements in article.get("care", {}).items():
            if tier not in CARE_TIERS:
                raise DemoContentError(f"{where}: unknown care tier “{tier}” (use {', '.join(CARE_TIERS)})")
            for text in statements:
                if tiers.get(text) != tier:
                    raise DemoContentError(f"{where}: “{text}” is not in warning_signs.yaml in the {tier} tier")
        for section in article.get("sections", []):
            _require(section, ("heading",), where)
            for group in section.get("groups", []):
                for entry in group.get("entries", []):
                    kinds = [kind for kind in ("condition", "article", "text") if entry.get(kind)]
                    if len(kinds) != 1:
                        raise DemoContentError(f"{where}: an entry needs exactly one of condition, article, text")
                    if kinds[0] != "text":
                        links.append((kinds[0], entry[kinds[0]]))
                    if entry.get("likelihood", "") not in LIKELIHOODS:
                        raise DemoContentError(f"{where}: likelihood must be one of {', '.join(LIKELIHOODS[1:])}")
        for kind, slug in links:
            if slug not in known[kind]:
                raise DemoContentError(f"{where}: unknown {kind} “{slug}”")
    translations = _translations(root / "translations", known["article"])
    return DemoContent(
        categories=categories, conditions=conditions, signs=signs, articles=articles, translations=translations
    )


def _translations(root: Path, articles: set[str]) -> dict[str, dict[str, dict[str, str]]]:
    """Each translation file: a list of {en: English text, es: its translation} pairs,
    one per piece of text the article shows (load_demo matches them by the English)."""
    found: dict[str, dict[str, dict[str, str]]] = {}
    for path in sorted(root.glob("*/*.yaml")):
        where = f"translations/{path.parent.name}/{path.name}"
        if path.stem not in articles:
            raise DemoContentError(f"{where}: no demo article has the slug “{path.stem}”")
        pairs = _load(path) or []
        texts: dict[str, str] = {}
        for pair in pairs:
            if not isinstance(pair, dict) or set(pair) != {"en", path.parent.name}:
                raise DemoContentError(f"{where}: each item needs exactly “en” and “{path.parent.name}”")
            english, translated = str(pair["en"]).strip(), str(pair[path.parent.name]).strip()
            if not english or not translated:
                raise DemoContentError(f"{where}: an empty text for “{english[:40]}”")
            texts[english] = translated
        found.setdefault(path.parent.name, {})[path.stem] = texts
    return found


def _sign_tiers(signs: list[dict[str, Any]], conditions: set[str]) -> dict[str, str]:
    """{wording: tier} of the library of warning signs, each checked."""
    tiers: dict[str, str] = {}
    for sign in signs:
        _require(sign, ("text", "tier"), "warning_signs.yaml")
        if sign["text"] in tiers:
            raise DemoContentError(f"warning_signs.yaml: “{sign['text']}” is there twice")
        if sign["tier"] not in CARE_TIERS:
            raise DemoContentError(f"warning_signs.yaml: unknown tier “{sign['tier']}”")
        if sign.get("condition") and sign["condition"] not in conditions:
            raise DemoContentError(f"warning_signs.yaml: unknown condition “{sign['condition']}”")
        tiers[sign["text"]] = sign["tier"]
    return tiers
