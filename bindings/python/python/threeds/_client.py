"""``threeds.Client``: the native class plus the reference's properties.

The properties, their ``get_x``/``set_x`` methods and the events are
installed from the tables of the native module, the same tables that
``tools/gen_stub.py`` writes ``__init__.pyi`` from, so the class and its
stub cannot drift apart.
"""

from typing import Any, Callable, Optional

from . import _native


class Client(_native._Client):
    """The EMV 3-D Secure 2.x SDK client, a drop-in for ``ipworks3ds.Client``.

    See the package README for the differences.
    """


def _scalar(name: str, settable: bool) -> None:
    def getter(self: Client) -> Any:
        return self._get(name)

    getter.__name__ = "get_" + name
    setattr(Client, getter.__name__, getter)
    setter: Optional[Callable[[Client, Any], None]] = None
    if settable:

        def setter(self: Client, value: Any) -> None:
            self._set(name, None, value)

        setter.__name__ = "set_" + name
        setattr(Client, setter.__name__, setter)
    setattr(Client, name, property(getter, setter))


def _indexed(name: str, index: str, settable: bool) -> None:
    # Indexed properties are methods only, as in the reference, with its
    # parameter names (so keyword calls work too).
    code = (
        f"def get_{name}(self, {index}):\n"
        f"    return self._get({name!r}, {index})\n"
    )
    if settable:
        code += (
            f"def set_{name}(self, {index}, value):\n"
            f"    self._set({name!r}, {index}, value)\n"
        )
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # names come from the native table, never from input
    for attr, function in namespace.items():
        if attr.startswith(("get_", "set_")):
            setattr(Client, attr, function)


def _event(name: str) -> None:
    def getter(self: Client) -> Any:
        return self._get_event(name)

    def setter(self: Client, hook: Any) -> None:
        self._set_event(name, hook)

    setattr(Client, name, property(getter, setter))


for _name, _type, _index, _get_refusal, _settable, _set_refusal in _native.property_table():
    if _index is None:
        _scalar(_name, _settable)
    else:
        _indexed(_name, _index, _settable)

for _name, _params, _fields in _native.event_table():
    _event(_name)
