#!/usr/bin/env python3
"""Writes the management-operation table of docs/aws-compatibility.md from the code: every
botocore operation of `apigateway` and `apigatewayv2`, marked *yes* when a handler is registered
(`registry.on(.apigateway, "Name")`), *partial* when that line carries a `// partial: reason`
comment, and *not yet* otherwise. `--check` fails when the document is out of date (the tests
run it).
"""
import gzip
import json
import os
import re
import sys

import botocore

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "aws-compatibility.md")
BEGIN = "<!-- operations:begin (scripts/generate-operation-table.py) -->"
END = "<!-- operations:end -->"
PATTERN = re.compile(r'registry\.on\(\s*\.(apigateway|apigatewayv2)\s*,\s*"(\w+)"[^\n]*?(//\s*partial:\s*(.*))?$', re.M)


def operations(service, version):
    path = os.path.join(os.path.dirname(botocore.__file__), "data", service, version, "service-2.json")
    model = json.load(open(path)) if os.path.exists(path) else json.load(gzip.open(path + ".gz"))
    return sorted(model["operations"])


def registered():
    found = {}
    for folder, _, files in os.walk(os.path.join(ROOT, "Sources", "ControlPlane")):
        for name in files:
            if name.endswith(".swift"):
                text = open(os.path.join(folder, name)).read()
                for match in PATTERN.finditer(text):
                    found[(match.group(1), match.group(2))] = (match.group(4) or "").strip()
    return found


def table():
    handlers = registered()
    lines = [BEGIN, ""]
    for service, version in (("apigateway", "2015-07-09"), ("apigatewayv2", "2018-11-29")):
        names = operations(service, version)
        done = sum(1 for n in names if (service, n) in handlers)
        lines += [f"### `{service}` ({done} of {len(names)} operations)", "", "| Operation | Portcullis |", "|---|---|"]
        for name in names:
            if (service, name) in handlers:
                note = handlers[(service, name)]
                lines.append(f"| {name} | {'partial: ' + note if note else 'yes'} |")
            else:
                lines.append(f"| {name} | not yet |")
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def main():
    document = open(DOC).read()
    generated = table()
    if BEGIN in document:
        updated = document[: document.index(BEGIN)] + generated + document[document.index(END) + len(END):]
    else:
        updated = document.rstrip() + "\n\n## Management API operations\n\n" + generated + "\n"
    if "--check" in sys.argv:
        if updated != document:
            print("docs/aws-compatibility.md is out of date: run scripts/generate-operation-table.py")
            sys.exit(1)
        return
    open(DOC, "w").write(updated)


main()
