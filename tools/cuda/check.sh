#!/usr/bin/env bash
# Safr.Kit one-shot CUDA check for a machine with an NVIDIA GPU and a Python torch (CUDA wheel) but no dotnet and no
# CUDA TorchSharp packages (today: one H200, torch 2.11.0+cu130, no network). In the repository this is
# tools/cuda/check.sh; tools/cuda/pack copies it into the carry folder (.gpu) with everything it needs. Run it on the
# CUDA machine from the repo root with .gpu carried:   bash .gpu/check.sh      (tools/cuda/README.md)
# Logs: $OUT/check.log; results: $OUT/summary.json, $OUT/results.tar.gz, $OUT/build.log,
# $OUT/libLibTorchSharp.so.xz (the built library; put it into .gpu for sweeps.sh to skip its build).
#
# CHECK_DRY=1: the local dry run on a CPU machine (no GPU, no torch 2.11): --device cpu everywhere, a 2% train
# sample, nice -n 19, a CPU libtorch (DRY_TORCH_LIB, default the app build's runtimes/linux-x64/native) and a stand-in
# libLibTorchSharp.so (DRY_LTS, default the kit's patched copy in ~/.cache/safr/torchsharp/*/); the build step only
# compiles crc32c.c against Debian's libtorch (libtorch-dev) to exercise the build script.
# Knobs: CHECK_BUDGET (s, whole script, default 400), CHECK_EPOCHS (3), CHECK_CPU_THREADS (nproc),
# EVAL_FAITH (500), CHECK_WORK (/tmp/safr-gpu-check), OUT (/tmp/safr-gpu-out), TORCH_PYTHON (the python with torch;
# default python3, then /opt/torch/.venv/bin/python3).
set -o pipefail
# G: the carry folder this script sits in (.gpu); ROOT: the directory it was started from (the repo root).
export ROOT="$PWD" G="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export DRY="${CHECK_DRY:-0}"
export OUT="${OUT:-/tmp/safr-gpu-out}"
export W="${CHECK_WORK:-/tmp/safr-gpu-check}"
export BUDGET="${CHECK_BUDGET:-400}"
export EPOCHS="${CHECK_EPOCHS:-3}"
export CPU_THREADS="${CHECK_CPU_THREADS:-$(nproc)}"
export T0="$(date +%s.%N)"
mkdir -p "$OUT"
rm -rf "$W" && mkdir -p "$W/logs" "$W/runs" "$W/lts" || exit 1

if [[ "$DRY" == 1 ]]; then
  export DEV=cpu NICE="nice -n 19" FRACTION="0.02" EPOCHS="${CHECK_EPOCHS:-1}" EVAL_FAITH="${EVAL_FAITH:-20}"
  export CPU_THREADS="${CHECK_CPU_THREADS:-2}"
else
  export DEV=cuda NICE="" FRACTION="" EVAL_FAITH="${EVAL_FAITH:-500}"
fi
# Test knobs (the local flow test of the device path): CHECK_DEVICE, CHECK_FRACTION, CHECK_LTS_OVERRIDE.
export DEV="${CHECK_DEVICE:-$DEV}" FRACTION="${CHECK_FRACTION:-$FRACTION}"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
left() { awk -v t0="$T0" -v b="$BUDGET" -v n="$(now)" 'BEGIN { printf "%d", t0 + b - n }'; }
# step NAME TIMEOUT FUNCTION [ARGS]: runs an exported function under timeout, clipped to what is left of BUDGET.
step() {
  local name="$1" to="$2"; shift 2
  local l; l=$(left)
  (( l - 5 < to )) && to=$(( l - 5 ))
  if (( to < 5 )); then
    echo "=== [$name] SKIPPED: budget spent (t+$(since "$T0")s)"; printf '%s\t%s\t%s\n' "$name" skipped 0 >>"$W/steps.tsv"; return 124
  fi
  echo "=== [$name] start t+$(since "$T0")s, timeout ${to}s"
  local s; s=$(now)
  timeout -k 5 "$to" bash -o pipefail -c '"$@"' _ "$@"
  local rc=$?
  [[ $rc != 0 ]] && echo "$name" >>"$W/failed-steps"
  local d; d=$(since "$s")
  echo "=== [$name] rc=$rc in ${d}s$([[ $rc == 124 || $rc == 137 ]] && echo ' (TIMED OUT)')"
  printf '%s\t%s\t%s\n' "$name" "$rc" "$d" >>"$W/steps.tsv"
  return $rc
}

