"""Turning pydantic's validation errors into located, plain-language problems."""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import InputFileError, Problem, closest, describe, did_you_mean
from .paths import format_loc
from .yamlfile import YamlDocument

_EXPECTED = {
    "missing": "a value (this key is required)",
    "float_type": "a number", "float_parsing": "a number",
    "int_type": "a whole number", "int_parsing": "a whole number", "int_from_float": "a whole number",
    "string_type": "text", "bool_type": "true or false", "bool_parsing": "true or false",
    "list_type": "a list", "tuple_type": "a list", "dict_type": "a mapping", "model_type": "a mapping",
    "model_attributes_type": "a mapping", "finite_number": "a finite number",
}


def _data_path(loc: tuple, data: Any) -> tuple:
    """Drop pydantic's union-branch tags (``'float'``, ``'tuple[...]'``) from a location, keeping real keys."""
    out: list = []
    node = data
    for i, part in enumerate(loc):
        if isinstance(node, dict):
            if part in node:
                out.append(part)
                node = node[part]
                continue
            if i == len(loc) - 1 and isinstance(part, str) and "[" not in part and part not in _SCALAR_TAGS:
                out.append(part)  # a missing or unknown key
            continue
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
            continue
    return tuple(out)


_SCALAR_TAGS = {"float", "int", "str", "bool", "none", "function-after", "function-before", "function-wrap"}


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys allowed at the mapping ``loc`` points into (for typo suggestions)."""
    tp: Any = model
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int):
            args = [a for a in typing.get_args(tp) if a is not Ellipsis]
            tp = args[0] if args else Any
        elif isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        elif typing.get_origin(tp) is dict:
            tp = typing.get_args(tp)[1]
        else:
            return []
    tp = _unwrap(tp)
    return list(tp.model_fields) if isinstance(tp, type) and issubclass(tp, BaseModel) else []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in typing.get_args(tp) if isinstance(a, type) and issubclass(a, BaseModel)]
            seqs = [a for a in typing.get_args(tp) if typing.get_origin(a) in (tuple, list)]
            tp = models[0] if models else seqs[0] if seqs else typing.get_args(tp)[0]
        else:
            return tp


def problems_from(exc: ValidationError, doc: YamlDocument, model: type[BaseModel],
                  prefix: tuple = ()) -> list[Problem]:
    """Located problems for every error pydantic found, most specific first and without duplicates."""
    raw = []
    for err in exc.errors(include_url=False):
        if err["loc"][-1:] == ("[key]",):  # a dict key that is not text: report it like a model's invalid key
            err = {**err, "type": "invalid_key", "loc": err["loc"][:-1]}
        loc = _data_path(tuple(err["loc"]), _at(doc.data, prefix))
        raw.append((loc, err))
    # A union reports one error per branch; keep the deepest error for each place in the data.
    above = {o[:k] for o, _ in raw for k in range(len(o))}  # every strict prefix of a reported place
    deepest = [(loc, err) for loc, err in raw if loc not in above]
    # A misspelt required key is one problem (the unknown key, with its hint), not two.
    typos = {loc[:-1] + (closest(loc[-1], _field_names(model, loc[:-1])),)
             for loc, err in deepest if err["type"] == "extra_forbidden"}
    deepest = [(loc, err) for loc, err in deepest if not (err["type"] == "missing" and loc in typos)]
    problems: list[Problem] = []
    seen = set()
    for loc, err in deepest:
        path = format_loc(prefix + loc)
        if path in seen:
            continue
        seen.add(path)
        problems.append(_problem(prefix, loc, err, doc, model))
    return problems


def _at(data: Any, loc: tuple) -> Any:
    for part in loc:
        data = data[part]
    return data


def _problem(prefix: tuple, loc: tuple, err: dict, doc: YamlDocument, model: type[BaseModel]) -> Problem:
    kind, ctx = err["type"], err.get("ctx", {})
    line = doc.line_of(prefix + loc)
    path = format_loc(prefix + loc)
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        return Problem(path, "one of the known keys: " + ", ".join(allowed) if allowed else "no such key",
                       f"unknown key {loc[-1]!r}", line, did_you_mean(loc[-1], allowed))
    if kind == "missing":
        return Problem(path, _EXPECTED[kind], "nothing", line)
    found = describe(err.get("input"))
    if kind == "invalid_key":
        return Problem(format_loc(prefix + loc[:-1]), "keys that are text (names)", f"the key {found}", line)
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        lo = _bound(model, loc, "ge")
        hi = _bound(model, loc, "le")
        expected = (f"a number from {lo:g} to {hi:g}" if lo is not None and hi is not None
                    else err["msg"].replace("Input should be", "a number").strip())
        return Problem(path, expected, found, line)
    if kind == "literal_error":
        return Problem(path, "one of " + ctx.get("expected", ""), found, line)
    if kind == "string_pattern_mismatch":
        return Problem(path, _pattern_text(ctx.get("pattern", "")), found, line)
    if kind.endswith(("too_short", "too_long")):
        value, n = err.get("input"), ctx.get("min_length", ctx.get("max_length"))
        what, unit = (("text", "character") if isinstance(value, str) else ("a mapping", "entry")
                      if isinstance(value, dict) else ("a list", "item"))
        bound = "at least" if kind.endswith("short") else "at most"
        return Problem(path, f"{what} of {bound} {n} {unit}{'s' * (n != 1)}", found, line)
    if kind == "value_error":  # a validator's own message; by convention it may end with "(found ...)"
        message = str(ctx.get("error", err["msg"]))
        m = re.fullmatch(r"(.*) \(found (.*)\)", message, re.S)
        return Problem(path, m[1], m[2], line) if m else Problem(path, message, found, line)
    return Problem(path, _EXPECTED.get(kind, err["msg"]), found, line)


def _pattern_text(pattern: str) -> str:
    return {r"^[A-Z]{3}$": "a code of three capital letters (e.g. BRA)",
            r"^[A-Za-z0-9_.\-]+$": "a name of letters, digits, '_', '.' or '-'"}.get(pattern, f"text matching {pattern}")


def _bound(model: type[BaseModel], loc: tuple, which: str) -> float | None:
    tp: Any = model
    field = None
    for part in loc:
        tp = _unwrap(tp)
        if isinstance(part, int):
            args = [a for a in typing.get_args(tp) if a is not Ellipsis]
            tp = args[0] if args else None
            continue
        if not (isinstance(tp, type) and issubclass(tp, BaseModel)) or part not in tp.model_fields:
            return None
        field = tp.model_fields[part]
        tp = field.annotation
    if field is None:
        return None
    metas = list(field.metadata)
    for arg in typing.get_args(field.annotation):
        if typing.get_origin(arg) is typing.Annotated:
            metas += list(arg.__metadata__)
            for inner in typing.get_args(arg)[1:]:
                metas += list(getattr(inner, "metadata", []))
        metas += list(getattr(arg, "__metadata__", []))
    for m in metas:
        for inner in [m, *getattr(m, "metadata", [])]:
            if getattr(inner, which, None) is not None:
                return getattr(inner, which)
    return None


def validated_spec(doc: YamlDocument, model: type[BaseModel]) -> Any:
    """The document's mapping as a ``model``, or an :class:`InputFileError` with every problem located in the file."""
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputFileError(doc.file, problems_from(exc, doc, model)) from None
