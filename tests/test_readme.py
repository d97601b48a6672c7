"""The READMEs against the command line: every option documented, both languages in step."""

from __future__ import annotations

import re

import pytest
import typer
from conftest import ROOT

from neuroncli.cli import create_app

README = (ROOT / "README.md").read_text(encoding="utf-8")
README_KO = (ROOT / "README.ko.md").read_text(encoding="utf-8")


def _options() -> list[tuple[str, str]]:
    group = typer.main.get_command(create_app("en"))
    found = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for parameter in command.params:
            for option in parameter.opts:
                if option.startswith("--") and option not in ("--help", "--debug"):
                    found.append((name, option))
    return found


OPTIONS = _options()


def test_commands_found():
    commands = {command for command, _ in OPTIONS}
    assert {"eval", "check", "explain", "activations", "init-params"} <= commands


@pytest.mark.parametrize(("command", "option"), OPTIONS, ids=[f"{c} {o}" for c, o in OPTIONS])
def test_option_documented_in_both_readmes(command, option):
    assert option in README, f"{command} {option} is not in README.md"
    assert option in README_KO, f"{command} {option} is not in README.ko.md"


def _headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def test_korean_readme_mirrors_sections():
    english = [heading.count("#") for heading in _headings(README)]
    korean = [heading.count("#") for heading in _headings(README_KO)]
    assert english == korean


def test_korean_readme_mirrors_examples():
    def commands(text: str) -> list[str]:
        lines = re.findall(r"^\$ (neuroncli .*)$", text, flags=re.MULTILINE)
        return [re.sub(r" --lang ko\b", "", line) for line in lines]

    assert commands(README) == commands(README_KO)


def test_quick_start_has_two_commands():
    section = README.split("## Quick start", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    lines = [line for line in block.strip().splitlines() if line.strip()]
    assert len(lines) == 2
    assert lines[0].startswith("python -m pip install . && neuroncli eval sample_data/")
    assert lines[1] == "python -m pip install '.[test]' && python -m pytest"


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "python -m pip install '.[test]' && python -m pytest" in script
