#!/usr/bin/env bash
# Sweep specs on CUDA, on the machine check.sh runs on (a GPU, a Python torch, no dotnet). In the repository this is
# tools/cuda/sweeps.sh; tools/cuda/pack copies it into the carry folder (.gpu). From the repo root, .gpu carried:
#   SWEEPS="results-sst2-paper-gpu sst2-fast-weighed-gpu" bash .gpu/sweeps.sh
# SWEEPS: spec names, looked up as sweeps/h200/NAME.json of the repo copy the command runs in (SWEEPS_DIR to look
# elsewhere), or paths of spec files; default: results-sst2-paper-gpu results-sst2-ablations-gpu results-agnews-gpu
# (about 300 s on one H200). Each spec's "output" (there: /tmp/gpu-sweeps/NAME) is merged (safr sweep merge) and
# packed without weights into $OUT/NAME.tar.gz; the log is $OUT/sweeps.log.
# libLibTorchSharp.so: .gpu/libLibTorchSharp.so.xz when present and it loads against this torch (check.sh leaves one
# in its $OUT), else built from .gpu/native with build.sh (about 30 s on 16 cores) and left in $OUT for next time.
# Knobs: DEADLINE (s, the whole script stops its sweeps by then; default 380), JOBS (cells at a time, 8),
# SWEEP_THREADS (libtorch threads in all, shared by the cells; nproc), OUT (/tmp/sg-out),
# SWEEPS_WORK (/tmp/safr-gpu-sweeps), TORCH_PYTHON (the python with torch).
# SWEEPS_DRY=1: the local dry run on a CPU machine: the CPU libtorch and stand-in library of check.sh's dry run
# (DRY_TORCH_LIB, DRY_LTS, same defaults), and `safr sweep SPEC --list` for each spec instead of running it.
set -o pipefail
G="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)" ROOT="$PWD"
OUT="${OUT:-/tmp/sg-out}" W="${SWEEPS_WORK:-/tmp/safr-gpu-sweeps}" DRY="${SWEEPS_DRY:-0}"
T0=$(date +%s) DEADLINE="${DEADLINE:-380}"
mkdir -p "$OUT" || exit 1
exec > >(tee "$OUT/sweeps.log") 2>&1
fail() { echo "sweeps.sh: $*"; exit 1; }

# The specs, resolved before anything is unpacked.
SPECS_DIR="${SWEEPS_DIR:-}"
if [[ -z "$SPECS_DIR" ]]; then
  for d in "$ROOT/sweeps/h200" "$(dirname "$G")/sweeps/h200"; do [[ -d "$d" ]] && { SPECS_DIR="$d"; break; }; done
fi
specs=()
for s in ${SWEEPS:-results-sst2-paper-gpu results-sst2-ablations-gpu results-agnews-gpu}; do
  if [[ "$s" == *.json && -f "$s" ]]; then specs+=("$(cd "$(dirname "$s")" && pwd)/$(basename "$s")")
  elif [[ -n "$SPECS_DIR" && -f "$SPECS_DIR/$s.json" ]]; then specs+=("$SPECS_DIR/$s.json")
  else fail "no spec '$s' (looked for ${SPECS_DIR:-sweeps/h200 (not found)}/$s.json; give SWEEPS_DIR or a path)"; fi
done

PY=""
for py in ${TORCH_PYTHON:-} python3 /opt/torch/.venv/bin/python3; do
  if [[ "$DRY" == 1 ]]; then command -v "$py" >/dev/null && { PY="$(command -v "$py")"; break; }
  elif "$py" -c 'import importlib.util as u, sys; sys.exit(u.find_spec("torch") is None)' 2>/dev/null; then
    PY="$(command -v "$py")"; break
  fi
done
[[ -n "$PY" ]] || fail "no python3$([[ "$DRY" == 1 ]] || echo ' with torch')"

