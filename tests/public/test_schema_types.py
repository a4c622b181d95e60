"""The structured data type-checks against schema.org's own vocabulary: TypeScript with
schema-dts (the vocabulary as types) compiles each page's JSON-LD, so a property given a
value of the wrong type (a MedicalCondition where ``cause`` takes a MedicalCause) fails."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import full_article

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

NODE_MODULES = Path(settings.BASE_DIR) / "node_modules"
TSC = NODE_MODULES / "typescript" / "bin" / "tsc"
LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def type_errors(tmp_path, programs: dict[str, list[tuple[str, dict]]]) -> dict[str, str]:
    """{program: tsc's errors in it} of programs of (schema.org type, JSON-LD) pairs, all
    compiled in one tsc run (starting tsc and reading schema-dts is most of its time)."""
    if not TSC.exists() or not (NODE_MODULES / "schema-dts").exists() or not shutil.which("node"):
        pytest.fail("TypeScript and schema-dts are missing: make install-test-tools runs npm ci", pytrace=False)
    for name, documents in programs.items():
        lines = ['import type { WithContext, MedicalWebPage, BreadcrumbList } from "schema-dts";']
        for n, (type_name, document) in enumerate(documents):
            lines.append(f"export const doc{n}: WithContext<{type_name}> = {json.dumps(document, indent=2)};")
        (tmp_path / f"{name}.ts").write_text("\n".join(lines))
    (tmp_path / "node_modules").symlink_to(NODE_MODULES)
    node = shutil.which("node") or "node"
    command = [node, str(TSC), "--noEmit", "--strict", "--target", "es2020", "--moduleResolution", "node"]
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own files
        [*command, *(f"{name}.ts" for name in programs)], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    output = (result.stdout + result.stderr).splitlines()
    return {name: "\n".join(line for line in output if line.startswith(f"{name}.ts")) for name in programs}


def json_ld(client, url):
    found = LD.findall(client.get(url).content.decode())
    assert found, f"no JSON-LD on {url}"
    return [json.loads(block) for block in found]


WRONG = {
    "@context": "https://schema.org",
    "@type": "MedicalWebPage",
    "about": {"@type": "MedicalSignOrSymptom", "name": "x", "cause": [{"@type": "MedicalCondition", "name": "y"}]},
}


def test_the_article_pages_structured_data_is_schema_org_typed_and_a_wrong_type_is_caught(client, tmp_path):
    full_article(slug="muscle-atrophy")
    documents = json_ld(client, "/symptoms/muscle-atrophy/")
    assert any(d.get("@type") == "MedicalWebPage" for d in documents)
    errors = type_errors(
        tmp_path, {"article": [(d["@type"], d) for d in documents], "wrong": [("MedicalWebPage", WRONG)]}
    )
    assert errors["article"] == ""
    # The same run finds a MedicalCondition where `cause` takes a MedicalCause: the check can fail.
    assert "'\"MedicalCondition\"' is not assignable" in errors["wrong"]
