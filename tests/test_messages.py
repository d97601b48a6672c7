"""The message catalogue: both languages for every key, matching fields, and language choice."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from neuroncli.messages import LANGUAGES, MESSAGES, resolve_language, text

PACKAGE = Path(__file__).resolve().parent.parent / "neuroncli"
HANGUL = re.compile("[\uac00-\ud7a3]")
# The first part of every key, such as "input" in "input.empty".
KEY_GROUPS = sorted({key.split(".")[0] for key in MESSAGES})
KEY_PATTERN = re.compile("(?:" + "|".join(map(re.escape, KEY_GROUPS)) + r")(?:\.[a-z0-9_]+)+")
# Literals that look like keys but are file names, such as "output.csv".
FILE_SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".txt", ".gz", ".bz2", ".xz", ".zip", ".py")


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def keys_in_source() -> dict[str, list[str]]:
    """Map every string literal in the package that looks like a message key to its files."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if KEY_PATTERN.fullmatch(node.value) and not node.value.endswith(FILE_SUFFIXES):
                found.setdefault(node.value, []).append(f"{path.name}:{node.lineno}")
    return found


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_key_has_both_languages(key):
    entry = MESSAGES[key]

    assert set(entry) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert isinstance(entry[lang], str)
        assert entry[lang].strip()


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_use_same_fields(key):
    entry = MESSAGES[key]

    assert placeholders(entry["en"]) == placeholders(entry["ko"])


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_korean_text_contains_hangul(key):
    assert HANGUL.search(MESSAGES[key]["ko"])


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_formats(key):
    fields = {name: f"<{name}>" for name in placeholders(MESSAGES[key]["en"])}

    for lang in LANGUAGES:
        rendered = text(key, lang, **fields)
        assert all(value in rendered for value in fields.values())


def test_source_finds_known_keys():
    """The scan below must see the keys that the package certainly uses."""
    found = keys_in_source()

    assert "input.empty" in found
    assert "params.unknown_key" in found
    assert "hint.did_you_mean" in found


def test_every_key_in_source_exists():
    found = keys_in_source()

    missing = {key: places for key, places in found.items() if key not in MESSAGES}

    assert missing == {}


# resolve_language --------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        ("ko", {"NEURONCLI_LANG": "en", "LC_ALL": "en_US.UTF-8"}, "ko"),
        ("en", {"NEURONCLI_LANG": "ko", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"NEURONCLI_LANG": "ko", "LC_ALL": "en_US.UTF-8"}, "ko"),
        (None, {"NEURONCLI_LANG": "en", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"LC_ALL": "ko_KR.UTF-8", "LC_MESSAGES": "en_US", "LANG": "en_US"}, "ko"),
        (None, {"LC_ALL": "C", "LC_MESSAGES": "ko_KR.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"LC_MESSAGES": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        (None, {"LC_MESSAGES": "en_US.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"LANG": "ko_KR.UTF-8"}, "ko"),
        (None, {"LANG": "ko_KR.eucKR"}, "ko"),
        (None, {"LANG": "ko"}, "ko"),
        (None, {"LANG": "C"}, "en"),
        (None, {"LANG": "POSIX"}, "en"),
        (None, {"LANG": "C.UTF-8"}, "en"),
        (None, {"LANG": "fr_FR"}, "en"),
        (None, {"LC_ALL": "fr_FR.UTF-8", "LANG": "ko_KR.UTF-8"}, "en"),
        (None, {}, "en"),
        (None, {"NEURONCLI_LANG": ""}, "en"),
    ],
)
def test_resolve_language_precedence(option, environ, expected):
    assert resolve_language(option, environ) == expected


def test_resolve_language_reads_process_environment(monkeypatch):
    for name in ("NEURONCLI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    assert resolve_language() == "en"

    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    assert resolve_language() == "ko"

    monkeypatch.setenv("NEURONCLI_LANG", "en")
    assert resolve_language() == "en"