# The absolute "output" folder of a spec (// and /* */ comments and trailing commas allowed, as the kit's reader does).
spec_output() {
  "$PY" - "$1" <<'PY'
import json, os, re, sys
p = sys.argv[1]
t = open(p, encoding="utf-8").read()
out, i, n, q = [], 0, len(t), False
while i < n:
    c = t[i]
    if q:
        out.append(c)
        if c == "\\" and i + 1 < n:
            out.append(t[i + 1]); i += 2; continue
        if c == '"':
            q = False
    elif c == '"':
        q = True; out.append(c)
    elif t.startswith("//", i):
        j = t.find("\n", i); i = n if j < 0 else j; continue
    elif t.startswith("/*", i):
        j = t.find("*/", i + 2); i = n if j < 0 else j + 2; continue
    else:
        out.append(c)
    i += 1
o = json.loads(re.sub(r",(\s*[}\]])", r"\1", "".join(out)))["output"]
print(os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(p)), o)))
PY
}
outputs=()
for spec in "${specs[@]}"; do
  o="$(spec_output "$spec")" && [[ -n "$o" ]] || fail "cannot read \"output\" of $spec"
  outputs+=("$o")
done

# xz -dc, or Python's lzma where xz is missing.
unxz_cat() {
  if command -v xz >/dev/null; then xz -dc "$1"
  else "$PY" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi
}

echo "sweeps.sh: dry=$DRY deadline ${DEADLINE}s, specs: ${specs[*]}; $(date -u +%FT%TZ)"
rm -rf "$W/dotnet" "$W/app" "$W/lts-build" && mkdir -p "$W/dotnet" "$W/app" || exit 1
unxz_cat "$G/dotnet.tar.xz" | tar -x -C "$W/dotnet" && unxz_cat "$G/app.tar.xz" | tar -x -C "$W/app" ||
  fail "unpacking $G/dotnet.tar.xz or app.tar.xz failed"
LTS="$W/app/libLibTorchSharp.so"

if [[ "$DRY" == 1 ]]; then
  NICE="nice -n 19"
  for d in "$(dirname "$G")" "$ROOT"; do
    a="$d/src/Safr.Cli/bin/Release/net10.0/runtimes/linux-x64/native"
    [[ -z "${DRY_TORCH_LIB:-}" && -f "$a/libtorch_cpu.so" ]] && DRY_TORCH_LIB="$a"
  done
  [[ -n "${DRY_LTS:-}" ]] || DRY_LTS="$(ls "$HOME"/.cache/safr/torchsharp/*/libLibTorchSharp.so 2>/dev/null | head -1)"
  [[ -d "${DRY_TORCH_LIB:-}" && -f "${DRY_LTS:-}" ]] || fail "dry run: set DRY_TORCH_LIB (a CPU libtorch folder) and DRY_LTS (a libLibTorchSharp.so)"
  TORCH_LIB="$DRY_TORCH_LIB" NV_LIBS=""
  cp "$DRY_LTS" "$LTS" || exit 1
