"""The HTTP contract, docs/openapi.yaml, checked against what the services really answer.

`violations()` matches a response to its operation (method + path template) and status, and
validates a JSON body against the response's schema ($refs resolved; OpenAPI 3.0's `nullable`
read as JSON Schema's "null" type). A status the operation does not list is a violation unless
the document lists it for every operation (`x-common-responses`, the "any request can get"
convention); a path no template matches may only get those. support.http.request() checks every
response it receives."""

import functools
import json
import re

import jsonschema
import pytest
import yaml

from support.config import OPENAPI_DOCUMENT

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def _json_schema(node):
    """A copy of an OpenAPI 3.0 schema tree in which `nullable: true` admits null."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    schema = {key: _json_schema(value) for key, value in node.items()}
    if not schema.pop("nullable", False):
        return schema
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    if isinstance(schema.get("type"), str):
        schema["type"] = [schema["type"], "null"]
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


class Contract:
    def __init__(self, document):
        self.document = _json_schema(document)
        self.resolver = jsonschema.RefResolver("", self.document)
        self.routes = [
            (self._template_pattern(path), path, item)
            for path, item in self.document.get("paths", {}).items()
        ]
        # Literal paths win over templates (/api/tasks/stats/ over /api/tasks/{id}/).
        self.routes.sort(key=lambda route: route[1].count("{"))

    @staticmethod
    def _template_pattern(template):
        # The same path without its trailing slash is the same route.
        parts = re.split(r"(\{[^}]+\})", template.rstrip("/"))
        body = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        return re.compile(f"^{body}/?$")

    def resolve(self, node):
        while isinstance(node, dict) and "$ref" in node:
            _, node = self.resolver.resolve(node["$ref"])
        return node

    def route(self, path):
        """(path template, path item) for a request path, or (None, None)."""
        for pattern, template, item in self.routes:
            if pattern.match(path):
                return template, item
        return None, None

    def response_spec(self, method, path, status):
        """(where, the response object or None, why none) for this exchange."""
        template, item = self.route(path)
        common = self.document.get("x-common-responses", {})
        if template is None:
            where = f"{method} {path} (no path in the document)"
            spec = common.get(str(status))
            return where, self.resolve(spec), f"status {status} is not a common response"
        operation = item.get(method.lower())
        where = f"{method} {template}"
        if operation is None:
            spec = common.get(str(status))
            return where, self.resolve(spec), f"no such operation, and {status} is not common"
        responses = operation.get("responses", {})
        spec = responses.get(str(status)) or responses.get("default") or common.get(str(status))
        return where, self.resolve(spec), f"status {status} is not listed"

    @functools.lru_cache(maxsize=None)
    def _validator(self, schema_json):
        schema = json.loads(schema_json)
        return jsonschema.Draft7Validator(schema, resolver=self.resolver)

    def violations(self, method, path, status, content_type, body):
        """What in this exchange breaks the document (an empty list when nothing does).
        `body`: the response's bytes (empty for none)."""
        where, spec, why_none = self.response_spec(method, path, status)
        if spec is None:
            return [f"{where}: {why_none} in {OPENAPI_DOCUMENT.name}"]
        content = spec.get("content") or {}
        if not body or method.upper() == "HEAD" or status == 101:
            return []
        media_type = content_type.split(";")[0].strip().lower()
        listed = {name.split(";")[0].strip().lower(): value for name, value in content.items()}
        # The most specific entry: "text/csv", else "text/*", else "*/*".
        candidates = [media_type, media_type.split("/")[0] + "/*", "*/*"]
        match = next((listed[name] for name in candidates if name in listed), None)
        if match is None:
            return [f"{where} {status}: a {media_type or 'untyped'} body, the document lists "
                    f"{sorted(listed) or 'no body'}"]
        schema = self.resolve(match).get("schema")
        if schema is None or not media_type.endswith("json"):
            return []
        try:
            instance = json.loads(body)
        except ValueError:
            return [f"{where} {status}: the body is not JSON"]
        validator = self._validator(json.dumps(schema, sort_keys=True))
        return [
            f"{where} {status}: {'/'.join(map(str, error.absolute_path)) or '(body)'}: "
            f"{error.message}"
            for error in validator.iter_errors(instance)
        ]


@functools.lru_cache(maxsize=None)
def contract():
    """The document, loaded once."""
    with open(OPENAPI_DOCUMENT, encoding="utf-8") as f:
        return Contract(yaml.safe_load(f))


def assert_conforms(method, path, status, content_type, body, exchange):
    """Fails the test when this response breaks the document; `exchange` (the request and
    response, as text) goes in the message."""
    problems = contract().violations(method.upper(), path, status, content_type, body)
    if problems:
        pytest.fail(f"the response breaks {OPENAPI_DOCUMENT.name}:\n  " + "\n  ".join(problems)
                    + exchange)
