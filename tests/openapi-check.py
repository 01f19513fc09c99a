#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Checks that the responses helpdesk-server really gave match
# data/openapi.yaml.
#
#   openapi-check.py data/openapi.yaml EXCHANGES.jsonl [MORE.jsonl ...]
#
# Each line of an exchanges log is one request and its answer, as the
# integration tests' harness (tests/hd-test-server.c) writes them when
# HD_OPENAPI_LOG is set:
#
#   {"method": "GET", "path": "/changes?limit=2", "status": 200, "body": {...}}
#
# `path` is relative to the base path /api/v1 and may carry a query string;
# `body` is the parsed JSON answer, or null for an empty one.
#
# For each exchange the operation is looked up by path template and method,
# then the response by status (exact, then a range such as 4XX, then
# `default`), and the body is validated against that response's
# application/json schema. The schema language is the subset of OpenAPI 3.0
# that data/openapi.yaml uses: type (integer is not number), nullable,
# properties, required, additionalProperties (true, false or a schema),
# items, enum, oneOf, anyOf, allOf, not, minimum, maximum, exclusiveMinimum,
# exclusiveMaximum, multipleOf, minLength, maxLength (in characters),
# pattern (searched, as in ECMA-262), minItems, maxItems, uniqueItems,
# minProperties, maxProperties, format (date-time, date and uuid are
# checked; other formats are annotations) and $ref (any JSON pointer into
# the document, such as #/components/schemas/Ticket/properties/id). A schema
# keyword the checker does not know is itself a failure, so the description
# cannot grow a constraint that is silently not checked.
#
# Two answers concern requests that no operation describes; the description
# gives them as conventions, and they are checked as such:
#   - a path no template matches must answer 404 as
#     #/components/responses/NotFound says;
#   - a method a path does not list must answer 405 as
#     #/components/responses/MethodNotAllowed says.
# Any other answer to such a request is a failure. Dot segments are resolved
# as a client resolves them, so a path that leaves the base path (such as
# /../../etc/passwd) is an unknown path too.
#
# Prints each failure as "METHOD PATH STATUS: where: what" and exits 1 if
# there is any, else prints "N responses match data/openapi.yaml" and exits
# 0. Exits 77 (skipped) when PyYAML (Debian: python3-yaml) is missing, 2 on
# a usage error or an unreadable file.

import datetime
import json
import math
import os
import re
import sys
import urllib.parse

try:
    import yaml
except ImportError:
    print("SKIP: PyYAML is not installed (Debian: python3-yaml)", file=sys.stderr)
    sys.exit(77)

BASE_PATH = "/api/v1"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Keywords that only annotate; everything else must be implemented below.
ANNOTATIONS = {
    "description", "example", "examples", "default", "title", "deprecated",
    "readOnly", "externalDocs", "xml",
}
IMPLEMENTED = {
    "$ref", "type", "nullable", "properties", "required", "additionalProperties",
    "items", "enum", "oneOf", "anyOf", "allOf", "not", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
    "pattern", "minItems", "maxItems", "uniqueItems", "minProperties",
    "maxProperties", "format", "writeOnly",
}

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DATE_RE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
DATE_TIME_RE = re.compile(
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"([Zz]|[+-]([0-9]{2}):([0-9]{2}))$")


class Failure(Exception):
    pass


