"""The command line as a user runs it: real processes, real exit statuses."""

import json
import os
import subprocess
import sys

import jsonschema
import pytest

from conftest import GOLD_DIR, REPO, need
from warta.record import load_schema


def warta(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "warta", *args],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        timeout=120,
    )


@pytest.mark.parametrize(
    "path, published, source",
    [
        ("examples/sample.txt", "2025-03-03", "Kabarnusa.id"),
        (str(GOLD_DIR / "kazakhstan-csto.txt"), "2022-01-06", "Bisnis.com"),
    ],
)
def test_extract_json_is_a_valid_record(path, published, source):
    need(REPO / path)
    result = warta("extract", path, "--published", published, "--json")
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    jsonschema.validate(record, load_schema())
    assert record["metadata"]["published"] == published
    assert record["metadata"]["source"] == source


def test_extract_reads_stdin_and_prints_json_when_piped():
    result = warta("extract", "-", stdin=b"Jakarta (ANTARA) - Harga cabai naik.")
    assert result.returncode == 0, result.stderr.decode()
    record = json.loads(result.stdout)
    assert record["metadata"]["source"] == "ANTARA"


def test_extract_pretty_shows_the_record_for_a_reader():
    result = warta("extract", "--pretty", "examples/sample.txt")
    assert result.returncode == 0
    out = result.stdout.decode()
    for heading in (
        "warta record",
        "Kabarnusa.id",
        "counts",
        "quotes",
        "dates",
        "events",
        "checks",
    ):
        assert heading in out


@pytest.mark.parametrize(
    "make_input, reason",
    [
        (lambda p: p, "is a directory"),
        (lambda p: p / "missing.txt", "no such file"),
        (lambda p: (p / "empty.txt", (p / "empty.txt").write_bytes(b""))[0], "empty input"),
        (
            lambda p: (p / "x.txt", (p / "x.txt").write_bytes(b"\x00\x01\x02" * 100))[0],
            "binary data",
        ),
        (  # Windows-1252 is decoded now (with a notice): see tests/test_broken_inputs.py
            lambda p: (p / "b.txt", (p / "b.txt").touch(), os.truncate(p / "b.txt", 60 << 20))[0],
            "larger than 50 MB",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, make_input, reason):
    path = make_input(tmp_path)
    result = warta("extract", str(path))
    err = result.stderr.decode()
    assert result.returncode == 2
    assert reason in err and str(path) in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_bad_date_option_is_a_usage_error():
    result = warta("extract", "examples/sample.txt", "--published", "06/01/2022")
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr.decode()


def test_evaluate_prints_its_table_and_writes_json(tmp_path):
    need(GOLD_DIR)
    out = tmp_path / "scores.json"
    result = warta("evaluate", str(GOLD_DIR), "--json", str(out))
    assert result.returncode == 0, result.stderr.decode()
    text = result.stdout.decode()
    assert "kazakhstan-csto" in text and "macro average" in text
    scores = json.loads(out.read_text())
    assert scores["n_articles"] == 1
    assert scores["macro"]["metadata.accuracy"] == 1.0  # source and dateline are found


def test_evaluate_on_a_missing_folder_is_a_clear_error(tmp_path):
    result = warta("evaluate", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "Traceback" not in result.stderr.decode()


def test_schema_command_prints_the_shipped_schema():
    result = warta("schema")
    assert result.returncode == 0
    assert json.loads(result.stdout) == load_schema()