# The app, with TorchSharp's loader pointed at our libraries: libLibTorchSharp.so sits beside TorchSharp.dll (the
# app folder, which TorchSharp's NativeLibrary.TryLoad("LibTorchSharp", assembly) probes), and torch_cpu /
# torch_cuda are found by dlopen through LD_LIBRARY_PATH = torch/lib (+ the nvidia/*/lib folders). The kit's own
# loading fix (for the NuGet libLibTorchSharp on GCC 12) is turned off: it would look for NuGet's libtorch.
safr() {
  ( cd "$W" && env LD_LIBRARY_PATH="$TORCH_LIB${NV_LIBS:+:$NV_LIBS}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
      DOTNET_ROOT="$W/dotnet" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 \
      SAFR_NO_TORCHSHARP_FIX=1 SAFR_DATA="$G/data" SAFR_CACHE="$W/cache" XDG_CACHE_HOME="$W/xdg" \
      $NICE "$W/dotnet/dotnet" "$W/app/safr.dll" "$@" )
}

s_gpu() {
  nvidia-smi -L && nvidia-smi --query-gpu=name,driver_version,memory.total,memory.used,clocks.sm --format=csv
  local rc=$?
  uname -a; grep -m1 'model name' /proc/cpuinfo; nproc; (. /etc/os-release && echo "$PRETTY_NAME")
  ldd --version | head -1; strings /usr/lib/x86_64-linux-gnu/libstdc++.so.6 2>/dev/null | grep -o 'GLIBCXX_3\.4\.[0-9]*' | sort -V | tail -1
  return $rc
}

# Finds torch's folder without importing it (so the build can start at once); writes $W/locate.env.
s_locate() {
  local py d
  for py in ${TORCH_PYTHON:-} python3 /opt/torch/.venv/bin/python3; do
    d=$("$py" -c 'import importlib.util as u, os; print(os.path.dirname(u.find_spec("torch").origin))' 2>/dev/null) &&
      [[ -d "$d/include" && -f "$d/lib/libc10.so" ]] && break
    d=""
  done
  [[ -n "$d" ]] || { echo "no python3 with torch (include/ and lib/)"; return 1; }
  # The C++ ABI of the wheel: its libraries export std::__cxx11 symbols when built with _GLIBCXX_USE_CXX11_ABI=1.
  local abi=1
  # (grep -c, not -q: with pipefail, -q's early exit would fail nm with SIGPIPE.)
  if command -v nm >/dev/null; then [[ $(nm -D --defined-only "$d/lib/libc10.so" | grep -c '__cxx11') -gt 0 ]] || abi=0; fi
  printf "TORCH_DIR='%s'\nTORCH_LIB='%s'\nTORCH_ABI=%s\nPY='%s'\n" "$d" "$d/lib" "$abi" "$(command -v "$py")" | tee "$W/locate.env"
}

# Python's torch on the GPU; writes $W/torch.env (NV_LIBS: the nvidia/*/lib folders, TORCH_ABI_PY) and prints facts.
s_torch() {
  "$PY" - "$W/torch.env" <<'PY'
import glob, os, sys, time
t = time.time()
import torch
d = os.path.dirname(torch.__file__)
site = os.path.dirname(d)
nv = sorted({os.path.dirname(p) for p in glob.glob(os.path.join(site, "nvidia", "**", "lib", "*.so*"), recursive=True)})
print(f"torch {torch.__version__} at {d} (import {time.time() - t:.1f}s); python {sys.version.split()[0]} {sys.executable}")
print(f"cuda build {torch.version.cuda}, cudnn {torch.backends.cudnn.version()}, cxx11 abi {torch._C._GLIBCXX_USE_CXX11_ABI}")
print(f"cmake prefix {torch.utils.cmake_prefix_path}")
ok = torch.cuda.is_available()
print(f"torch.cuda.is_available() = {ok}, devices {torch.cuda.device_count()}")
if ok:
    print(f"device 0: {torch.cuda.get_device_name(0)}, capability {torch.cuda.get_device_capability(0)}")
    x = torch.randn(1024, 1024, device="cuda"); torch.cuda.synchronize()
    print(f"a matmul on cuda: {float((x @ x).sum()):.3f}")
print("torch/lib:", " ".join(sorted(f for f in os.listdir(os.path.join(d, "lib")) if ".so" in f)))
print("nvidia lib folders:", " ".join(nv))
with open(sys.argv[1], "w") as f:
    f.write(f"TORCH_ABI_PY={int(torch._C._GLIBCXX_USE_CXX11_ABI)}\nNV_LIBS='{':'.join(nv)}'\n")
sys.exit(0 if ok else 1)
PY
}

