"""Fuzzing the policy reader (R10): whatever the input, a Policy comes back, never an exception."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stsdesk.core.policy import Policy, PolicyProblem, key_lines, validate_policy
from stsdesk.core.settings import BY_KEY
from stsdesk.infra.policy_file import read_policy

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_COUNTER = itertools.count()

KNOWN = ["organization", "support", "defaults", "locked", "content", "name", "logo", "note",
         "crisis_line", "eap_web", "families", "exercises", "hide_exercises", "packs",
         "practice", "journal", "voice", "hide_streaks", "rest_weekdays", "theme", "appearance",
         "telemetry", "a.b"]  # fmt: skip
keys = st.one_of(st.sampled_from(KNOWN), st.text(max_size=12))
scalars = st.one_of(
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.dates(),
    st.datetimes(),
    st.times(),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)
documents = st.dictionaries(keys, values, max_size=6)


def _check(policy: Policy) -> None:
    assert isinstance(policy, Policy)
    for problem in policy.problems:
        assert isinstance(problem, PolicyProblem)
        assert str(problem)
    for table in (policy.defaults, policy.locked):
        for key, value in table.items():
            assert BY_KEY[key].validate(value) == value
    assert all(isinstance(getattr(policy.contacts, k), str) for k in policy.contacts.__dict__)


@FUZZ
@given(data=documents)
def test_any_parsed_document_gives_a_policy(data: dict[str, Any]) -> None:
    _check(validate_policy(data, file="policy.toml", base=Path("/base")))


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_any_bytes_give_a_policy(tmp_path_factory: Any, raw: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / f"fuzz-{next(_COUNTER)}.toml"
    path.write_bytes(raw)
    _check(read_policy(path))


_TOKENS = [*"[]{}=\".'\n #abcxyz019-_,\t\\", '"""', "'''", "[locked]", "[support]", "name"]
toml_ish = st.lists(st.sampled_from(_TOKENS), max_size=120).map("".join)


@FUZZ
@given(text=st.one_of(toml_ish, st.text(max_size=300)))
def test_text_that_looks_like_toml_gives_a_policy(tmp_path_factory: Any, text: str) -> None:
    lines = key_lines(text)
    assert all(isinstance(n, int) and n >= 1 for n in lines.values())
    path = tmp_path_factory.getbasetemp() / f"fuzz-{next(_COUNTER)}.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(read_policy(path))
