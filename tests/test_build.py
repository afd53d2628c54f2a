"""``timeline build``: the committed seed dataset, bad annotations, and the curation guide."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

import timeline
from tests.conftest import DATA
from timeline.curation.build import build, build_seeds, render
from timeline.reading.result import ExitCode
from timeline.reading.shipped import default_dataset_path

ROOT = DATA.parent.parent
SEEDS = ROOT / "seeds"
COMMITTED = ROOT / "data" / "afghanistan-2021-seed.json"
ANNOTATIONS = DATA / "annotations"
CASES = sorted(p for p in ANNOTATIONS.iterdir() if p.is_dir())

#: One problem line of ``timeline build``: FILE:LINE:/pointer: message [code].
PROBLEM_LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<pointer>/[^:]*): (?P<message>.*) \[(?P<code>[a-z0-9-]+)\]$"
)


def _expected(case: Path) -> list[dict]:
    return json.loads((case / "expected.json").read_text(encoding="utf-8"))["problems"]


def _text_of(dataset_file: Path, source: timeline.Source) -> str:
    assert source.path is not None
    return (dataset_file.parent / source.path).read_bytes().decode("utf-8")


# --------------------------------------------------------------------------------------------
# The committed seed dataset
# --------------------------------------------------------------------------------------------


def test_the_committed_dataset_is_a_fresh_build_of_seeds():
    fresh = render(build(SEEDS, COMMITTED))
    assert fresh == COMMITTED.read_bytes()


def test_build_check_through_the_cli_says_up_to_date(run_cli):
    result = run_cli("build", "--check", cwd=ROOT)
    assert result.returncode == ExitCode.VALID, result.stdout + result.stderr
    *warnings, last = result.stdout.decode().splitlines()
    assert last == "data/afghanistan-2021-seed.json is up to date (15 events, 9 actors, 8 sources)"
    # The seed's citations of sources without a stored text (one warning each), and nothing else.
    dataset = timeline.load(COMMITTED)
    citations = [
        evidence
        for event in dataset.events
        for evidence in (*event.evidence, *(e for r in event.reports for e in r.evidence))
        if not evidence.has_offsets
    ]
    assert len(warnings) == len(citations) > 0
    assert all(line.endswith("[evidence-unverifiable]") for line in warnings)
    assert result.stderr == b""


def test_two_builds_give_the_same_bytes(run_cli, tmp_path):
    out = tmp_path / "data" / "out.json"
    first = run_cli("build", str(SEEDS), "-o", str(out))
    assert first.returncode == ExitCode.VALID, first.stdout + first.stderr
    written = out.read_bytes()
    second = run_cli("build", str(SEEDS), "-o", str(out))
    assert second.returncode == ExitCode.VALID
    assert out.read_bytes() == written
    assert render(build(SEEDS, out)) == render(build(SEEDS, out)) == written
    assert run_cli("build", str(SEEDS), "-o", str(out), "--check").returncode == ExitCode.VALID


def test_the_shipped_dataset_quotes_its_text_at_its_offsets():
    dataset = timeline.load_default()
    path = default_dataset_path()
    sources = {source.id: source for source in dataset.sources}
    assert len(dataset.events) == 15
    (document,) = (s for s in dataset.sources if s.path is not None)
    data = (path.parent / document.path).read_bytes()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert data == (SEEDS / "2021-08-30-taliban-expect-is-attacks-to-end.txt").read_bytes()
    checked = 0
    for event in dataset.events:
        assert event.evidence
        # Citations of sources without a stored text have a locator, not offsets.
        for evidence in (e for e in event.evidence if e.has_offsets):
            text = _text_of(path, sources[evidence.source])
            assert text[evidence.start : evidence.end] == evidence.quote, (event.id, evidence)
            checked += 1
    assert checked >= 15


def test_date_phrases_of_the_seed_are_resolved_and_kept():
    events = {event.id: event for event in timeline.load_default().events}
    bombing = events["kabul-airport-suicide-bombing"]
    assert (str(bombing.date), bombing.date_text) == ("2021-08-26", "on Thursday")
    claim = events["kabul-airport-rocket-attack-claim"]
    assert (str(claim.date), claim.date_text) == ("2021-08-30", "On Monday")
    undated = events["taliban-expect-is-attacks-to-end"]
    assert (str(undated.date), undated.date_text) == ("../2021-08-30", None)
    # The article does not date the Taliban's entry into Kabul; a cited source does.
    entry = events["taliban-take-power-in-kabul"]
    assert (str(entry.date), entry.date_basis and entry.date_basis.value, entry.date_source) == (
        "2021-08-15",
        "source",
        "the-quint-taliban-seize-kabul",
    )


# --------------------------------------------------------------------------------------------
# Bad annotations: each case folder gives exactly the problems of its expected.json
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_bad_annotation_gives_its_problems(case, tmp_path):
    result = build_seeds(case, tmp_path / "out.json")
    assert result.dataset is None
    assert not result.ok
    got = [(Path(file.path).name, problem) for file in result.files for problem in file.problems]
    expected = _expected(case)
    assert sorted((name, p.line, p.pointer, p.code) for name, p in got) == sorted(
        (e["file"], e["line"], e["pointer"], e["code"]) for e in expected
    )
    for e in expected:
        (problem,) = (
            p
            for name, p in got
            if (name, p.line, p.pointer, p.code) == (e["file"], e["line"], e["pointer"], e["code"])
        )
        assert e["message"] in problem.message, (problem.message, e["message"])
        if "column" in e:
            assert problem.column == e["column"]
    assert not (tmp_path / "out.json").exists()


def test_the_cases_cover_the_build_codes():
    codes = {p["code"] for case in CASES for p in _expected(case)}
    assert codes >= {
        "unknown-actor",
        "ambiguous-actor",
        "quote-not-found",
        "quote-ambiguous",
        "quote-occurrence",
        "date-phrase-unknown",
        "date-phrase-unanchored",
        "schema-enum",
        "unknown-event",
        "schema-unknown-key",
        "toml-syntax",
        "source-text-missing",
        "source-text-encoding",
        "file-unreadable",
        "duplicate-event",
        "extends-redefines",
        "date-missing",
        "report-mismatch",
        "claim-not-a-claim",
        "unknown-source",
    }
    # Every place a 1.1.0 annotation writes a name or a quote is reported at its own line.
    pointers = {p["pointer"] for case in CASES for p in _expected(case)}
    assert pointers >= {
        "/events/0/quotes/0/according_to",
        "/events/0/reports/0/quotes/0",
        "/events/0/reports/0/perpetrators/0/actor",
        "/events/0/evidence/0/source",
        "/events/0/participants/0/claim",
    }


@pytest.mark.parametrize("name", ["unknown-alias", "unknown-event", "quote-ambiguous"])
def test_the_cli_prints_file_line_pointer_and_exits_1(run_cli, tmp_path, name):
    case = ANNOTATIONS / name
    out = tmp_path / "out.json"
    result = run_cli("build", str(case), "-o", str(out))
    assert result.returncode == ExitCode.INVALID
    assert b"Traceback" not in result.stderr
    lines = result.stdout.decode().splitlines()
    assert lines[-1].startswith("build failed: 2 files checked, 1 valid, 1 invalid (")
    printed = [m.groupdict() for line in lines[:-1] if (m := PROBLEM_LINE.match(line))]
    assert len(printed) == len(lines) - 1, lines
    expected = _expected(case)
    assert len(printed) == len(expected)
    for e, p in zip(expected, printed, strict=True):
        assert p["file"] == str(case / e["file"])
        assert (int(p["line"]), p["pointer"], p["code"]) == (e["line"], e["pointer"], e["code"])
        assert e["message"] in p["message"]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_the_cli_reports_a_toml_syntax_error_at_line_and_column(run_cli, tmp_path):
    case = ANNOTATIONS / "toml-syntax"
    result = run_cli("build", str(case), "-o", str(tmp_path / "out.json"))
    assert result.returncode == ExitCode.INVALID
    first = result.stdout.decode().splitlines()[0]
    assert first.startswith(f"{case / 'storm.toml'}:25:19: invalid TOML: ")
    assert first.endswith("[toml-syntax]")
    assert list(tmp_path.iterdir()) == []


def test_the_cli_json_format_gives_the_same_problems(run_cli, tmp_path):
    case = ANNOTATIONS / "unknown-alias"
    result = run_cli("build", "--format", "json", str(case), "-o", str(tmp_path / "out.json"))
    assert result.returncode == ExitCode.INVALID
    report = json.loads(result.stdout)
    assert report["valid"] is False
    problems = [p for f in report["files"] for p in f["problems"]]
    (expected,) = _expected(case)
    assert [(p["line"], p["pointer"], p["code"]) for p in problems] == [
        (expected["line"], expected["pointer"], expected["code"])
    ]


# --------------------------------------------------------------------------------------------
# The curation guide followed on a document of our own
# --------------------------------------------------------------------------------------------

GUIDE_DATASET = """\
# A second dataset, curated as docs/curation.md says.