s_build() {
  if [[ "$DRY" == 1 ]]; then
    # Exercise build.sh (configure, ninja, link) on one C file against Debian's libtorch, then use the stand-in.
    TORCH_INCLUDE_DIRS="/usr/include;/usr/include/torch/csrc/api/include" TORCH_LIB_DIR=/usr/lib/x86_64-linux-gnu \
      LTS_SOURCES="crc32c.c" JOBS=2 $NICE bash "$G/native/build.sh" "$W/lts-build" "$W/lts/dry-build.so" || return
    cp "$DRY_LTS" "$W/lts/libLibTorchSharp.so"
    return
  fi
  JOBS="$(nproc)" TORCH_DIR="$TORCH_DIR" TORCH_CXX11_ABI="$TORCH_ABI" bash "$G/native/build.sh" "$W/lts-build" "$W/lts/libLibTorchSharp.so"
  local rc=$?
  [[ -n "${CHECK_LTS_OVERRIDE:-}" ]] && cp "$CHECK_LTS_OVERRIDE" "$W/lts/libLibTorchSharp.so" && echo "test: library replaced by $CHECK_LTS_OVERRIDE"
  return $rc
}

# xz -dc, or Python's lzma where xz is missing.
unxz_cat() {
  if command -v xz >/dev/null; then xz -dc "$1"
  else "${PY:-python3}" -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"; fi
}

s_unpack() {
  mkdir -p "$W/dotnet" "$W/app" &&
    unxz_cat "$G/dotnet.tar.xz" | tar -x -C "$W/dotnet" &&
    unxz_cat "$G/app.tar.xz" | tar -x -C "$W/app" &&
    "$W/dotnet/dotnet" --list-runtimes && ls "$W/app" | tr '\n' ' ' && echo
}

s_install_lts() {
  cp "$W/lts/libLibTorchSharp.so" "$W/app/libLibTorchSharp.so" || return
  readelf -d "$W/app/libLibTorchSharp.so" | grep -E 'NEEDED|RUNPATH|RPATH'
  echo "THS exports: $(nm -D --defined-only "$W/app/libLibTorchSharp.so" | grep -c ' T THS')"
  objdump -T "$W/app/libLibTorchSharp.so" | grep -o 'GLIBCXX_3\.4\.[0-9]*' | sort -uV | tail -1
  if [[ "$DRY" == 1 ]]; then
    env LD_LIBRARY_PATH="$TORCH_LIB" $NICE python3 "$G/probe_lts.py" "$W/app/libLibTorchSharp.so" --cpu-ok
  else
    env LD_LIBRARY_PATH="$TORCH_LIB${NV_LIBS:+:$NV_LIBS}" "$PY" "$G/probe_lts.py" "$W/app/libLibTorchSharp.so" --import-torch
  fi
}

s_dotnet_probe() {
  safr --version || return
  # TorchSharp's own view through the CLI: --device cuda runs torch.cuda.is_available() (CliDevice) and a tiny run.
  # LD_DEBUG=files records which file each library was loaded from (ours from the app folder, torch's from torch/lib).
  mkdir -p "$W/logs/lddebug"
  LD_DEBUG=files LD_DEBUG_OUTPUT="$W/logs/lddebug/ld" \
    safr train --dataset sst2 --imp 1 --inter 1 --seed 0 --device "$DEV" --mode fast --epochs 1 --data-fraction 0.02 \
    --threads "$CPU_THREADS" --out "$W/runs/probe" 2>&1 | tee "$W/logs/probe.log"
  local rc=$?
  echo "libraries loaded (LD_DEBUG=files):"
  cat "$W"/logs/lddebug/ld.* 2>/dev/null |
    grep -oE 'calling init: .*(LibTorchSharp|torch|c10|cuda|cublas|cudnn|nccl|gomp|nvrtc|cusparse|cufft|curand|nvJitLink|cusolver|nvshmem).*' |
    sort -u | head -60
  rm -rf "$W/logs/lddebug"
  return $rc
}

s_parity() { safr parity "$G/fixtures/official" >"$W/logs/parity.json" 2>"$W/logs/parity.err"; local rc=$?; cat "$W/logs/parity.err"; return $rc; }

# train NAME DEVICE THREADS
s_train() {
  safr train --dataset sst2 --imp 1 --inter 1 --seed 0 --device "$2" --mode fast --epochs "$EPOCHS" --patience "$EPOCHS" \
    ${FRACTION:+--data-fraction $FRACTION} --threads "$3" --out "$W/runs/$1" 2>&1 | tee "$W/logs/train-$1.log"
}

