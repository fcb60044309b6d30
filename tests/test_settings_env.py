"""Settings read from the environment refuse values they do not understand, and a
development checkout needs no ceremony (the git-ignored .env that `make run` writes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from timeline.settings import env_bool, env_choice, env_int

ROOT = Path(__file__).resolve().parent.parent

# Prints the settings a command would see (DEBUG, whether the key is the generated one).
SHOW_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.SECRET_KEY == 'generated-development-key-' + 'x' * 40)"
)


def run_settings(tmp_path: Path, env_file: str | None = None, **variables: str):
    """Import the settings in a fresh interpreter, outside the test defaults."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TESTING", "DEBUG", "SECRET_KEY", "DATABASE_URL"}
    }
    env.update(SQLITE_PATH=str(tmp_path / "db.sqlite3"), DJANGO_SETTINGS_MODULE="timeline.settings")
    if env_file is not None:
        path = tmp_path / ".env"
        path.write_text(env_file, encoding="utf-8")
        env["ENV_FILE"] = str(path)
    else:
        env["ENV_FILE"] = str(tmp_path / "missing.env")
    env.update(variables)
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- Booleans, numbers and choices ------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "True", "YES", "on", " on "])
def test_true_spellings_are_true(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG") is True


@pytest.mark.parametrize("value", ["0", "false", "No", "off"])
def test_false_spellings_are_false(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    assert env_bool("SOME_FLAG", default=True) is False


def test_unset_or_empty_flag_takes_the_default(monkeypatch):
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert env_bool("SOME_FLAG", default=True) is True
    monkeypatch.setenv("SOME_FLAG", "")
    assert env_bool("SOME_FLAG", default=True) is True


@pytest.mark.parametrize("value", ["ture", "yes please", "enabled", "2", "y"])
def test_a_typo_in_a_flag_stops_with_the_variable_and_the_accepted_values(monkeypatch, value):
    monkeypatch.setenv("SECURE_PROXY_SSL", value)
    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("SECURE_PROXY_SSL")
    message = str(error.value)
    assert "SECURE_PROXY_SSL" in message
    assert repr(value) in message
    assert "1, true, yes, on" in message
    assert "0, false, no, off" in message


@pytest.mark.parametrize("value", ["ten", "1.5", "5s", "-"])
def test_a_number_that_is_not_a_whole_number_stops_the_site(monkeypatch, value):
    monkeypatch.setenv("DB_POOL_MAX", value)
    with pytest.raises(ImproperlyConfigured, match="DB_POOL_MAX"):
        env_int("DB_POOL_MAX", 10)


def test_a_number_below_its_minimum_stops_the_site(monkeypatch):
    monkeypatch.setenv("DB_POOL_MAX", "0")
    with pytest.raises(ImproperlyConfigured, match=r"DB_POOL_MAX.*at least 1"):
        env_int("DB_POOL_MAX", 10, minimum=1)
    monkeypatch.setenv("DB_POOL_MAX", " 12 ")
    assert env_int("DB_POOL_MAX", 10, minimum=1) == 12


def test_an_unknown_choice_names_the_accepted_ones(monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "verbose")
    with pytest.raises(ImproperlyConfigured, match=r"LOG_LEVEL.*DEBUG, INFO, WARNING"):
        env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING"), "WARNING")
    monkeypatch.setenv("LOG_LEVEL", "info")
    assert env_choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING"), "WARNING") == "INFO"


def test_the_site_does_not_start_with_debug_misspelt(tmp_path):
    result = run_settings(tmp_path, DEBUG="ture")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr
    assert "'ture'" in result.stderr
    assert "1, true, yes, on" in result.stderr


# --- The development .env -----------------------------------------------------------------------

DEV_ENV = "# written by make run\nDEBUG=1\nSECRET_KEY=generated-development-key-" + "x" * 40 + "\n"


def test_development_commands_read_the_env_file(tmp_path):
    """`manage.py import_articles …` after `make run` needs no SECRET_KEY of its own."""
    result = run_settings(tmp_path, env_file=DEV_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_the_real_environment_wins_over_the_env_file(tmp_path):
    result = run_settings(tmp_path, env_file=DEV_ENV, DEBUG="0", SECRET_KEY="s" * 60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_production_without_a_key_still_refuses(tmp_path):
    result = run_settings(tmp_path, env_file="# nothing here\n", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_malformed_env_file_line_is_reported(tmp_path):
    result = run_settings(tmp_path, env_file="DEBUG 1\n")
    assert result.returncode != 0
    assert ".env" in result.stderr
    assert "line 1" in result.stderr


def test_tests_ignore_the_env_file(tmp_path):
    """A developer's .env (DEBUG=1, a real key) must not change how the suite runs."""
    result = run_settings(tmp_path, env_file=DEV_ENV, TESTING="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_env_file_is_git_ignored():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored


def test_make_run_writes_the_env_file_once(tmp_path):
    """The Makefile's .env target: DEBUG=1 and a long random key, never overwritten."""
    target = tmp_path / ".env"
    command = ["make", "-s", "-f", str(ROOT / "Makefile"), f"ENV_FILE={target}", str(target)]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=60)
    lines = dict(
        line.split("=", 1)
        for line in target.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    )
    assert lines["DEBUG"] == "1"
    assert len(lines["SECRET_KEY"]) >= 50
    first = target.read_text(encoding="utf-8")
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=60)
    assert target.read_text(encoding="utf-8") == first
