"""Turn pydantic's validation errors into located, contributor-friendly problems."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from .problems import Problem, did_you_mean
from .yamlpos import Path, PositionedYaml, dotted

M = TypeVar("M", bound=BaseModel)


def validate_model(
    model: type[M], data: Any, doc: PositionedYaml, source_path: str, base: Path = ()
) -> tuple[M | None, list[Problem]]:
    """Validate `data` (found at `base` inside `doc`) against `model`."""
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        return None, [_problem(model, e, doc, source_path, base) for e in error.errors()]


def validate_list(model: type[M], items: list, doc: PositionedYaml, source_path: str) -> list[tuple[M | None, list[Problem]]]:
    """validate_model for each of `items`, the entries of a registry (`doc` is the registry).

    All in one call into pydantic-core when every entry is valid, as they almost always are:
    a call per entry took half as long again for 7,752 sources. Otherwise entry by entry, so
    each problem and each valid entry is what validate_model makes of it."""
    try:
        return [(entry, []) for entry in _list_of(model).validate_python(items)]
    except ValidationError:
        return [validate_model(model, item, doc, source_path, (index,)) for index, item in enumerate(items)]


@functools.cache
def _list_of(model: type[BaseModel]) -> TypeAdapter:
    return TypeAdapter(list[model])


def _problem(model: type[BaseModel], error: dict, doc: PositionedYaml, source_path: str, base: Path) -> Problem:
    loc: Path = base + tuple(error["loc"])
    kind, value, ctx = error["type"], error.get("input"), error.get("ctx") or {}
    field = dotted(loc)
    line = doc.line_of(loc)

    def located(message: str, expected: str = "", hint: str = "") -> Problem:
        return Problem(source_path, line, field, message, expected, hint)

    if kind == "missing":
        description = _description(model, error["loc"]).rstrip(".")
        return located("required field is missing", f"add it: {description[:1].lower()}{description[1:]}" if description else "add it")
    if kind == "extra_forbidden":
        name = str(error["loc"][-1])
        known = _field_names(model, error["loc"][:-1])
        return located(
            f"unknown field '{name}'",
            "remove it or correct its name",
            did_you_mean(name, known),
        )
    # An unquoted `no`, `2011-02-05` or `1:30` (YAML 1.1's base 60: 90) where text belongs.
    if kind == "string_type" and loc in doc.raw_scalars:
        raw = doc.raw_scalars[loc]
        return located(
            f"{raw} is read as {describe(value)}, not as text",
            "expected text",
            f'put it in quotes: "{raw}"',
        )
    if kind in {"string_type", "list_type", "dict_type", "model_type", "bool_type", "bool_parsing"}:
        wanted = {
            "string_type": "text",
            "list_type": "a list",
            "dict_type": "a mapping of fields",
            "model_type": "a mapping of fields",
            "bool_type": "true or false",
            "bool_parsing": "true or false",
        }[kind]
        hint = ""
        if kind == "list_type" and isinstance(value, str):
            hint = f"write [{value}] or put each item on its own '- ' line"
        if kind == "string_type" and isinstance(value, dt.date) and field.endswith("title"):
            hint = "put it in quotes"
        return located(f"expected {wanted}, got {describe(value)}", hint=hint)
    if kind == "literal_error":
        choices = [c.strip(" '") for c in ctx["expected"].replace(" or ", ", ").split(", ")]
        if isinstance(value, bool) and loc in doc.raw_scalars:  # `status: no` is YAML 1.1's false
            raw = doc.raw_scalars[loc]
            return located(f"{raw} is read as the boolean {str(value).lower()}, not as text", "expected one of: " + ", ".join(choices))
        return located(
            f"unknown value {value!r}",
            "expected one of: " + ", ".join(choices),
            did_you_mean(str(value), choices),
        )
    if kind == "too_short":
        return located(
            f"has {_items(ctx['actual_length'])}",
            f"expected at least {ctx['min_length']}",
        )
    if kind == "too_long" and isinstance(value, str):  # pydantic reports a long string like a long list
        return located(f"is {len(value)} characters long", f"expected at most {ctx['max_length']}")
    if kind == "too_long":
        return located(f"has {_items(ctx['actual_length'])}", f"expected at most {ctx['max_length']}")
    if kind == "string_too_short":  # Text, nothing but spaces; or an empty source key
        names = [part for part in loc if isinstance(part, str)]
        is_key = bool(names) and names[-1] in {"source", "sources"}
        return located("is empty", "expected a source id from briefs/sources.yml" if is_key else "expected text")
    if kind == "string_too_long":
        return located(f"is {len(value)} characters long", f"expected at most {ctx['max_length']}")
    if kind == "string_pattern_mismatch":
        return located(
            f"{value!r} is not a valid id",
            "expected lower-case letters, digits and single hyphens, e.g. 'new-start'",
        )
    message, _, expected = error["msg"].partition(" — ")
    if value is None and kind in {"iso_date", "partial_date"}:  # `published:` with nothing after it
        message = "is empty"
    if kind == "iso_date" and isinstance(value, dt.datetime):  # an unquoted `2026-11-01 09:30:00`
        return located(message, expected, f'write the day only, in quotes: "{value.date().isoformat()}"')
    return located(message, expected)


def describe(value: Any) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"the text {value!r}"


def _items(count: int) -> str:
    return f"{count} item" + ("" if count == 1 else "s")


def _submodel(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model that owns the field at `loc` (skipping list indexes)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", {})
        by_alias = {f.alias or name: f for name, f in fields.items()}
        info = fields.get(part) or by_alias.get(part)
        if info is None:
            return None
        annotation = info.annotation
        for arg in getattr(annotation, "__args__", ()) or (annotation,):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                current = arg
                break
        else:
            return None
    return current


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    owner = _submodel(model, loc)
    if owner is None:
        return []
    return [info.alias or name for name, info in owner.model_fields.items()]


def _description(model: type[BaseModel], loc: tuple) -> str:
    owner = _submodel(model, loc[:-1])
    if owner is None:
        return ""
    for name, info in owner.model_fields.items():
        if loc[-1] in (name, info.alias):
            return info.description or ""
    return ""