else
  NICE=""
  TORCH_DIR=$("$PY" -c 'import importlib.util as u, os; print(os.path.dirname(u.find_spec("torch").origin))') || fail "no torch"
  TORCH_LIB="$TORCH_DIR/lib"
  NV_LIBS=$("$PY" - <<'PY'
import glob, os, importlib.util as u
site = os.path.dirname(os.path.dirname(u.find_spec("torch").origin))
print(":".join(sorted({os.path.dirname(p) for p in glob.glob(os.path.join(site, "nvidia", "**", "lib", "*.so*"), recursive=True)})))
PY
  )
  nvidia-smi -L
  echo "torch at $TORCH_DIR (python $PY)"
  # Loads the library with RTLD_NOW after `import torch` and asks for CUDA (probe_lts.py).
  lts_loads() { env LD_LIBRARY_PATH="$TORCH_LIB${NV_LIBS:+:$NV_LIBS}" timeout 120 "$PY" "$G/probe_lts.py" "$LTS" --import-torch; }
  if [[ -f "$G/libLibTorchSharp.so.xz" ]]; then
    echo "using the prebuilt $G/libLibTorchSharp.so.xz"
    unxz_cat "$G/libLibTorchSharp.so.xz" >"$LTS" && lts_loads ||
      { echo "sweeps.sh: the prebuilt library does not load against this torch; building one"; rm -f "$LTS"; }
  fi
  if [[ ! -s "$LTS" ]]; then
    [[ -f "$G/native/build.sh" && -d "$G/native/src/Native/LibTorchSharp" ]] || fail "no prebuilt library and no sources in $G/native (tools/cuda/pack)"
    # The C++ ABI of the wheel, as check.sh finds it: its libraries export std::__cxx11 symbols when built with it.
    abi=1
    if command -v nm >/dev/null; then [[ $(nm -D --defined-only "$TORCH_LIB/libc10.so" | grep -c '__cxx11') -gt 0 ]] || abi=0; fi
    b0=$(date +%s)
    JOBS="$(nproc)" TORCH_DIR="$TORCH_DIR" TORCH_CXX11_ABI="$abi" PY="$PY" bash "$G/native/build.sh" "$W/lts-build" "$LTS"
    rc=$?
    echo "build.sh: rc=$rc in $(( $(date +%s) - b0 )) s (0 clean, 4 some functions stubbed, 3 some units missing)"
    [[ $rc == 0 || $rc == 3 || $rc == 4 ]] && [[ -s "$LTS" ]] || { tail -50 "$W/lts-build/build.log" 2>/dev/null; fail "the LibTorchSharp build failed"; }
    cp "$W/lts-build/build.log" "$OUT/build.log" 2>/dev/null
    lts_loads || fail "the built library does not load"
    xz -1 -c "$LTS" >"$OUT/libLibTorchSharp.so.xz" 2>/dev/null && echo "left $OUT/libLibTorchSharp.so.xz for next time (put it into .gpu)"
  fi
fi

export LD_LIBRARY_PATH="$TORCH_LIB${NV_LIBS:+:$NV_LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" DOTNET_ROOT="$W/dotnet" \
  DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 SAFR_NO_TORCHSHARP_FIX=1 SAFR_DATA="$G/data" SAFR_CACHE="$W/cache" \
  XDG_CACHE_HOME="$W/xdg"
safr() { $NICE "$W/dotnet/dotnet" "$W/app/safr.dll" "$@"; }
echo "setup done in $(( $(date +%s) - T0 )) s"
for k in "${!specs[@]}"; do
  spec="${specs[$k]}" out="${outputs[$k]}" name="$(basename "${specs[$k]}" .json)"
  if [[ "$DRY" == 1 ]]; then
    echo "=== $name ($spec -> $out): --list"; safr sweep "$spec" --list; echo "rc=$?"; continue
  fi
  left=$(( T0 + DEADLINE - $(date +%s) ))
  (( left > 20 )) || { echo "=== $name skipped: no time left"; continue; }
  echo "=== $name: up to ${left} s, t+$(( $(date +%s) - T0 )) s, output $out"
  timeout -s TERM -k 15 "$left" "$W/dotnet/dotnet" "$W/app/safr.dll" sweep "$spec" --jobs "${JOBS:-8}" --threads "${SWEEP_THREADS:-$(nproc)}" |
    grep -v '^  '
  echo "rc=${PIPESTATUS[0]}"
  safr sweep merge "$out"
  [[ -d "$out" ]] && tar -czf "$OUT/$name.tar.gz" --exclude='*.safetensors' --exclude='checkpoints' --exclude='model' \
    -C "$(dirname "$out")" "$(basename "$out")"
done
ls -la "$OUT"
echo "sweeps.sh done in $(( $(date +%s) - T0 )) s"
