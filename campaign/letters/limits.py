"""What a letter template may build, and for how long it may run.

The sandbox keeps a template away from Python's internals, not from building a huge
string or looping for minutes; and a letter is filled in on every supporter's page. So
each render gets a budget, and a template that overruns it is refused with `TooMuch`:

- every value a template builds (with an operator, a literal, `~`, a filter or a method)
  is weighed, and refused when it weighs more than MAX_VALUE;
- filters and methods whose arguments multiply their input (widths, counts, separators,
  replacements, format widths) are checked *before* they run, so nothing large is built;
- loop iterations and the characters written (kept buffers included) are counted, and a
  deadline is checked at each iteration and call.
"""

from __future__ import annotations

import inspect
import re
import string
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.visitor import NodeTransformer

MAX_VALUE = 50_000  # characters (and items) in any one value; the letter's own cap
MAX_WRITTEN = 200_000  # characters written in one render, buffers included
MAX_WIDTH = 1_000  # a width, count or format width: far more than any letter needs
MAX_STEPS = 100_000  # loop iterations (and items drawn from lazy filters) in one render
MAX_SECONDS = 2.0
MAX_INT_BITS = 4_096  # about 1,200 digits


class TooMuch(SecurityError):
    """The template would build too much or run too long: the sandbox's refusal."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason  # "too_big" or "too_slow"


@dataclass
class Budget:
    """One render's allowance; kept in a context variable for the sandbox's hooks."""

    steps: int = 0
    written: int = 0
    deadline: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDS)

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps > MAX_STEPS:
            raise TooMuch("too_slow", "the letter repeats itself too many times")
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TooMuch("too_slow", "the letter takes too long to fill in")

    def write(self, count: int) -> None:
        self.written += count
        if self.written > MAX_WRITTEN:
            raise TooMuch("too_big", "the letter writes too much text")


_budget: ContextVar[Budget | None] = ContextVar("letter_budget", default=None)


def current() -> Budget:
    """This render's budget (every render goes through `budgeted`; a spare one otherwise)."""
    return _budget.get() or Budget()


def budgeted(render: Callable[[], str]) -> str:
    """Run `render` with a budget of its own."""
    token = _budget.set(Budget())
    try:
        return render()
    finally:
        _budget.reset(token)


def weight(value: Any, limit: int = MAX_VALUE) -> int:
    """Characters plus items in `value`, stopping once past `limit` (shared items count
    each time they appear: that is what printing them would cost)."""
    total, stack = 0, [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, list | tuple | set | frozenset):
            total += len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            total += 1
    return total


def checked(value: Any) -> Any:
    """`value` itself, refused if it is too large (lazy sequences are weighed as drawn)."""
    if isinstance(value, Iterator) and not isinstance(value, str):
        return _drawn(value)
    if weight(value) > MAX_VALUE:
        raise TooMuch("too_big", "the text would be too long")
    return value


def _drawn(iterator: Iterator[Any]) -> Iterator[Any]:
    total = 0
    for item in iterator:
        current().step()
        total += weight(item) + 1
        if total > MAX_VALUE:
            raise TooMuch("too_big", "the text would be too long")
        yield item


def bounded(estimate: int) -> None:
    if estimate > MAX_VALUE:
        raise TooMuch("too_big", "the text would be too long")


def small_number(value: Any) -> None:
    if isinstance(value, int) and abs(value) > MAX_WIDTH:
        raise TooMuch("too_big", f"widths and counts are limited to {MAX_WIDTH:,}")


_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?")


def check_printf(template: str) -> None:
    """`template % values`: no width or precision larger than MAX_WIDTH, none from `*`."""
    for match in _PRINTF.finditer(template):
        for number in match.groups():
            small_number(MAX_WIDTH + 1 if number == "*" else int(number or 0))


def check_format(template: str) -> None:
    """`template.format(...)`: the same limits on each field's format spec."""
    for _, name, spec, _ in string.Formatter().parse(template):
        if name is not None and spec:
            if "{" in spec:  # a width taken from an argument cannot be checked beforehand
                small_number(MAX_WIDTH + 1)
            for number in re.findall(r"\d+", spec):
                small_number(int(number))


def _lines(text: str) -> int:
    return text.count("\n") + 1


# What a filter would build, worked out from its arguments before it runs.
def _estimate_filter(name: str, args: dict[str, Any]) -> None:
    value = args.get("s", args.get("value"))
    text = value if isinstance(value, str) else ""
    if name in ("center", "batch", "slice"):
        for key in ("width", "linecount", "slices"):
            small_number(args.get(key))
    elif name == "indent":
        width = args.get("width")
        small_number(width)
        prefix = width if isinstance(width, str) else " " * (width or 0)
        bounded(len(text) + len(prefix) * _lines(text))
    elif name == "wordwrap":
        small_number(args.get("width"))
        breaks = len(text.split()) + len(text) // max(args.get("width") or 1, 1)
        bounded(len(text) + len(str(args.get("wrapstring") or "\n")) * breaks)
    elif name == "replace":
        _estimate_replace(text, args.get("old"), args.get("new"))
    elif name == "join":
        _estimate_join(value, args.get("d", ""))
    elif name == "format":
        check_printf(text)


