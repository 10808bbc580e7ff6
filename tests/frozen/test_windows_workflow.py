"""The Windows workflow parses, and every step runs a script of installer/windows that exists.

GitHub's runners are the only Windows these tests reach: the workflow cannot run here, so what
can be checked here is checked (installer/README.md says what only the workflow proves)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml

from tests.frozen.conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "windows.yml"
SCRIPTS = REPO / "installer" / "windows"
#: A path of ours named in a step or a script, with either slash: installer\windows\gui-test.ps1
OUR_FILE = re.compile(r"installer[\\/][\w.\\/-]+\.(?:ps1|spec|nsi|py)")
CALLED_SCRIPT = re.compile(r"\$PSScriptRoot\\([\w-]+\.ps1)")


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def job(workflow: dict[str, Any]) -> dict[str, Any]:
    (only,) = workflow["jobs"].values()
    assert isinstance(only, dict)
    return only


def runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for step in job(workflow)["steps"])


def exists(name: str) -> bool:
    return (REPO / name.replace("\\", "/")).is_file()


def test_workflow_runs_on_windows_with_python_311_on_every_change(
    workflow: dict[str, Any],
) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request", "workflow_dispatch"} <= set(triggers)
    assert job(workflow)["runs-on"] == "windows-latest"
    (python,) = [
        s for s in job(workflow)["steps"] if s.get("uses", "").startswith("actions/setup-python@")
    ]
    assert python["with"]["python-version"] == "3.11"


def test_every_action_is_pinned_to_a_release(workflow: dict[str, Any]) -> None:
    uses = [step["uses"] for step in job(workflow)["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", action) for action in uses), uses


def test_every_file_a_step_names_exists(workflow: dict[str, Any]) -> None:
    named = OUR_FILE.findall(runs(workflow))
    assert named
    assert [name for name in named if not exists(name)] == []


def test_the_steps_the_issue_asks_for_are_there_in_order(workflow: dict[str, Any]) -> None:
    commands = runs(workflow)
    order = [
        "run-tests.ps1",
        "build-bundle.ps1",
        "smoke-test.ps1",
        "gui-test.ps1",
        "build-installer.ps1",
        "older-bundle.ps1",
        "install-upgrade-uninstall.ps1",
    ]
    places = [commands.find(script) for script in order]
    assert -1 not in places and places == sorted(places), dict(zip(order, places, strict=True))
    (upload,) = [
        s
        for s in job(workflow)["steps"]
        if s.get("uses", "").startswith("actions/upload-artifact@")
    ]
    assert upload["with"]["path"] == "dist/Loket-KTP-el-*-setup.exe"


def test_the_tests_step_runs_the_unit_database_and_widget_tests() -> None:
    script = (SCRIPTS / "run-tests.ps1").read_text(encoding="utf-8")
    assert "tests/unit tests/db tests/ui" in script
    assert all((REPO / "tests" / folder).is_dir() for folder in ("unit", "db", "ui"))


def test_every_script_uses_only_files_and_scripts_that_exist() -> None:
    scripts = sorted(SCRIPTS.glob("*.ps1"))
    assert scripts
    for script in scripts:
        text = script.read_text(encoding="utf-8")
        missing = [name for name in OUR_FILE.findall(text) if not exists(name)]
        missing += [name for name in CALLED_SCRIPT.findall(text) if not (SCRIPTS / name).is_file()]
        assert missing == [], f"{script.name}: {missing}"
        if script.name != "common.ps1":
            assert '. "$PSScriptRoot\\common.ps1"' in text, script.name


def test_every_script_is_run_by_the_workflow_or_by_another_script(workflow: dict[str, Any]) -> None:
    called = set(re.findall(r"installer/windows/([\w-]+\.ps1)", runs(workflow)))
    for script in SCRIPTS.glob("*.ps1"):
        called |= set(CALLED_SCRIPT.findall(script.read_text(encoding="utf-8")))
    assert {p.name for p in SCRIPTS.glob("*.ps1")} == called