s_evaluate() {
  safr evaluate "$W/runs/cuda" --device "$DEV" --faithfulness-examples "$EVAL_FAITH" --json "$W/logs/evaluate-cuda.json" 2>&1 |
    tee "$W/logs/evaluate-cuda.log"
}

s_summary() {
  "${PY:-python3}" - "$W" "$OUT/summary.json" <<'PY'
import json, os, re, statistics, sys
w, out = sys.argv[1], sys.argv[2]
summary = {"steps": [], "runs": {}}
if os.path.exists(f"{w}/steps.tsv"):
    for line in open(f"{w}/steps.tsv"):
        name, rc, sec = line.rstrip("\n").split("\t")
        summary["steps"].append({"step": name, "rc": rc, "seconds": float(sec)})
epoch_re = re.compile(r"^epoch (\d+): .*train acc ([\d.]+) %, dev acc ([\d.]+) %.*, ([\d.]+) s$")
step_re = re.compile(r"^\s+epoch (\d+) step (\d+)/(\d+): loss [\d.]+, (\d+) ms/step$")
for run in ("probe", "cuda", "cpu"):
    log = f"{w}/logs/train-{run}.log" if run != "probe" else f"{w}/logs/probe.log"
    if not os.path.exists(log):
        continue
    r = {"epochs": [], "ms_per_step_last": {}}
    for line in open(log, errors="replace"):
        line = line.rstrip("\n")
        if m := epoch_re.match(line):
            r["epochs"].append({"epoch": int(m[1]), "train_acc": float(m[2]), "dev_acc": float(m[3]), "seconds": float(m[4])})
        elif m := step_re.match(line):
            r["ms_per_step_last"][m[1]] = int(m[4])
        elif m := re.match(r"^test accuracy ([\d.]+) %", line):
            r["test_acc"] = float(m[1])
    res = f"{w}/runs/{run}/record.json"
    if os.path.exists(res):
        j = json.load(open(res))
        t = j.get("training", {})
        r["result"] = {"testAccuracy": j.get("test", {}).get("accuracy"), "bestDevAccuracy": t.get("bestDevAccuracy"), "bestEpoch": t.get("bestEpoch"),
                       "epochs": t.get("epochs"), "seconds": j.get("seconds"), "libTorchVersion": j.get("libTorchVersion"), "sourceCommit": j.get("sourceCommit")}
    secs = [e["seconds"] for e in r["epochs"]]
    if secs:
        r["seconds_per_epoch"] = secs
        r["seconds_per_epoch_after_first"] = statistics.mean(secs[1:]) if len(secs) > 1 else secs[0]
    summary["runs"][run] = r
c, p = summary["runs"].get("cuda", {}), summary["runs"].get("cpu", {})
if c.get("seconds_per_epoch") and p.get("seconds_per_epoch"):
    n = min(len(c["seconds_per_epoch"]), len(p["seconds_per_epoch"]))
    summary["cpu_over_cuda_epoch_time"] = {
        "first_epoch": p["seconds_per_epoch"][0] / c["seconds_per_epoch"][0],
        "mean_over_common_epochs": statistics.mean(p["seconds_per_epoch"][:n]) / statistics.mean(c["seconds_per_epoch"][:n]),
        "after_first_epoch": p["seconds_per_epoch_after_first"] / c["seconds_per_epoch_after_first"],
    }
if os.path.exists(f"{w}/logs/evaluate-cuda.json"):
    e = json.load(open(f"{w}/logs/evaluate-cuda.json"))
    summary["evaluate_cuda"] = {"accuracy": e.get("accuracy"), "split": e.get("split"), "faithfulness": e.get("faithfulness"), "interaction": e.get("interaction")}
if os.path.exists(f"{w}/logs/parity.json"):
    try:
        summary["parity"] = [{k: r.get(k) for k in ("Precision", "compared", "worst", "max_relative_error", "Tolerance", "passed", "Missing")}
                             for r in json.load(open(f"{w}/logs/parity.json"))]
    except Exception as ex:  # noqa: BLE001
        summary["parity"] = f"unreadable: {ex}"
json.dump(summary, open(out, "w"), indent=1)
print(json.dumps({k: v for k, v in summary.items() if k != "steps"}, indent=1))
for s in summary["steps"]:
    print(f"{s['step']:<16} rc {s['rc']:<8} {s['seconds']:>7.1f} s")
PY
}

export -f now since left safr unxz_cat s_locate s_gpu s_torch s_build s_unpack s_install_lts s_dotnet_probe s_parity s_train s_evaluate s_summary

