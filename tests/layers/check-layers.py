#!/usr/bin/env python3
"""Fails when a lib/ folder uses a folder after it in the layer order.

The order is lib/meson.build's list of folders (base at the bottom, demo at the top). A folder
"uses" another when one of its object files refers to a symbol defined in the other's: that is
what links, so a call through a public header or a function pointer table counts as much as an
internal #include. Usage: check-layers.py LIB_MESON_BUILD STATIC_LIBRARY
"""
import re
import subprocess
import sys


def layer_order(meson_build):
    text = open(meson_build, encoding="utf-8").read()
    match = re.search(r"foreach folder : \[([^\]]*)\]", text)
    return re.findall(r"'([a-z]+)'", match.group(1))


def symbols(archive):
    """(defined, used) maps: folder -> set of symbols, from nm over the archive's members."""
    out = subprocess.run(["nm", "-A", archive], check=True, capture_output=True, text=True).stdout
    defined, used = {}, {}
    for line in out.splitlines():
        # libbb.a:folder_file.c.o:ADDRESS TYPE NAME, or without ADDRESS for undefined symbols.
        head, _, rest = line.rpartition(":")
        member = head.rsplit(":", 1)[-1]
        parts = rest.split()
        if len(parts) < 2 or "_" not in member:
            continue
        # The embedded migrations are generated into the build tree; they belong to db/.
        folder = "db" if member.startswith("meson-generated") else member.split("_", 1)[0]
        kind, name = parts[-2], parts[-1]
        if kind == "U":
            used.setdefault(folder, set()).add(name)
        elif kind in "TDBR":
            defined.setdefault(folder, set()).add(name)
    return defined, used


def main():
    order = layer_order(sys.argv[1])
    rank = {folder: i for i, folder in enumerate(order)}
    defined, used = symbols(sys.argv[2])
    owner = {name: folder for folder, names in defined.items() for name in names}
    unknown = sorted(set(defined) - set(rank))
    bad = []
    for folder, names in sorted(used.items()):
        for name in sorted(names):
            target = owner.get(name)
            if target is not None and target != folder and rank[target] > rank[folder]:
                bad.append(f"lib/{folder}/ uses {name} from lib/{target}/, a folder above it")
    for folder in unknown:
        bad.append(f"lib/{folder}/ is not in lib/meson.build's layer order")
    for line in bad:
        print(line)
    print(f"{len(order)} folders, {len(bad)} upward uses")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