[dataset]
id = "porto-lindo-harbour"
title = "The storm at Porto Lindo harbour, March 2024"
version = "0.1.0"
license = "CC0-1.0"

[[actors]]
id = "harbour-authority"
name = "Porto Lindo Harbour Authority"
kind = "government"
aliases = ["harbour authority", "the authority"]

[[actors]]
id = "jose-almeida"
name = "José Almeida"
kind = "person"
aliases = ["Almeida", "harbour master"]
affiliations = [{ actor = "harbour-authority", position = "harbour master" }]

[[sources]]
id = "harbour-bulletin-12"
title = "Harbour bulletin no. 12"
language = "en"
citation = "Porto Lindo Harbour Authority, Bulletin no. 12 (invented for the tests)."
"""

GUIDE_TEXT = (
    "Storm closes Porto Lindo harbour\n"
    "\n"
    "The authority closed the port on Tuesday after a storm tore away part of the pier.\n"
    "“We will reopen next week,” said the harbour master, José Almeida.\n"
    "The authority said the repairs had begun.\n"
)

GUIDE_ANNOTATION = """\
# Annotation of 2024-03-07-storm-closes-harbour.txt

[document]
id = "storm-closes-porto-lindo-harbour"
text = "2024-03-07-storm-closes-harbour.txt"
title = "Storm closes Porto Lindo harbour"
language = "en"
published = "2024-03-07"
published_inference = "Invented for the tests: the text prints no date."