def describe(value):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def json_type(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def json_equal(a, b):
    """Equality as JSON sees it: true is not 1, 1 is 1.0."""
    ta, tb = json_type(a), json_type(b)
    if {ta, tb} <= {"integer", "number"}:
        return a == b
    if ta != tb:
        return False
    if ta == "array":
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if ta == "object":
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return a == b


def valid_date(year, month, day):
    try:
        datetime.date(int(year), int(month), int(day))
        return True
    except ValueError:
        return False


def check_format(fmt, value):
    """None if @value (a string) is a valid @fmt, else what is wrong."""
    if fmt == "uuid":
        return None if UUID_RE.match(value) else "is not a UUID"
    if fmt == "date":
        m = DATE_RE.match(value)
        return None if m and valid_date(*m.groups()) else "is not an RFC 3339 full-date"
    if fmt == "date-time":
        m = DATE_TIME_RE.match(value)
        if not m or not valid_date(*m.group(1, 2, 3)):
            return "is not an RFC 3339 date-time"
        hour, minute, second = int(m.group(4)), int(m.group(5)), int(m.group(6))
        if hour > 23 or minute > 59 or second > 60:
            return "is not an RFC 3339 date-time"
        if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
            return "is not an RFC 3339 date-time"
        return None
    return None  # uri-reference, password, ...: annotations here


class Spec:
    def __init__(self, path):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        if not isinstance(self.doc, dict) or not str(self.doc.get("openapi", "")).startswith("3.0"):
            raise Failure("%s is not an OpenAPI 3.0 document" % path)
        self.problems = []          # faults of the description itself
        self.templates = []
        for template, item in (self.doc.get("paths") or {}).items():
            segments = template.strip("/").split("/") if template.strip("/") else []
            literal = sum(1 for s in segments if not (s.startswith("{") and s.endswith("}")))
            self.templates.append((template, segments, literal, item))
        # concrete paths before templated ones (OpenAPI 3.0, Paths Object)
        self.templates.sort(key=lambda t: -t[2])

    def resolve(self, node, where):
        """Follows $ref chains; returns (node, pointer of what it came from)."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if ref in seen:
                raise Failure("%s: $ref cycle at %s" % (where, ref))
            seen.add(ref)
            if not isinstance(ref, str) or not ref.startswith("#"):
                raise Failure("%s: only local $ref is supported, not %r" % (where, ref))
            target = self.doc
            for token in urllib.parse.unquote(ref[1:]).split("/")[1:]:
                token = token.replace("~1", "/").replace("~0", "~")
                if isinstance(target, dict) and token in target:
                    target = target[token]
                elif isinstance(target, list) and token.isdigit() and int(token) < len(target):
                    target = target[int(token)]
                else:
                    raise Failure("%s: $ref %s does not resolve" % (where, ref))
            node, where = target, ref
        return node, where

    def find(self, path):
        """(template, path item) for a path without base or query, or None."""
        segments = path.strip("/").split("/") if path.strip("/") else []
        for template, tsegments, _, item in self.templates:
            if len(tsegments) != len(segments):
                continue
            if all((t.startswith("{") and t.endswith("}") and s != "") or t == s
                   for t, s in zip(tsegments, segments)):
                return template, item
        return None


class Validator:
    def __init__(self, spec):
        self.spec = spec

    def validate(self, value, schema, where, spath, errors):
        """Appends (where, what) for each way @value misses @schema."""
        schema, spath = self.spec.resolve(schema, spath)
        if not isinstance(schema, dict):
            raise Failure("%s: a schema must be an object" % spath)
        for key in schema:
            if key not in IMPLEMENTED and key not in ANNOTATIONS and not key.startswith("x-"):
                problem = "%s: schema keyword %r is not supported by openapi-check.py" % (spath, key)
                if problem not in self.spec.problems:
                    self.spec.problems.append(problem)

        def fail(what, keyword=None):
            errors.append((where, "%s (%s%s)" % (what, spath, "/" + keyword if keyword else "")))

        if value is None and schema.get("nullable") is True:
            return
        kind = json_type(value)
        expected = schema.get("type")
        if expected is not None:
            ok = kind == expected or (expected == "number" and kind == "integer")
            if not ok:
                if value is None:
                    fail("is null, not %s, and the schema is not nullable" % expected, "type")
                else:
                    fail("is %s %s, not %s" % ("an" if kind[0] in "aeiou" else "a", kind, expected), "type")
                return
        elif value is None:
            # no type: null is allowed only if nullable (OpenAPI 3.0 has no null type)
            if not any(k in schema for k in ("oneOf", "anyOf", "allOf", "not")):
                fail("is null, and the schema is not nullable", "nullable")
                return

        if "enum" in schema and not any(json_equal(value, e) for e in schema["enum"]):
            fail("%s is not one of %s" % (describe(value), describe(schema["enum"])), "enum")

        if kind in ("integer", "number"):
            self.check_number(value, schema, fail)
        elif kind == "string":
            self.check_string(value, schema, fail)
        elif kind == "array":
            self.check_array(value, schema, where, spath, errors, fail)
        elif kind == "object":
            self.check_object(value, schema, where, spath, errors, fail)

        for i, sub in enumerate(schema.get("allOf", [])):
            self.validate(value, sub, where, "%s/allOf/%d" % (spath, i), errors)
        if "anyOf" in schema:
            results = [self.try_validate(value, sub, where, "%s/anyOf/%d" % (spath, i))
                       for i, sub in enumerate(schema["anyOf"])]
            if all(results):
                fail("matches none of anyOf: %s" % self.summarize(results), "anyOf")
        if "oneOf" in schema:
            results = [self.try_validate(value, sub, where, "%s/oneOf/%d" % (spath, i))
                       for i, sub in enumerate(schema["oneOf"])]
            matched = [i for i, r in enumerate(results) if not r]
            if not matched:
                fail("matches none of oneOf: %s" % self.summarize(results), "oneOf")
            elif len(matched) > 1:
                fail("matches more than one of oneOf (%s)" % ", ".join("#%d" % i for i in matched), "oneOf")
        if "not" in schema and not self.try_validate(value, schema["not"], where, spath + "/not"):
            fail("matches the schema it must not", "not")

    def try_validate(self, value, schema, where, spath):
        errors = []
        self.validate(value, schema, where, spath, errors)
        return errors

    @staticmethod
    def summarize(results):
        parts = []
        for i, errors in enumerate(results):
            where, what = errors[0]
            more = " (+%d more)" % (len(errors) - 1) if len(errors) > 1 else ""
            parts.append("#%d: %s: %s%s" % (i, where, what, more))
        return "; ".join(parts)

    @staticmethod
    def check_number(value, schema, fail):
        if isinstance(value, float) and not math.isfinite(value):
            fail("is not a finite number")
            return
        if "minimum" in schema:
            if schema.get("exclusiveMinimum") is True and not value > schema["minimum"]:
                fail("%s is not above %s" % (value, schema["minimum"]), "exclusiveMinimum")
            elif value < schema["minimum"]:
                fail("%s is below the minimum %s" % (value, schema["minimum"]), "minimum")
        if "maximum" in schema:
            if schema.get("exclusiveMaximum") is True and not value < schema["maximum"]:
                fail("%s is not below %s" % (value, schema["maximum"]), "exclusiveMaximum")
            elif value > schema["maximum"]:
                fail("%s is above the maximum %s" % (value, schema["maximum"]), "maximum")
        if "multipleOf" in schema:
            quotient = value / schema["multipleOf"]
            if quotient != int(quotient):
                fail("%s is not a multiple of %s" % (value, schema["multipleOf"]), "multipleOf")

    @staticmethod
    def check_string(value, schema, fail):
        length = len(value)     # characters (code points), not bytes
        if "minLength" in schema and length < schema["minLength"]:
            fail("%s is %d characters, fewer than %d" % (describe(value), length, schema["minLength"]), "minLength")
        if "maxLength" in schema and length > schema["maxLength"]:
            fail("%s is %d characters, more than %d" % (describe(value), length, schema["maxLength"]), "maxLength")
        if "pattern" in schema and not re.search(schema["pattern"], value):
            fail("%s does not match the pattern %s" % (describe(value), schema["pattern"]), "pattern")
        if "format" in schema:
            problem = check_format(schema["format"], value)
            if problem:
                fail("%s %s" % (describe(value), problem), "format")

    def check_array(self, value, schema, where, spath, errors, fail):
        if "minItems" in schema and len(value) < schema["minItems"]:
            fail("has %d items, fewer than %d" % (len(value), schema["minItems"]), "minItems")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            fail("has %d items, more than %d" % (len(value), schema["maxItems"]), "maxItems")
        if schema.get("uniqueItems") is True:
            for i in range(len(value)):
                if any(json_equal(value[i], value[j]) for j in range(i)):
                    fail("item %d repeats an earlier one" % i, "uniqueItems")
                    break
        if "items" in schema:
            for i, item in enumerate(value):
                self.validate(item, schema["items"], "%s[%d]" % (where, i), spath + "/items", errors)

    def check_object(self, value, schema, where, spath, errors, fail):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                fail("lacks the required member %r" % name, "required")
        if "minProperties" in schema and len(value) < schema["minProperties"]:
            fail("has %d members, fewer than %d" % (len(value), schema["minProperties"]), "minProperties")
        if "maxProperties" in schema and len(value) > schema["maxProperties"]:
            fail("has %d members, more than %d" % (len(value), schema["maxProperties"]), "maxProperties")
        additional = schema.get("additionalProperties", True)
        for name, member in value.items():
            member_where = "%s.%s" % (where, name)
            if name in properties:
                pschema, ppath = self.spec.resolve(properties[name], "%s/properties/%s" % (spath, name))
                if isinstance(pschema, dict) and pschema.get("writeOnly") is True:
                    errors.append((member_where, "is writeOnly and must not be in a response (%s)" % ppath))
                self.validate(member, properties[name], member_where,
                              "%s/properties/%s" % (spath, name), errors)
            elif additional is False:
                fail("has the member %r, which the schema does not allow" % name, "additionalProperties")
            elif isinstance(additional, dict):
                self.validate(member, additional, member_where, spath + "/additionalProperties", errors)


def find_response(spec, responses, status, where):
    """(response object, its pointer) for @status, or None."""
    code = str(status)
    keys = {str(k): k for k in responses}
    for candidate in (code, code[0] + "XX", code[0] + "xx", "default"):
        if candidate in keys:
            return spec.resolve(responses[keys[candidate]], "%s/responses/%s" % (where, candidate))
    return None


def json_schema_of(spec, response, rpath):
    """The application/json schema (and its pointer) of a response, or None."""
    content = response.get("content") or {}
    for media, obj in content.items():
        if media.split(";")[0].strip().lower() in ("application/json", "application/*", "*/*"):
            obj, opath = spec.resolve(obj, "%s/content/%s" % (rpath, media.replace("/", "~1")))
            if isinstance(obj, dict) and "schema" in obj:
                return obj["schema"], "%s/schema" % opath
            return None
    return None


def api_path(path):
    """The path (without query) relative to the base path, dot segments
    resolved as a client resolves them; None if that leaves the base path."""
    path = path.split("#", 1)[0].split("?", 1)[0]
    segments = (BASE_PATH + path).split("/")
    out = []
    for s in segments[1:]:
        if s == "..":
            if out:
                out.pop()
        elif s != ".":
            out.append(s)
    resolved = "/" + "/".join(out)
    if resolved == BASE_PATH:
        return "/"
    if not resolved.startswith(BASE_PATH + "/"):
        return None
    return resolved[len(BASE_PATH):]


def check_exchange(spec, validator, exchange):
    """The list of (where, what) for one exchange; empty if it matches."""
    method = str(exchange["method"]).lower()
    status = exchange["status"]
    body = exchange.get("body")
    path = api_path(exchange["path"])
    found = spec.find(path) if path is not None else None
    if found is None:
        # the description's convention: an unknown path answers 404
        if status != 404:
            return [("path", "no path of the description matches, and the answer is not 404")]
        response, rpath = spec.resolve({"$ref": "#/components/responses/NotFound"}, "unknown path")
    else:
        template, item = found
        item, ipath = spec.resolve(item, "#/paths/" + template.replace("~", "~0").replace("/", "~1"))
        operation = item.get(method) if method in METHODS else None
        if operation is None:
            # the description's convention: a method a path does not list answers 405
            if status != 405:
                return [("operation", "%s has no %s operation, and the answer is not 405"
                         % (template, method.upper()))]
            response, rpath = spec.resolve({"$ref": "#/components/responses/MethodNotAllowed"},
                                            "method not allowed")
        else:
            where = "%s/%s" % (ipath, method)
            found_response = find_response(spec, operation.get("responses") or {}, status, where)
            if found_response is None:
                return [("status", "%s %s does not document %s" % (method.upper(), template, status))]
            response, rpath = found_response

    found_schema = json_schema_of(spec, response, rpath)
    if status == 204 or (response.get("content") is None):
        if body is not None:
            return [("body", "%s documents no body, but the answer has %s" % (rpath, describe(body)))]
        return []
    if found_schema is None:
        return [("body", "%s documents no application/json schema" % rpath)]
    if body is None:
        return [("body", "is empty, but %s documents a JSON body" % rpath)]
    schema, spath = found_schema
    errors = []
    validator.validate(body, schema, "body", spath, errors)
    return errors


def main(argv):
    if len(argv) < 3:
        print("usage: openapi-check.py OPENAPI.yaml EXCHANGES.jsonl...", file=sys.stderr)
        return 2
    spec_path = argv[1]
    try:
        spec = Spec(spec_path)
    except (OSError, yaml.YAMLError, Failure) as e:
        print("openapi-check: %s" % e, file=sys.stderr)
        return 2
    validator = Validator(spec)
    checked = failures = 0

    for log in argv[2:]:
        try:
            with open(log, encoding="utf-8") as f:
                lines = f.readlines()
        except OSError as e:
            print("openapi-check: %s" % e, file=sys.stderr)
            return 2
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                exchange = json.loads(line)
                label = "%s %s %s" % (exchange["method"], exchange["path"], exchange["status"])
                if not isinstance(exchange["status"], int) or isinstance(exchange["status"], bool):
                    raise KeyError("status")
            except (ValueError, KeyError, TypeError) as e:
                print("%s:%d: not an exchange (%s): %s" % (log, number, e, line.strip()[:200]))
                checked += 1
                failures += 1
                continue
            try:
                errors = check_exchange(spec, validator, exchange)
            except Failure as e:
                errors = [("description", str(e))]
            checked += 1
            if errors:
                failures += 1
                for where, what in errors:
                    print("%s: %s: %s" % (label, where, what))

    for problem in spec.problems:
        print("%s: %s" % (spec_path, problem))
    shown = spec_path
    parent = os.path.basename(os.path.dirname(os.path.abspath(spec_path)))
    if parent == "data":
        shown = "data/" + os.path.basename(spec_path)
    if failures or spec.problems:
        print("%d of %d responses do not match %s" % (failures, checked, shown))
        return 1
    print("%d responses match %s" % (checked, shown))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