main() {
  echo "safr GPU check: dry=$DRY budget=${BUDGET}s epochs=$EPOCHS cpu threads=$CPU_THREADS work=$W out=$OUT; $(date -u +%FT%TZ)"
  if [[ "$DRY" == 1 ]]; then
    # Defaults: the app build of the checkout above .gpu (or of the current directory) and the kit's patched library.
    local app d
    for d in "$(dirname "$G")" "$ROOT"; do
      app="$d/src/Safr.Cli/bin/Release/net10.0/runtimes/linux-x64/native"
      [[ -z "${DRY_TORCH_LIB:-}" && -f "$app/libtorch_cpu.so" ]] && export DRY_TORCH_LIB="$app"
    done
    [[ -n "${DRY_LTS:-}" ]] || DRY_LTS="$(ls "$HOME"/.cache/safr/torchsharp/*/libLibTorchSharp.so 2>/dev/null | head -1)"
    export DRY_LTS
    export TORCH_LIB="${DRY_TORCH_LIB:?set DRY_TORCH_LIB to a CPU libtorch folder}" NV_LIBS="" PY=python3
    : "${DRY_LTS:?set DRY_LTS to a loadable libLibTorchSharp.so}"
    echo "dry run: DRY_TORCH_LIB=$DRY_TORCH_LIB DRY_LTS=$DRY_LTS"
    step unpack 60 s_unpack || return 1
    step build 200 s_build
  else
    step locate 30 s_locate || { echo "FATAL: no python3 with torch"; return 1; }
    set -a; . "$W/locate.env"; set +a
    # The build (all cores) is the long pole (~2-3 min expected): it runs in the background while the GPU and
    # Python's torch are looked at and the runtime and app are unpacked. Its output comes after.
    step build 300 s_build > "$W/logs/build-step.log" 2>&1 &
    local bpid=$!
    step gpu 30 s_gpu
    step torch 90 s_torch
    [[ -f "$W/torch.env" ]] && { set -a; . "$W/torch.env"; set +a; }
    [[ "${TORCH_ABI_PY:-$TORCH_ABI}" == "$TORCH_ABI" ]] || echo "WARNING: torch says cxx11 abi $TORCH_ABI_PY, the build used $TORCH_ABI"
    step unpack 60 s_unpack
    echo "waiting for the build (t+$(since "$T0")s)"
    wait "$bpid"
    cat "$W/logs/build-step.log"
  fi
  [[ -f "$W/lts/libLibTorchSharp.so" ]] || { echo "FATAL: no libLibTorchSharp.so"; return 1; }
  step install-lts 90 s_install_lts
  step dotnet-probe 120 s_dotnet_probe || echo "WARNING: the TorchSharp probe failed; the runs below will show how"
  step parity 90 s_parity
  step train-cuda 180 s_train cuda "$DEV" "$CPU_THREADS"
  step evaluate 90 s_evaluate
  step train-cpu 240 s_train cpu cpu "$CPU_THREADS"
  if [[ -s "$W/failed-steps" ]]; then echo "FAILED steps: $(tr '\n' ' ' <"$W/failed-steps")"; return 1; fi
  echo "all steps passed"
  return 0
}

main 2>&1 | tee "$OUT/check.log"
rc=$?
{
  echo "=== [summary] (not budgeted)"; timeout -k 5 30 bash -c s_summary
  cp "$W"/lts-build/build.log "$OUT/build.log" 2>/dev/null
  [[ -f "$W/lts/libLibTorchSharp.so" ]] && xz -1 -c "$W/lts/libLibTorchSharp.so" >"$OUT/libLibTorchSharp.so.xz" 2>/dev/null  # for a later session
  [[ -s "$OUT/build.log" ]] && (( $(stat -c %s "$OUT/build.log") > 8000000 )) && tail -c 8000000 "$W/lts-build/build.log" >"$OUT/build.log"
  ( cd "$W" && tar -czf "$OUT/results.tar.gz" --exclude='*.safetensors' --exclude='*.so' --exclude='*.o' \
      $(ls -d steps.tsv failed-steps logs locate.env torch.env runs lts-build/*.txt lts-build/configure.log \
        lts-build/patched/obj/*.log lts-build/patched/obj/*.stubs lts-build/patched/src 2>/dev/null) )
  echo "check.sh: exit $rc after $(since "$T0")s; files in $OUT: $(ls "$OUT" | tr '\n' ' ')"
} 2>&1 | tee -a "$OUT/check.log"
exit $rc
