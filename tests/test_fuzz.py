"""The project's own fuzz test (issue 17): malformed inputs of every kind end in a located input error, never in
any other exception.

Structure-aware: each example takes a shipped file (a scenario, an experiment, a strategy spec, the roll-call
descriptions, a slice of the recorded votes), changes it where it is most likely to break (a value anywhere in
its tree replaced by a hostile one: huge or non-finite numbers, wrong types, deep nesting, unhashable codes,
control characters; a key deleted or renamed; an item repeated; the text truncated or bytes spliced in) and
reads it the way ``trifecta validate`` (or ``--set``, ``trifecta votes``) does. Anything raised other than
:class:`~simulation.scenario.errors.UserError` (``InputFileError`` and its kin) fails the test and Hypothesis
prints the input.

CI runs ``FUZZ_EXAMPLES`` examples per kind (default 150, a few seconds each kind); a long run is one command::

    FUZZ_EXAMPLES=10000 pytest -q -p no:cacheprovider tests/test_fuzz.py
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
import yaml
from conftest import DEMO, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulation.faces.cli import _parse_sets
from simulation.faces.file_kinds import check
from simulation.lab.votes.roll_calls import read_table
from simulation.lab.votes.votes_file import parse_votes
from simulation.scenario.errors import UserError
from simulation.scenario.load import load_scenario
from simulation.scenario.paths import format_loc

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=EXAMPLES <= 150,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])

SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
EXPERIMENTS = sorted(p for p in (ROOT / "experiments").glob("*.yaml") if not p.name.startswith("strategies_"))
STRATEGIES = sorted((ROOT / "experiments").glob("strategies_*.yaml"))
ROLL_CALLS = ROOT / "simulation" / "data" / "roll_calls.yaml"
VOTES = ROOT / "simulation" / "data" / "unga_votes_2004_2012.csv"

#: Values that broke, or could break, a reader: written as YAML, spliced in where a value stood.
HOSTILE = ["9" * 5000, "-" + "9" * 400, "1" + "0" * 19, "0x" + "F" * 40, "1:2:3:4:5:6:7:8:9:10:11:12:13:14:15",
           ".nan", "-.inf", ".inf", "1.0e400", "true", "false", "'14'", "'0.5'", "null", "~", "[]", "{}", "''",
           "[BRA]", "{code: [BRA]}", "[[BRA]]", "{name: [x]}", "[" * 60 + "]" * 60, "[" * 2500 + "]" * 2500,
           '"\\x01\\x7f\\u2028"', '"' + "x" * 5000 + '"', "-1", "0", "4294967296", "100001", "2147483648",
           "!!python/object:os.system ls", "*undefined", "&a [1, *a]", "{? [a]: b}", "[1, 2, {a: [3]}]"]
VALUES = st.one_of(
    st.sampled_from(HOSTILE),
    st.integers(-(10**25), 10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda x: json.dumps(x).replace("NaN", ".nan")
                                                     .replace("Infinity", ".inf")),
    st.text(max_size=30).map(json.dumps),
    st.recursive(st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=4),
                 lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                 max_leaves=8).map(json.dumps),
)
JUNK = st.one_of(st.binary(min_size=1, max_size=12), st.sampled_from([b"\x00", b"\t", b"\x01", b"\xff\xfe", b": :",
                                                                      b"- ", b"\n  ", b"&a", b"*a", b"!!", b"{"]))


def paths(node, loc=()):
    """Every place in a parsed file's tree (the root excluded)."""
    out = []
    if isinstance(node, dict):
        for key, value in node.items():
            out += [loc + (key,)] + paths(value, loc + (key,))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += [loc + (i,)] + paths(value, loc + (i,))
    return out


def _parent(data, loc):
    for part in loc[:-1]:
        data = data[part]
    return data


@st.composite
def mutated(draw, text: str) -> str:
    """The file's text changed once or twice: in its tree (a value, a key, an item) or as bytes."""
    if draw(st.integers(0, 9)) == 0:  # raw text damage: truncation or junk spliced in
        raw = text.encode()
        at = draw(st.integers(0, len(raw)))
        if draw(st.booleans()):
            return raw[:at].decode("utf-8", "replace")
        return (raw[:at] + draw(JUNK) + raw[at:]).decode("utf-8", "surrogateescape")
    data = yaml.safe_load(text)
    snippets = []
    for _ in range(draw(st.integers(1, 2))):
        places = paths(data)
        if not places:
            break
        loc = draw(st.sampled_from(places))
        parent, key = _parent(data, loc), loc[-1]
        action = draw(st.sampled_from(["value", "value", "value", "delete", "rename", "repeat"]))
        if action == "value":
            snippets.append(draw(VALUES))
            parent[key] = f"__FUZZ_{len(snippets) - 1}__"
        elif action == "delete":
            del parent[key]
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=12))] = parent.pop(key)
        elif isinstance(parent, list):
            parent.insert(key, copy.deepcopy(parent[key]))
    out = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**9)
    for k, snippet in enumerate(snippets):
        out = out.replace(f"'__FUZZ_{k}__'", snippet).replace(f"__FUZZ_{k}__", snippet)
    return out