def _estimate_replace(text: str, old: Any, new: Any) -> None:
    if isinstance(old, str) and isinstance(new, str):
        count = text.count(old) if old else len(text) + 1
        bounded(len(text) + count * len(new))


def _estimate_join(items: Any, separator: Any) -> None:
    if isinstance(items, list | tuple | set | frozenset | dict | str):
        bounded(weight(items) + len(str(separator)) * len(items))


_PASSED = frozenset({"eval_ctx", "environment", "context"})


def guard_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function` (a filter) checked before it runs and weighed after."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):  # a builtin without one: weighed after only
        signature = None
    # Jinja's async-aware filters take the evaluation context first without showing it
    # in the signature they copy from the plain filter.
    first = next(iter(signature.parameters), "") if signature else ""
    hidden = hasattr(function, "jinja_pass_arg") and first not in _PASSED

    @wraps(function)
    def filtered(*args: Any, **kwargs: Any) -> Any:
        current().check_time()
        if signature is not None:
            try:
                bound = signature.bind(*args[hidden:], **kwargs)
            except TypeError:
                bound = None  # the call itself will say what is wrong
            if bound is not None:
                _estimate_filter(name, bound.arguments)
        return checked(function(*args, **kwargs))

    return filtered


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def check_call(function: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Before a method call: its widths, replacements and separators."""
    current().check_time()
    name = getattr(function, "__name__", "")
    owner = getattr(function, "__self__", None)
    wrapped = getattr(function, "__wrapped__", None)  # the sandbox's str.format wrapper
    if name in ("format", "format_map") and isinstance(getattr(wrapped, "__self__", None), str):
        check_format(wrapped.__self__)
    if not isinstance(owner, str):
        return
    if name in _WIDTH_METHODS:
        for each in (*args, *kwargs.values()):
            small_number(each)
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            bounded(len(owner) + owner.count("\t") * abs(size))
    elif name == "replace" and len(args) >= 2:
        _estimate_replace(owner, args[0], args[1])
    elif name == "join" and args:
        _estimate_join(args[0], owner)


def check_binop(op: str, left: Any, right: Any) -> None:
    """Before `*` and `**`: neither may build a huge text, list or number."""
    if op == "**":
        if not isinstance(right, int) or abs(right) > 64:
            raise TooMuch("too_big", "powers are limited to small whole numbers")
        if isinstance(left, int) and left.bit_length() * abs(right) > MAX_INT_BITS:
            raise TooMuch("too_big", "the number would be too large")
    elif op == "*":
        if isinstance(left, int) and isinstance(right, int):
            if left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise TooMuch("too_big", "the number would be too large")
        elif isinstance(left, str | list | tuple) or isinstance(right, str | list | tuple):
            sequence, count = (
                (left, right) if isinstance(left, str | list | tuple) else (right, left)
            )
            if isinstance(count, int):
                bounded(weight(sequence) * count)
    elif op == "%" and isinstance(left, str):
        check_printf(left)


class Instrument(NodeTransformer):
    """Rewrites a parsed letter so that the sandbox sees what it builds and repeats."""

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802 (Jinja's visitor names)
        node = self.generic_visit(node)
        node.iter = _call("letter_loop", node.iter)
        return node

    def visit_Output(self, node: nodes.Output) -> nodes.Node:  # noqa: N802 (Jinja's visitor names)
        node = self.generic_visit(node)
        constant = sum(len(n.data) for n in node.nodes if isinstance(n, nodes.TemplateData))
        written = [
            n if isinstance(n, nodes.TemplateData) else _call("letter_write", n) for n in node.nodes
        ]
        if constant:
            written.append(_call("letter_write_count", nodes.Const(constant)))
        node.nodes = written
        return node

    def _weighed(self, node: nodes.Node) -> nodes.Node:
        node = self.generic_visit(node)
        if getattr(node, "ctx", "load") != "load":
            return node  # an assignment target, not a value
        return _call("letter_value", node)

    visit_Concat = visit_List = visit_Tuple = visit_Dict = _weighed  # noqa: N815 (Jinja's names)


def _call(method: str, argument: nodes.Expr) -> nodes.Call:
    return nodes.Call(
        nodes.EnvironmentAttribute(method), [argument], [], None, None, lineno=argument.lineno
    )
