"""The command line prints the same JSON as to_dict(), or readable text."""

import json

from campaign.extract import extract_release
from campaign.extract.cli import format_text, main


def test_json_output_equals_to_dict(seed_path, seed_text, capsys):
    assert main([str(seed_path), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(extract_release(seed_text).to_dict()))


def test_text_output(seed_path, capsys):
    assert main([str(seed_path)]) == 0
    out = capsys.readouterr().out
    assert "Drop all charges against Kem Sokha" in out
    assert "Cambodian authorities" in out


def test_format_text_without_cleaned_text(seed_text):
    draft = extract_release(seed_text)
    assert draft.cleaned_text[:200] not in format_text(draft)


def test_missing_file(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt")]) == 1
    assert "cannot read" in capsys.readouterr().err