def absolute(text: str, folder: Path) -> str:
    """An experiment's or strategy spec's text with its ``scenario:`` made absolute, so it can be read elsewhere."""
    data = yaml.safe_load(text)
    data["scenario"] = str((folder / data["scenario"]).resolve())
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**9)


def only_located_errors(read, *args):
    """Run a reader; a located input error is the right answer to bad input, anything else fails the test."""
    try:
        read(*args)
    except UserError as exc:
        assert exc.render().startswith("error"), exc.render()


def file_kind_test(sources: list[Path], kind: str | None, texts=None):
    texts = texts or {p: p.read_text(encoding="utf-8") for p in sources}

    @FUZZ
    @given(data=st.data())
    def run(tmp_path, data):
        source = data.draw(st.sampled_from(sources))
        text = data.draw(mutated(texts[source]))
        path = tmp_path / f"fuzzed{source.suffix}"
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        only_located_errors(check, path, kind)

    return run


_SPECS = {p: absolute(p.read_text(encoding="utf-8"), p.parent) for p in EXPERIMENTS + STRATEGIES}
test_fuzz_scenarios = file_kind_test(SCENARIOS, None)
test_fuzz_experiments = file_kind_test(EXPERIMENTS, None, _SPECS)
test_fuzz_strategy_specs = file_kind_test(STRATEGIES, None, _SPECS)


@FUZZ
@given(data=st.data())
def test_fuzz_roll_call_descriptions(tmp_path, data):
    text = data.draw(mutated(ROLL_CALLS.read_text(encoding="utf-8")))
    path = tmp_path / "roll_calls.yaml"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    only_located_errors(read_table, path)


_DEMO = load_scenario(DEMO)
_SET_PATHS = sorted({format_loc(loc) for loc in paths(_DEMO.source) if loc[0] != "variants"}) + [
    "run[0]", "states[EMD].democracy[0]", "states[XYZ].democracy", "states[EMD]", "parameters", "world.year",
    "states[EMD].legislature[0].strength", "activists[99].resources", "interventions[0]", "[0]", "a..b", ""]


@FUZZ
@given(path=st.one_of(st.sampled_from(_SET_PATHS), st.text(max_size=20)), value=VALUES)
def test_fuzz_set_values(path, value):
    def read():
        load_scenario(DEMO, overrides=_parse_sets((f"{path}={value}",), DEMO))

    only_located_errors(read)


def _votes_slice() -> tuple[str, list[str]]:
    """The header and the rows of the first two roll calls of the shipped votes (about 400 rows)."""
    lines = VOTES.read_text(encoding="utf-8").splitlines()
    header, rows = lines[0], lines[1:]
    first = {row.split(",", 1)[0] for row in rows[:1]} | {rows[300].split(",", 1)[0]}
    return header, [row for row in rows if row.split(",", 1)[0] in first]


_HEADER, _ROWS = _votes_slice()


@FUZZ
@given(data=st.data())
def test_fuzz_votes_files(data):
    rows = list(_ROWS)
    for _ in range(data.draw(st.integers(1, 3))):
        k = data.draw(st.integers(0, len(rows) - 1))
        action = data.draw(st.sampled_from(["cell", "cell", "delete", "repeat", "junk"]))
        if action == "cell":
            cells = rows[k].split(",")
            j = data.draw(st.integers(0, len(cells) - 1))
            cells[j] = data.draw(st.one_of(VALUES, st.text(max_size=10)))
            rows[k] = ",".join(cells)
        elif action == "delete":
            del rows[k]
        elif action == "repeat":
            rows.insert(k, rows[k])
        else:
            rows[k] = rows[k] + data.draw(JUNK).decode("latin-1")
    header = _HEADER
    if data.draw(st.integers(0, 9)) == 0:  # a damaged header: a column dropped or renamed
        cols = header.split(",")
        cols[data.draw(st.integers(0, len(cols) - 1))] = data.draw(st.text(max_size=6))
        header = ",".join(cols)
    text = "\n".join([header, *rows]) + "\n"
    if data.draw(st.integers(0, 9)) == 0:
        text = text[: data.draw(st.integers(0, len(text)))]
    only_located_errors(parse_votes, text, "votes.csv")


@pytest.mark.parametrize("source", SCENARIOS + EXPERIMENTS + STRATEGIES, ids=lambda p: p.name)
def test_the_unmutated_files_are_valid(tmp_path, source):
    """The fuzz test's seeds are valid files, so a mutation is what a located error answers (the test can fail)."""
    path = tmp_path / source.name
    path.write_text(_SPECS.get(source, source.read_text(encoding="utf-8")), encoding="utf-8")
    assert check(path)
