#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fail if the modules of src/ depend on each other in a cycle.

A module is a name.c with its name.h; it depends on every module whose header
it (or its header) includes.  Data flows one way through segprof (see
segprof(1) and the architecture notes), so the graph must be acyclic.

    tests/include-cycles.py [SRC_DIR]      (default: src beside tests/)
"""
import os
import re
import sys

src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "src")
deps = {}
for name in os.listdir(src):
    if not name.endswith((".c", ".h")):
        continue
    module = name[:-2]
    with open(os.path.join(src, name), encoding="utf-8") as f:
        included = re.findall(r'^\s*#\s*include\s+"([A-Za-z0-9_]+)\.h"', f.read(), re.M)
    deps.setdefault(module, set()).update(m for m in included if m != module)

WHITE, GREY, BLACK = 0, 1, 2
colour = {m: WHITE for m in deps}
cycles = []


def visit(m, path):
    colour[m] = GREY
    for d in sorted(deps[m]):
        if d not in deps:
            continue
        if colour[d] == GREY:
            cycles.append(path[path.index(d):] + [d])
        elif colour[d] == WHITE:
            visit(d, path + [d])
    colour[m] = BLACK


for m in sorted(deps):
    if colour[m] == WHITE:
        visit(m, [m])
for c in cycles:
    print("include cycle: " + " -> ".join(c), file=sys.stderr)
if not deps:
    print(f"no sources found in {src}", file=sys.stderr)
    sys.exit(1)
sys.exit(1 if cycles else 0)