[[events]]
type = "announcement"
title = "The harbour authority closes the port"
date = "on Tuesday"
participants = [
  { actor = "THE AUTHORITY", role = "party" },
]
status = "occurred"
quotes = [
  "The authority closed the port on Tuesday after a storm tore away part of the pier.",
]

[[events]]
id = "port-to-reopen"
type = "statement"
subtype = "pledge"
title = "The harbour master says the port will reopen next week"
date = "next week"
participants = [{ actor = "jose almeida", role = "speaker" }]
status = "expected"
quotes = [
  "“We will reopen next week,” said the harbour master, José Almeida.",
  { text = "The authority", occurrence = 2 },
]
relations = [{ type = "refers_to", event = "the-harbour-authority-closes-the-port" }]
"""


def test_the_curation_guide_on_a_second_document(run_cli, tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "dataset.toml").write_text(GUIDE_DATASET, encoding="utf-8")
    text_file = seeds / "2024-03-07-storm-closes-harbour.txt"
    text_file.write_bytes(GUIDE_TEXT.encode("utf-8"))
    annotation = seeds / "2024-03-07-storm-closes-harbour.toml"
    annotation.write_text(GUIDE_ANNOTATION, encoding="utf-8")

    built = run_cli("build", cwd=tmp_path)
    assert built.returncode == ExitCode.VALID, built.stdout + built.stderr
    assert built.stdout.decode() == (
        "built data/porto-lindo-harbour.json (2 events, 2 actors, 2 sources)\n"
    )
    output = tmp_path / "data" / "porto-lindo-harbour.json"
    validated = run_cli("validate", "data/porto-lindo-harbour.json", cwd=tmp_path)
    assert validated.returncode == ExitCode.VALID, validated.stdout
    assert run_cli("build", "--check", cwd=tmp_path).returncode == ExitCode.VALID

    dataset = timeline.load(output, texts_root=tmp_path)
    closes, reopen = dataset.events
    assert closes.id == "the-harbour-authority-closes-the-port"  # the slug of the title
    assert str(closes.date) == "2024-03-05"  # the Tuesday before Thursday 7 March 2024
    assert closes.date_text == "on Tuesday"
    assert [(p.actor, p.role.value) for p in closes.participants] == [
        ("harbour-authority", "party")
    ]
    assert reopen.id == "port-to-reopen"
    assert str(reopen.date) == "2024-03-11/2024-03-17"
    assert reopen.date_text == "next week"
    assert reopen.participants[0].actor == "jose-almeida"  # without case or accent
    (source, bulletin) = dataset.sources
    assert source.path == "../seeds/2024-03-07-storm-closes-harbour.txt"
    assert str(source.published) == "2024-03-07"
    assert source.published_inference is not None
    assert bulletin.id == "harbour-bulletin-12"
    assert bulletin.path is None
    text = text_file.read_bytes().decode("utf-8")
    for event in dataset.events:
        for evidence in event.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote
    second_authority = reopen.evidence[1]
    assert second_authority.start == text.index("The authority said")  # occurrence = 2
    assert closes.evidence[0].start == text.index("The authority closed")

    # An edit to the annotation makes the committed dataset stale until it is rebuilt.
    annotation.write_text(
        GUIDE_ANNOTATION.replace('date = "next week"', 'date = "2024-03-11/2024-03-17"'),
        encoding="utf-8",
    )
    stale = run_cli("build", "--check", cwd=tmp_path)
    assert stale.returncode == ExitCode.INVALID
    assert b"differs from a fresh build" in stale.stderr


# --------------------------------------------------------------------------------------------
# Behaviours a curator trips on (library bugs, kept as strict expected failures)
# --------------------------------------------------------------------------------------------


def test_a_missing_text_is_reported_once(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ANNOTATIONS / "quote-occurrence", seeds)
    (seeds / "storm.txt").unlink()
    result = build_seeds(seeds, tmp_path / "out.json")
    codes = [p.code for f in result.files for p in f.problems]
    assert codes == ["source-text-missing"]


def test_an_event_defined_twice_is_reported_at_every_definition(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(ANNOTATIONS / "quote-occurrence", seeds)
    (seeds / "storm.toml").write_text(
        (ANNOTATIONS / "unknown-alias" / "storm.toml")
        .read_text(encoding="utf-8")
        .replace("Harbor Autority", "harbour authority"),
        encoding="utf-8",
    )
    second = (seeds / "storm.toml").read_text(encoding="utf-8")
    second = second.replace('id = "storm-closes-harbour"', 'id = "second-report"')
    (seeds / "zz-second.toml").write_text(second, encoding="utf-8")
    # and a third definition of the first event, in the first document
    first = (seeds / "storm.toml").read_text(encoding="utf-8")
    third = first.split("[[events]]")[1]
    (seeds / "storm.toml").write_text(first + "\n[[events]]" + third, encoding="utf-8")
    result = build_seeds(seeds, tmp_path / "out.json")
    problems = [(Path(f.path).name, p) for f in result.files for p in f.problems]
    assert {p.code for _, p in problems} == {"duplicate-event"}
    where = {(name, p.line, p.message.split("'")[1]) for name, p in problems}
    assert where == {
        ("storm.toml", 10, "the-harbour-authority-closes-the-port"),
        ("storm.toml", 22, "fishermen-protest"),
        ("storm.toml", 31, "the-harbour-authority-closes-the-port"),
        ("zz-second.toml", 10, "the-harbour-authority-closes-the-port"),
        ("zz-second.toml", 22, "fishermen-protest"),
    }
    for name, problem in problems:
        others = {
            f"{other}:{p.line}"
            for other, p in problems
            if p.message.split("'")[1] == problem.message.split("'")[1]
            and (other, p.line) != (name, problem.line)
        }
        named = set(re.findall(r"(?:storm|zz-second)\.toml:\d+", problem.message))
        assert named == others, problem.message
    assert result.dataset is None


@pytest.mark.parametrize("date", ["2024-02-30", "2024-03-06/2024-03-01"])
def test_an_invalid_edtf_date_says_why(tmp_path, date):
    seeds = tmp_path / "seeds"
    shutil.copytree(ANNOTATIONS / "date-phrase-unknown", seeds)
    annotation = seeds / "storm.toml"
    text = annotation.read_text(encoding="utf-8").replace("a fortnight ago", date)
    annotation.write_text(text, encoding="utf-8")
    with pytest.raises(timeline.EdtfError) as parsed:
        timeline.parse_edtf(date)
    result = build_seeds(seeds, tmp_path / "out.json")
    (problem,) = (p for f in result.files for p in f.problems)
    assert problem.code == parsed.value.code
    assert str(parsed.value) in problem.message


def test_the_dataset_table_holds_the_datasets_own_metadata_fields():
    """build passes the [dataset] table's fields on to the dataset by name."""
    import attrs

    from timeline.curation.annotation import DatasetNote
    from timeline.model import Dataset

    note = {field.name for field in attrs.fields(DatasetNote)}
    dataset = {field.name for field in attrs.fields(Dataset)}
    assert note == dataset - {"schema", "sources", "actors", "events"}


