#!/usr/bin/env python3
"""Reads the build's target graph (cmake --graphviz) and fails when the project's libraries form a
cycle, or when Qt Gui or Qt Widgets is linked, directly or through another library, into one of the
GUI-free libraries (core, wire, checks, engine, session, listen).

  check_library_graph.py --source DIR --build DIR   configure DIR into BUILD with --graphviz, then check
  check_library_graph.py --dot FILE                  check an existing graph
  check_library_graph.py --selftest                  prove that a cycle and a Widgets link are caught
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

PREFIX = "topocheck_"
GUI_FREE = ["topocheck_core", "topocheck_wire", "topocheck_checks", "topocheck_engine", "topocheck_session",
            "topocheck_listen"]
FORBIDDEN = {"Qt6::Gui", "Qt6::Widgets", "Qt6::Charts", "Qt6::Svg", "Qt6::SvgWidgets", "Qt6::PrintSupport"}
# every library the architecture names must exist: a renamed one must not pass by being absent
EXPECTED = GUI_FREE + ["topocheck_models", "topocheck_diagram", "topocheck_report", "topocheck_window",
                       "topocheck_cli"]

NODE = re.compile(r'^\s*"(node\d+)"\s*\[\s*label\s*=\s*"([^"]+)"')
EDGE = re.compile(r'^\s*"(node\d+)"\s*->\s*"(node\d+)"')


def parse(text):
    names, edges = {}, {}
    for line in text.splitlines():
        m = NODE.match(line)
        if m:
            names[m.group(1)] = m.group(2).replace("\\n", "")
            continue
        m = EDGE.match(line)
        if m:
            edges.setdefault(m.group(1), set()).add(m.group(2))
    graph = {}
    for node, label in names.items():
        graph.setdefault(label, set())
        for dest in edges.get(node, ()):
            graph[label].add(names[dest])
    return graph


def find_cycle(graph):
    libs = {n for n in graph if n.startswith(PREFIX)}
    state = {}
    stack = []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for d in sorted(graph.get(n, ())):
            if d not in libs:
                continue
            if state.get(d) == 1:
                return stack[stack.index(d):] + [d]
            if d not in state:
                found = visit(d)
                if found:
                    return found
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(libs):
        if n not in state:
            found = visit(n)
            if found:
                return found
    return None


def reach(graph, start):
    """Every target reachable from start, with one path to it."""
    paths = {start: [start]}
    todo = [start]
    while todo:
        n = todo.pop()
        for d in graph.get(n, ()):
            if d not in paths:
                paths[d] = paths[n] + [d]
                todo.append(d)
    return paths


def check(graph):
    problems = []
    for lib in EXPECTED:
        if lib not in graph:
            problems.append(f"library {lib} is not in the build")
    cycle = find_cycle(graph)
    if cycle:
        problems.append("cycle between libraries: " + " -> ".join(cycle))
    for lib in GUI_FREE:
        if lib not in graph:
            continue
        for target, path in sorted(reach(graph, lib).items()):
            if target in FORBIDDEN:
                problems.append(f"{lib} links {target} (GUI-free library): " + " -> ".join(path))
    return problems


def selftest():
    good = """digraph G {
"node0" [ label = "topocheck_core" shape = "octagon" ];
"node1" [ label = "Qt6::Core" shape = "septagon" ];
"node0" -> "node1" [ style = dotted ] // topocheck_core -> Qt6::Core
"node2" [ label = "topocheck_engine" shape = "octagon" ];
"node2" -> "node0" // topocheck_engine -> topocheck_core
"node3" [ label = "topocheck_window" shape = "octagon" ];
"node4" [ label = "Qt6::Widgets" shape = "septagon" ];
"node3" -> "node4" // window -> widgets
"node3" -> "node2"
}"""
    g = parse(good)
    global EXPECTED, GUI_FREE
    saved = EXPECTED, GUI_FREE
    EXPECTED, GUI_FREE = ["topocheck_core", "topocheck_engine", "topocheck_window"], ["topocheck_core", "topocheck_engine"]
    try:
        assert check(g) == [], check(g)
        cyclic = parse(good.replace("}", '"node0" -> "node2"\n}'))
        assert any("cycle" in p for p in check(cyclic)), check(cyclic)
        widgets = parse(good.replace("}", '"node5" [ label = "topocheck_models" ];\n"node0" -> "node5"\n"node5" -> "node4"\n}'))
        found = check(widgets)
        assert any("topocheck_core links Qt6::Widgets" in p and "topocheck_models" in p for p in found), found
        missing = parse(good.replace('label = "topocheck_engine"', 'label = "topocheck_engine2"'))
        assert any("topocheck_engine is not in the build" in p for p in check(missing)), check(missing)
    finally:
        EXPECTED, GUI_FREE = saved
    print("library graph checker: selftest passed (cycle, transitive Widgets link and a missing library are caught)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--source")
    ap.add_argument("--build")
    ap.add_argument("--dot")
    ap.add_argument("--selftest", action="store_true")
    a = ap.parse_args()
    if a.selftest:
        selftest()
        return 0
    dot = a.dot
    if not dot:
        os.makedirs(a.build, exist_ok=True)
        dot = os.path.join(a.build, "targets.dot")
        opts = os.path.join(a.build, "CMakeGraphVizOptions.cmake")
        with open(opts, "w") as f:
            f.write('set(GRAPHVIZ_EXTERNAL_LIBS TRUE)\nset(GRAPHVIZ_GENERATE_PER_TARGET FALSE)\n'
                    'set(GRAPHVIZ_GENERATE_DEPENDERS FALSE)\n')
        # the graph of the product: the same libraries as any build, without the test executables
        cmd = ["cmake", "-S", a.source, "-B", a.build, "-G", "Ninja", "-DTOPOCHECK_BUILD_TESTS=OFF",
               "--graphviz=" + dot]
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            print(r.stdout)
            print("check_library_graph: cmake failed", file=sys.stderr)
            return 1
    with open(dot) as f:
        graph = parse(f.read())
    libs = sorted(n for n in graph if n.startswith(PREFIX))
    for lib in libs:
        deps = sorted(d for d in graph[lib] if d.startswith(PREFIX) or d.startswith("Qt6::"))
        print(f"{lib}: {', '.join(deps)}")
    problems = check(graph)
    for p in problems:
        print("FAIL: " + p)
    if problems:
        return 1
    print(f"library graph: {len(libs)} libraries, acyclic; no Qt Gui/Widgets in {', '.join(GUI_FREE)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
