"""Layout probe for the SDK headers (prxs/sdk/include: ProFTPD 1.3.8's module ABI).

Why: the SDK headers restate ProFTPD 1.3.8's module ABI.  The only proof that
a module compiled against them is interchangeable with one compiled against
the real headers is to measure both: this module scans a header directory
(preprocessed as a module sees it: ``-DLINUX -I<dir>``, through ``conf.h``,
``privs.h``, ``mod_ctrls.h`` and ``jot.h``), lists what it declares, and generates a C
probe that prints every struct size/alignment/field offset, typedef size,
enum and macro value, and whether each function, variable, typedef and field
has the type our headers spell.  The probe is generated from OUR headers and
compiled against either directory; the outputs must be identical.

Used by tests/unit/test_sdk_abi_layout.py; run ``python -m prxs.sdk.abi_probe
DIR`` to print the probe source.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from . import INCLUDE_DIR

REAL_DIR = Path("/usr/include/proftpd")
ENTRY_HEADERS = ("conf.h", "privs.h", "mod_ctrls.h", "hanson-tpl.h", "jot.h")
MODULE_FLAGS = ("-DLINUX",)

_IDENT = re.compile(r"[A-Za-z_]\w*")
_KEYWORDS = frozenset(
    "auto break case char const continue default do double else enum extern float for goto if "
    "inline int long register restrict return short signed sizeof static struct switch typedef "
    "union unsigned void volatile while _Bool __restrict __restrict__ __inline __inline__ "
    "__const __signed__ __volatile__ _Noreturn __extension__".split()
)


class ProbeError(Exception):
    """The probe could not be built or run; the text says which step and why."""


@dataclasses.dataclass
class Field:
    path: str  # a.b for members of nested unnamed-type members
    decl: str  # the declaration text, e.g. "char *name[5]"
    bitfield: bool = False
    anonymous_type: bool = False  # declared with an inline struct/union body


@dataclasses.dataclass
class Aggregate:
    ref: str  # how C names it: "struct foo" or a typedef name
    fields: list[Field]


@dataclasses.dataclass
class Declarations:
    """What one header tree declares, as seen through the entry headers."""

    macros: dict[str, str]  # name -> "(params) body" or " body"
    aggregates: dict[str, Aggregate]
    typedefs: dict[str, str]  # name -> declaration text
    enumerators: set[str]
    functions: dict[str, str]  # name -> declaration text
    variables: dict[str, str]

    def names(self) -> dict[str, set[str]]:
        return {
            "macro": set(self.macros),
            "struct": set(self.aggregates),
            "typedef": set(self.typedefs),
            "enumerator": set(self.enumerators),
            "function": set(self.functions),
            "variable": set(self.variables),
        }


def preprocess(hdr_dir: Path) -> str:
    """Preprocess the entry headers as a module would, keeping #defines."""
    src = "".join(f'#include "{h}"\n' for h in ENTRY_HEADERS)
    argv = ["gcc", "-E", "-dD", *MODULE_FLAGS, f"-I{hdr_dir}", "-x", "c", "-"]
    proc = subprocess.run(argv, input=src, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        raise ProbeError(f"preprocessing {hdr_dir} failed ({' '.join(argv)}):\n{proc.stderr}")
    return proc.stdout


def _own_text(pp: str, hdr_dir: Path) -> tuple[str, dict[str, str]]:
    """Split preprocessed text into (declarations from hdr_dir, macros from hdr_dir)."""
    root = str(hdr_dir.resolve()) + os.sep
    mine = False
    code: list[str] = []
    macros: dict[str, str] = {}
    for line in pp.splitlines():
        m = re.match(r'# \d+ "([^"]*)"', line)
        if m:
            fname = m.group(1)
            mine = fname.startswith(root)
            continue
        if not mine:
            continue
        if line.startswith("#define "):
            m = re.match(r"#define (\w+)(\([^)]*\))?(.*)$", line)
            if m:
                params = re.sub(r"\s+", "", m.group(2)) if m.group(2) else ""
                macros[m.group(1)] = params + " " + m.group(3).strip()
            continue
        if line.startswith("#undef "):
            macros.pop(line.split()[1], None)
            continue
        if line.startswith("#"):
            continue
        code.append(line)
    return "\n".join(code), macros


def _strip_attributes(text: str) -> str:
    out = []
    i = 0
    while i < len(text):
        m = re.compile(r"__attribute__\s*\(|__asm__\s*\(|__asm\s*\(").search(text, i)
        if not m:
            out.append(text[i:])
            break
        out.append(text[i : m.start()])
        depth, j = 1, m.end()
        while depth and j < len(text):
            depth += {"(": 1, ")": -1}.get(text[j], 0)
            j += 1
        i = j
    return re.sub(r"\b__extension__\b", "", "".join(out))


def _split_top(text: str, sep: str) -> list[str]:
    """Split at sep outside (), [] and {}."""
    parts, depth, cur = [], 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


def _declarator(decl: str) -> tuple[str | None, bool]:
    """(declared identifier, is it a function) for one declaration.

    "int (*cb)(void)" -> ("cb", False); "void (*f(int))(int)" -> ("f", True);
    "char *name[5]" -> ("name", False); "int f(void)" -> ("f", True).
    """
    d = decl.strip()
    depth = 0
    for i, ch in enumerate(d):
        if ch == "[" and depth == 0:
            break
        if ch == "(" and depth == 0:
            m = re.match(r"\(\s*(?:\*\s*(?:const\s+|restrict\s+|__restrict\s+)*)+([A-Za-z_]\w*)\s*(\(?)", d[i:])
            if m:
                return m.group(1), bool(m.group(2))
            names = [n for n in _IDENT.findall(d[:i]) if n not in _KEYWORDS]
            return (names[-1] if names else None), True
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(ch, 0)
    names = [n for n in _IDENT.findall(d[:i] if d and d[i:i+1] == "[" else d) if n not in _KEYWORDS]
    return (names[-1] if names else None), False


def declarator_name(decl: str) -> str | None:
    """The identifier a declaration declares ("int (*cb)(void)" -> "cb")."""
    return _declarator(decl)[0]


def _rename(decl: str, name: str, new: str) -> str:
    return re.sub(rf"\b{re.escape(name)}\b", new, decl, count=1)


def _split_declarators(stmt: str) -> list[str]:
    """ "int a, *b[3]" -> ["int a", "int *b[3]"]."""
    items = _split_top(stmt, ",")
    if len(items) <= 1:
        return items
    first = items[0]
    name = declarator_name(first)
    if name is None:
        return items
    m = re.search(rf"[*(\s]*\b{re.escape(name)}\b", first)
    base = first[: m.start()] if m else ""
    return [first] + [f"{base} {it}" for it in items[1:]]


def _body_fields(body: str, prefix: str, fields: list[Field], aggs: dict, enums: set) -> None:
    for stmt in _split_top(body, ";"):
        stmt = stmt.strip()
        if not stmt:
            continue
        m = re.match(r"(struct|union)\s*(\w*)\s*\{", stmt)
        if m and stmt.rstrip().endswith("}") is False and "}" in stmt:
            inner, after = _brace_split(stmt)
            if m.group(2):
                aggs[f"{m.group(1)} {m.group(2)}"] = Aggregate(
                    f"{m.group(1)} {m.group(2)}", _fields_of(inner, aggs, enums)
                )
            for d in _split_top(after, ","):
                name = declarator_name(d)
                if not name:
                    continue
                fields.append(Field(prefix + name, d, anonymous_type=not m.group(2)))
                if not m.group(2) and re.fullmatch(r"\s*\w+\s*", d):
                    _body_fields(inner, prefix + name + ".", fields, aggs, enums)
            continue
        if stmt.startswith("enum") and "{" in stmt:
            inner, after = _brace_split(stmt)
            _enumerators(inner, enums)
            stmt = "int " + after
        for d in _split_declarators(stmt):
            bit = re.search(r":\s*\w+\s*$", d)
            if bit:
                d = d[: bit.start()]
            name = declarator_name(d)
            if name:
                fields.append(Field(prefix + name, d.strip(), bitfield=bool(bit)))


def _fields_of(body: str, aggs: dict, enums: set) -> list[Field]:
    fields: list[Field] = []
    _body_fields(body, "", fields, aggs, enums)
    return fields


def _brace_split(stmt: str) -> tuple[str, str]:
    """ "struct x { body } rest" -> ("body", "rest")."""
    start = stmt.index("{")
    depth = 0
    for i in range(start, len(stmt)):
        depth += {"{": 1, "}": -1}.get(stmt[i], 0)
        if depth == 0:
            return stmt[start + 1 : i], stmt[i + 1 :].strip()
    raise ProbeError(f"unbalanced braces in: {stmt[:120]}")


def _enumerators(body: str, enums: set) -> None:
    for item in _split_top(body, ","):
        m = re.match(r"\s*([A-Za-z_]\w*)", item)
        if m:
            enums.add(m.group(1))


def scan(hdr_dir: Path) -> Declarations:
    """Everything hdr_dir declares, reached through the entry headers."""
    hdr_dir = hdr_dir.resolve()
    code, macros = _own_text(preprocess(hdr_dir), hdr_dir)
    code = _strip_attributes(code)
    decls = Declarations(macros, {}, {}, set(), {}, {})
    for stmt in _split_top(code, ";"):
        stmt = re.sub(r"\s+", " ", stmt).strip()
        if not stmt or stmt.startswith("static ") or re.fullmatch(r"(struct|union|enum) \w+", stmt):
            continue
        is_typedef = stmt.startswith("typedef ")
        if is_typedef:
            stmt = stmt[len("typedef ") :]
        m = re.match(r"(?:const |volatile )*(struct|union|enum)\s*(\w*)\s*\{", stmt)
        if m:
            inner, after = _brace_split(stmt)
            kind, tag = m.group(1), m.group(2)
            if kind == "enum":
                _enumerators(inner, decls.enumerators)
            else:
                fields = _fields_of(inner, decls.aggregates, decls.enumerators)
                if tag:
                    decls.aggregates[f"{kind} {tag}"] = Aggregate(f"{kind} {tag}", fields)
                elif is_typedef:
                    first = _split_top(after, ",")[0] if after else ""
                    if re.fullmatch(r"\w+", first):
                        decls.aggregates[first] = Aggregate(first, fields)
            spelled = f"{kind} {tag}" if tag else None
            for d in _split_top(after, ","):
                name = declarator_name(d)
                if not name:
                    continue
                if is_typedef:
                    decls.typedefs[name] = f"{spelled} {d}" if spelled else ""
                elif spelled:
                    decls.variables[name] = f"{spelled} {d}"
            continue
        for d in _split_declarators(stmt):
            name = declarator_name(d)
            if not name:
                continue
            if is_typedef:
                decls.typedefs[name] = d
            elif _declarator(d)[1]:
                decls.functions[name] = re.sub(r"^\s*extern\s+", "", d)
            else:
                decls.variables[name] = re.sub(r"^\s*extern\s+", "", d)
    return decls


# ---------------------------------------------------------------- the probe


def _macro_items(macros: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Object-like macros: integer constant, else string constant, else the expansion's spelling."""
    items = []
    for i, (name, spec) in enumerate(sorted(macros.items())):
        if not spec.startswith(" ") or not spec.strip():
            continue  # function-like or empty: compared by name and parameters only
        label = f"macro {name}"
        integer = (
            f'_Static_assert(__builtin_classify_type({name}) <= 4, "integral"); '
            f'static const long long m{i} = (long long)({name}); P("{label} = %lld", m{i});'
        )
        string = f'static const char *const m{i} = {name}; P("{label} = \\"%s\\"", m{i});'
        spelling = f'P("{label} -> %s", PRXS_XSTR({name}));'
        items.append((label, [string, spelling] if '"' in spec else [integer, spelling]))
    return items


def probe_items(decls: Declarations) -> list[tuple[str, list[str]]]:
    """(label, C variants richest first) for everything to measure."""
    items: list[tuple[str, list[str]]] = []
    n = 0

    def tname() -> str:
        nonlocal n
        n += 1
        return f"prxs_t{n}"

    for ref, agg in sorted(decls.aggregates.items()):
        items.append(
            (
                f"layout {ref}",
                [f'P("layout {ref} size=%zu align=%zu", sizeof({ref}), _Alignof({ref}));'],
            )
        )
        for f in agg.fields:
            label = f"field {ref}.{f.path}"
            member = f"(({ref} *)0)->{f.path}"
            if f.bitfield:
                items.append((label, [f'P("{label} bitfield");']))
                continue
            where = f"offsetof({ref}, {f.path})"
            base = f'P("{label} offset=%zu size=%zu", (size_t){where}, sizeof({member}));'
            variants = []
            if not f.anonymous_type:
                t = tname()
                typed = _rename(f.decl, f.path.split(".")[-1], t)
                variants.append(
                    f"typedef {typed}; "
                    f'P("{label} offset=%zu size=%zu type=%d", (size_t){where}, sizeof({member}), '
                    f"__builtin_types_compatible_p(__typeof__({member}), {t}));"
                )
            variants.append(base)
            items.append((label, variants))
    for name, decl in sorted(decls.typedefs.items()):
        label = f"typedef {name}"
        variants = []
        if decl:
            t = tname()
            typed = _rename(decl, name, t)
            variants.append(
                f'typedef {typed}; P("{label} size=%zu type=%d", sizeof({name}), '
                f"__builtin_types_compatible_p({name}, {t}));"
            )
            variants.append(
                f'typedef {typed}; P("{label} type=%d", __builtin_types_compatible_p({name}, {t}));'
            )
        variants.append(f'P("{label} size=%zu", sizeof({name}));')
        variants.append(f'{{ {name} *p = 0; (void) p; P("{label} declared"); }}')
        items.append((label, variants))
    for name in sorted(decls.enumerators):
        items.append((f"enum {name}", [f'P("enum {name} = %lld", (long long)({name}));']))
    for kind, table in (("function", decls.functions), ("variable", decls.variables)):
        for name, decl in sorted(table.items()):
            t = tname()
            typed = _rename(decl, name, t)
            items.append(
                (
                    f"{kind} {name}",
                    [
                        f"extern {typed}; "
                        f'P("{kind} {name} type=%d", __builtin_types_compatible_p(__typeof__({name}), __typeof__({t})));'
                    ],
                )
            )
    items.extend(_macro_items(decls.macros))
    return items


_PRELUDE = (
    "".join(f'#include "{h}"\n' for h in ENTRY_HEADERS)
    + "#include <stddef.h>\n#include <stdio.h>\n"
    + '#define P(...) (printf(__VA_ARGS__), putchar(\'\\n\'))\n'
    + "#define PRXS_STR(...) #__VA_ARGS__\n#define PRXS_XSTR(...) PRXS_STR(__VA_ARGS__)\n"
)


def render(items: list[tuple[str, list[str]]], choice: list[int]) -> tuple[str, dict[int, int]]:
    """C source; static data at file scope, printing in main. Returns (source, line -> item)."""
    lines = _PRELUDE.splitlines()
    lines.append("int main(void) {")
    where: dict[int, int] = {}
    for idx, (_label, variants) in enumerate(items):
        if choice[idx] >= len(variants):
            continue
        code = variants[choice[idx]]
        # file-scope declarations (statics, externs, typedefs) stay in block scope: legal in C
        lines.append("{ " + code + " }")
        where[len(lines)] = idx
    lines.append("return 0; }")
    return "\n".join(lines) + "\n", where


def build_probe(decls: Declarations, hdr_dir: Path, workdir: Path) -> tuple[str, list[str]]:
    """Find, for each item, the richest variant that compiles against hdr_dir.

    Returns (probe source, labels of items no variant could measure).
    """
    items = probe_items(decls)
    choice = [0] * len(items)
    for _round in range(8):
        src, where = render(items, choice)
        cfile = workdir / "probe.c"
        cfile.write_text(src)
        argv = ["gcc", "-fsyntax-only", "-w", *MODULE_FLAGS, f"-I{hdr_dir}", str(cfile)]
        proc = subprocess.run(argv, capture_output=True, text=True, timeout=300)
        if proc.returncode == 0:
            dropped = [items[i][0] for i in range(len(items)) if choice[i] >= len(items[i][1])]
            return src, dropped
        bad = {
            where[int(m.group(1))]
            for m in re.finditer(rf"{re.escape(str(cfile))}:(\d+):", proc.stderr)
            if int(m.group(1)) in where
        }
        if not bad:
            raise ProbeError(f"probe does not compile ({' '.join(argv)}):\n{proc.stderr[:4000]}")
        for i in bad:
            choice[i] += 1
    raise ProbeError("probe still fails to compile after 8 rounds of dropping variants")


def run_probe(src: str, hdr_dir: Path, workdir: Path, tag: str) -> list[str]:
    """Compile src against hdr_dir as a module would and return its output lines."""
    (workdir / tag).mkdir(exist_ok=True)
    cfile = workdir / tag / "probe.c"  # same name both ways: __FILE__ appears in some macros
    exe = workdir / tag / "probe"
    cfile.write_text(src)
    argv = ["gcc", "-w", *MODULE_FLAGS, f"-I{hdr_dir}", "probe.c", "-o", "probe"]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd=cfile.parent)
    if proc.returncode != 0:
        raise ProbeError(f"probe does not compile against {hdr_dir}:\n{proc.stderr[:6000]}")
    out = subprocess.run([str(exe)], capture_output=True, text=True, timeout=60, check=True)
    return out.stdout.splitlines()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    hdr_dir = Path(args[0]) if args else Path(INCLUDE_DIR)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            src, dropped = build_probe(scan(hdr_dir), hdr_dir, Path(tmp))
        except ProbeError as exc:
            print(f"abi_probe: {exc}", file=sys.stderr)
            return 1
    sys.stdout.write(src)
    for label in dropped:
        print(f"abi_probe: not measured: {label}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
