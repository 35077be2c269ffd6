"""Every name of docs/reference-names.txt against the Python class: present
with the reference's kind, or raising ThreeDSError with the reason."""

import inspect
import re
from typing import Dict, List, Set

import pytest

from threeds import Client, ThreeDSError, _native

from conftest import repo_file


def sections() -> Dict[str, List[str]]:
    out: Dict[str, List[str]] = {}
    current = ""
    with open(repo_file("docs", "reference-names.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("# "):
                current = line[2:]
                out[current] = []
            elif line:
                out[current].append(line)
    return out


NAMES = sections()
TABLE = {row[0]: row for row in _native.property_table()}


def test_the_table_is_the_reference_list() -> None:
    assert list(TABLE) == NAMES["properties"]
    assert [m[0] for m in _native.method_table()] == NAMES["methods"]
    assert [e[0] for e in _native.event_table()] == NAMES["events"]


@pytest.mark.parametrize("name", NAMES["properties"])
def test_property(name: str) -> None:
    _name, pytype, index, get_refusal, settable, set_refusal = TABLE[name]
    client = Client()
    getter = getattr(client, "get_" + name)
    assert callable(getter)
    assert hasattr(client, "set_" + name) == settable
    args = [0] if index else []
    if index is None:
        assert isinstance(inspect.getattr_static(Client, name), property)
    else:
        # Indexed properties: methods with the reference's parameter name.
        assert list(inspect.signature(getter).parameters) == [index]
        assert not hasattr(Client, name)
    if get_refusal:
        with pytest.raises(ThreeDSError) as e:
            getter(*args)
        assert e.value.code == 603 and get_refusal in str(e.value)
        return
    try:
        value = getter(*args)
    except ThreeDSError as empty:
        assert index and empty.code == 606  # empty collections
        return
    assert type(value).__name__ == pytype
    if set_refusal:
        with pytest.raises(ThreeDSError) as e:
            getattr(client, "set_" + name)(*args, value)
        assert e.value.code == 603 and set_refusal in str(e.value)


REFERENCE_SIGNATURES = {
    "add_device_param": ["field", "value", "value_type", "category"],
    "add_extension": ["id", "name", "critical", "data"],
    "add_request_field": ["name", "value", "value_type"],
    "check_auth_response": ["auth_response"],
    "config": ["configuration_string"],
    "get_auth_request": [],
    "interrupt": [],
    "reset": [],
    "reset_transaction_info": [],
    "send_challenge_request": [],
}


@pytest.mark.parametrize("name", NAMES["methods"])
def test_method(name: str) -> None:
    method = getattr(Client(), name)
    assert list(inspect.signature(method).parameters) == REFERENCE_SIGNATURES[name]
    params = {m[0]: m[1] for m in _native.method_table()}[name]
    assert [p.split(":")[0] for p in params.split(", ") if p] == REFERENCE_SIGNATURES[name]


@pytest.mark.parametrize("name", NAMES["events"])
def test_event(name: str) -> None:
    client = Client()
    assert getattr(client, name) is None
    hook = lambda e: None  # noqa: E731
    setattr(client, name, hook)
    assert getattr(client, name) is hook


@pytest.mark.parametrize("name", NAMES["config: client"] + NAMES["config: ssl"])
def test_config_setting(name: str) -> None:
    client = Client()
    plain = re.sub(r"\[.*\]$", "[0]", name)
    try:
        value = client.config(plain)
    except ThreeDSError as e:
        # Known to the client: refused with a reason, never "unknown".
        assert e.code in (603, 606)
        assert "unknown config setting" not in str(e)
        return
    assert isinstance(value, str)


def documented_na_codes() -> Set[str]:
    codes = set()
    with open(repo_file("docs", "reference-map.md"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\| `(\d+)` \| n/a \|", line)
            if m:
                codes.add(m.group(1))
    return codes


ERROR_NAMES = [c for k, v in NAMES.items() if k.startswith("errors") for c in v]


@pytest.mark.parametrize("code", ERROR_NAMES)
def test_error_code(code: str) -> None:
    # Either ThreeDSError carries it, or the map says why it never occurs.
    raised = {str(c): d for c, d in _native.error_codes()}
    assert code in raised or code in documented_na_codes()