def _storm_seeds(tmp_path: Path, annotation: str) -> tuple[Path, str]:
    """A seeds folder of the storm case with a citation-only source ``harbour-bulletin`` and
    ``annotation`` (its events) after the document's table; the annotation's text."""
    seeds = tmp_path / "seeds"
    case = ANNOTATIONS / "citation-unknown-source"
    seeds.mkdir(parents=True)
    shutil.copy(case / "storm.txt", seeds / "storm.txt")
    (seeds / "dataset.toml").write_text(
        (case / "dataset.toml").read_text(encoding="utf-8")
        + '\n[[sources]]\nid = "harbour-bulletin"\ntitle = "Harbour bulletin"\n'
        'language = "en"\npublished = "2024-03-06"\n',
        encoding="utf-8",
    )
    document = (case / "storm.toml").read_text(encoding="utf-8").split("[[events]]", 1)[0]
    text = document + annotation
    (seeds / "storm.toml").write_text(text, encoding="utf-8")
    return seeds, text


def _printed(result) -> list[tuple[int, str, str]]:
    lines = result.stdout.decode().splitlines()
    return [
        (int(m["line"]), m["pointer"], m["code"])
        for line in lines
        if (m := PROBLEM_LINE.match(line)) is not None
    ]


_PORT = (
    '[[events]]\nid = "port-closed"\ntype = "announcement"\n'
    'title = "The harbour authority closes the port"\ndate = "on Tuesday"\n'
    'status = "occurred"\nquotes = ["closed the port on Tuesday after a storm damaged the pier"]\n'
)


