"""Rescues a LibTorchSharp translation unit that does not compile against a newer torch: each top-level function
whose body holds a compile error gets its body replaced by a stub that sets torch_last_err (so TorchSharp raises
"<name> is not available in this build" if it is ever called) and returns a value-initialized result.
   stub_failed.py SOURCE.cpp COMPILER_LOG [--unit NAME]
Rewrites SOURCE in place; prints one line per stubbed function; exit 0 if it stubbed something, 1 if not (errors in
headers or in a function's signature cannot be fixed this way)."""
import re
import sys

path, log = sys.argv[1], sys.argv[2]
unit = sys.argv[sys.argv.index("--unit") + 1] if "--unit" in sys.argv else path.rsplit("/", 1)[-1]
text = open(path, encoding="utf-8", errors="surrogateescape").read()

# Lines of this unit that gcc blames: "X.cpp:L:C: error: ..." and "X.cpp:L:C:   required from here".
lines = set()
for entry in open(log, encoding="utf-8", errors="replace"):
    m = re.match(r"^(\S*?)" + re.escape(unit) + r":(\d+):\d+:\s+(error|required from)", entry)
    if m:
        lines.add(int(m[2]))
if not lines:
    print(f"stub: no error located in {unit}")
    sys.exit(1)

# Top-level brace blocks, skipping comments, strings and character literals.
blocks = []  # (header_start, open_brace, close_brace)
depth, i, n, last_end = 0, 0, len(text), 0
while i < n:
    c = text[i]
    if text.startswith("//", i):
        i = text.find("\n", i); i = n if i < 0 else i; continue
    if text.startswith("/*", i):
        j = text.find("*/", i + 2); i = n if j < 0 else j + 2; continue
    if c in "\"'":
        j = i + 1
        while j < n and text[j] != c:
            j += 2 if text[j] == "\\" else 1
        i = j + 1; continue
    if c == "#" and depth == 0 and (i == 0 or text[i - 1] == "\n"):
        j = i
        while True:  # preprocessor line, with continuations
            k = text.find("\n", j)
            if k < 0 or text[k - 1] != "\\":
                break
            j = k + 1
        i = n if k < 0 else k + 1; last_end = i; continue
    if c == "{":
        if depth == 0:
            start = i
        depth += 1
    elif c == "}":
        depth -= 1
        if depth == 0:
            blocks.append((last_end, start, i)); last_end = i + 1
    elif c == ";" and depth == 0:
        last_end = i + 1
    i += 1

def line_of(offset):
    return text.count("\n", 0, offset) + 1

patches, unfixable = [], []
for line in sorted(lines):
    hit = None
    for hs, ob, cb in blocks:
        if line_of(ob) <= line <= line_of(cb):
            hit = (hs, ob, cb); break
        if line_of(hs) <= line < line_of(ob):
            unfixable.append(f"line {line}: in the signature of a top-level definition"); break
    else:
        unfixable.append(f"line {line}: outside any top-level function")
    if hit is None:
        continue
    hs, ob, cb = hit
    raw = re.sub(r"//[^\n]*|/\*.*?\*/", " ", text[hs:ob], flags=re.S)
    header = " ".join(raw.split())
    m = re.search(r"([A-Za-z_]\w*)\s*\(", header)
    if not m or header.startswith(("namespace", "extern", "struct", "class", "union", "enum")) or not header.endswith(")") and "const" not in header[-8:]:
        unfixable.append(f"line {line}: in a block that is not a plain function ({header[:60]})"); continue
    if hit not in [p[0] for p in patches]:
        patches.append((hit, m[1], re.sub(r"^(static|inline|\s)+", "", header[: m.start()]).strip()))

for (hs, ob, cb), name, rtype in sorted(patches, key=lambda p: -p[0][1]):
    message = f"{name} is not available in this build of LibTorchSharp (it did not compile against this torch)"
    ret = "" if rtype in ("void", "") else " return {};"
    body = "{ torch_last_err = strdup(\"" + message + "\");" + ret + " }"
    text = text[:ob] + body + text[cb + 1:]
    print(f"stub: {unit}: {rtype} {name}()")
for u in unfixable:
    print(f"stub: {unit}: cannot fix {u}")
if patches:
    if "#include <cstring>" not in text:
        text = "#include <cstring>\n" + text
    open(path, "w", encoding="utf-8", errors="surrogateescape").write(text)
sys.exit(0 if patches else 1)