def test_a_reports_citation_is_reported_at_its_own_line(run_cli, tmp_path):
    """The build's warning of a report's citation stands at the citation's line and pointer
    (not the report's), once; an unknown source in it is one error there, with the closest
    ids, and so is an unknown source of a report or of a date."""
    citation = '  { source = "harbour-bulletin", locator = "p. 1", note = "closed on 5 March" },'
    seeds, text = _storm_seeds(
        tmp_path,
        _PORT + f'\n[[events.reports]]\ndate = "2024-03-05"\nevidence = [\n{citation}\n]\n',
    )
    line = text.splitlines().index(citation) + 1
    result = run_cli("build", str(seeds), "-o", str(tmp_path / "out.json"))
    assert result.returncode == ExitCode.VALID, result.stdout
    assert _printed(result) == [(line, "/events/0/reports/0/evidence/0", "evidence-unverifiable")]
    dated_report = 'date = "2024-03-05"\n'
    for old, new, pointer in [
        (citation, citation.replace("harbour", "harbor"), "/events/0/reports/0/evidence/0/source"),
        (dated_report, dated_report + 'source = "harbor-bulletin"\n', "/events/0/reports/0/source"),
    ]:
        changed = text.replace(old, new)
        (seeds / "storm.toml").write_text(changed, encoding="utf-8")
        result = run_cli("build", str(seeds), "-o", str(tmp_path / "out.json"))
        assert result.returncode == ExitCode.INVALID
        bad = next(n for n, row in enumerate(changed.splitlines(), 1) if "harbor-bulletin" in row)
        assert _printed(result) == [(bad, pointer, "unknown-source")], result.stdout
        assert b"the closest known sources: harbour-bulletin" in result.stdout
    dated = _PORT.replace(
        'date = "on Tuesday"\n',
        'date = "2024-03-05"\ndate_basis = "source"\ndate_source = "harbor-bulletin"\n',
    )
    seeds, text = _storm_seeds(tmp_path / "dated", dated)
    result = run_cli("build", str(seeds), "-o", str(tmp_path / "out.json"))
    line = text.splitlines().index('date_source = "harbor-bulletin"') + 1
    assert _printed(result) == [(line, "/events/0/date_source", "unknown-source")]


def test_a_date_finer_than_its_quote_is_warned_of_at_the_dates_line(run_cli, tmp_path):
    """The build reports the validation warning of a day whose only quote states its month
    at the line of the annotation's ``date``; a day its quote states is no warning."""
    seeds, _ = _storm_seeds(tmp_path, "")
    (seeds / "storm.txt").write_text(
        "The harbour authority closed the port in March 2024 after a storm.\n", encoding="utf-8"
    )
    event = (
        '[[events]]\nid = "port-closed"\ntype = "announcement"\n'
        'title = "The harbour authority closes the port"\ndate = "2024-03-05"\n'
        'status = "occurred"\nquotes = ["closed the port in March 2024"]\n'
    )
    annotation = (seeds / "storm.toml").read_text(encoding="utf-8") + event
    (seeds / "storm.toml").write_text(annotation, encoding="utf-8")
    result = run_cli("build", str(seeds), "-o", str(tmp_path / "out.json"))
    assert result.returncode == ExitCode.VALID, result.stdout
    line = annotation.splitlines().index('date = "2024-03-05"') + 1
    assert _printed(result) == [(line, "/events/0/date", "date-finer-than-evidence")]
    assert b"is finer than 'March 2024' (2024-03)" in result.stdout
    (seeds / "storm.toml").write_text(annotation.replace("2024-03-05", "2024-03"), "utf-8")
    result = run_cli("build", str(seeds), "-o", str(tmp_path / "out.json"))
    assert (result.returncode, _printed(result)) == (ExitCode.VALID, [])
