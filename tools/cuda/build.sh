#!/usr/bin/env bash
# Builds libLibTorchSharp.so from .gpu/native against a torch install; see CMakeLists.txt for why it is ours.
# (tools/cuda/build.sh in the repository; it runs from the packed copy, .gpu/native/, whose src/Native holds the sources.)
#   build.sh BUILD_DIR OUTPUT.so            with TORCH_DIR=<torch package folder> (include/, lib/)
#   (or TORCH_INCLUDE_DIRS="a;b" TORCH_LIB_DIR=dir; LTS_SOURCES="x.cpp;y.cpp" builds only those; JOBS=N;
#    TORCH_CXX11_ABI=0|1, default 1; LTS_NO_CMAKE=1 forces the plain g++ path used when cmake is missing)
# Exit 0: every unit compiled as is.
# Exit 4: every unit compiled, but some functions did not compile against this torch and were stubbed
#         (stub_failed.py; listed in BUILD_DIR/stubbed.txt; calling one raises a TorchSharp exception naming it).
# Exit 3: some units still failed after stubbing; the others were linked anyway (BUILD_DIR/failed-units.txt;
#         TorchSharp binds P/Invokes lazily, so only calls into those units fail).
# Exit 1: nothing usable.
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="$1"; OUTPUT="$2"
JOBS="${JOBS:-$(nproc)}"
ABI="${TORCH_CXX11_ABI:-1}"
# The torch venv's bin (pip's cmake and ninja live there) on PATH, in case only its python3 was.
[[ -n "${PY:-}" ]] && PATH="$(dirname "$PY"):$PATH"
PYTHON="${PY:-python3}"
mkdir -p "$BUILD"
BUILD="$(cd "$BUILD" && pwd)"
if [[ -n "${TORCH_DIR:-}" ]]; then
  INCS="$TORCH_DIR/include;$TORCH_DIR/include/torch/csrc/api/include"; LIBDIR="$TORCH_DIR/lib"
else
  INCS="$TORCH_INCLUDE_DIRS"; LIBDIR="$TORCH_LIB_DIR"
fi
UNITS="${LTS_SOURCES:-THSTensor.cpp;THSNN.cpp;THSTensorMath.cpp;THSJIT.cpp;THSTensorConv.cpp;THSTensorFactories.cpp;THSLinearAlgebra.cpp;THSRandom.cpp;THSConvolution.cpp;THSSpecial.cpp;THSActivation.cpp;THSAutograd.cpp;THSData.cpp;THSExport.cpp;THSFFT.cpp;THSLoss.cpp;THSModule.cpp;THSNormalization.cpp;THSOptimizers.cpp;THSStorage.cpp;THSTorch.cpp;THSVision.cpp;Utils.cpp;cifar10.cpp;crc32c.c}"
# C++ standard: 17 (TorchSharp's), or what torch's own CMake config asks of its users if that is newer.
STD=17
if [[ -n "${TORCH_DIR:-}" && -f "$TORCH_DIR/share/cmake/Torch/TorchConfig.cmake" ]]; then
  s=$(grep -oE 'CXX_STANDARD [0-9]+' "$TORCH_DIR/share/cmake/Torch/TorchConfig.cmake" | grep -oE '[0-9]+' | sort -n | tail -1)
  [[ -n "$s" ]] && (( s > STD )) && STD=$s
fi
STD="${LTS_CXX_STD:-$STD}"
libs=()
for l in torch_cuda c10_cuda; do [[ -e "$LIBDIR/lib$l.so" ]] && libs+=("$LIBDIR/lib$l.so"); done
libs+=("$LIBDIR/libtorch.so" "$LIBDIR/libtorch_cpu.so" "$LIBDIR/libc10.so")
incflags=(); IFS=';' read -ra dirs <<<"$INCS"; for d in "${dirs[@]}"; do incflags+=(-I"$d"); done
export ABI STD HERE INCFLAGS="${incflags[*]}"

link() { # link OBJECTS... into OUTPUT
  g++ -shared -o "$OUTPUT" "$@" -Wl,--no-as-needed "${libs[@]}" -Wl,--as-needed \
    -Wl,-Bsymbolic -Wl,-Bsymbolic-functions -Wl,--build-id=sha1 -Wl,-rpath,"$LIBDIR"
}
# compile_unit SRCDIR UNIT OBJ LOG: the flags of CMakeLists.txt, for the plain path and for stubbed units.
compile_unit() {
  local cc; case "$2" in *.c) cc=(gcc -std=gnu11);; *) cc=(g++ -std=c++$STD);; esac
  # shellcheck disable=SC2086
  "${cc[@]}" -O1 -DNDEBUG -fPIC -fvisibility=hidden -fstack-protector-strong -w -D_GLIBCXX_USE_CXX11_ABI=$ABI \
    -D__LINUX__ -D_NO_ASYNCRTIMP -D_NO_PPLXIMP -I"$1" $INCFLAGS -idirafter "$HERE/compat" -c "$1/$2" -o "$3" >"$4" 2>&1
}
export -f compile_unit

: >"$BUILD/failed-units.txt"; : >"$BUILD/stubbed.txt"
if [[ "${LTS_NO_CMAKE:-0}" != 1 ]] && command -v cmake >/dev/null; then
  args=(-S "$HERE" -B "$BUILD" -DTORCH_CXX11_ABI="$ABI" -DTORCH_INCLUDE_DIRS="$INCS" -DTORCH_LIB_DIR="$LIBDIR" -DLTS_SOURCES="$UNITS" -DLTS_CXX_STD="$STD")
  if command -v ninja >/dev/null; then gen=(-G Ninja); keep=(-k 0); else gen=(-G "Unix Makefiles"); keep=(-k); fi
  echo "build.sh: $(cmake --version | head -1), ${gen[*]}, $(g++ --version | head -1), C++$STD, $JOBS jobs"
  cmake "${gen[@]}" "${args[@]}" >"$BUILD/configure.log" 2>&1 || { cat "$BUILD/configure.log"; echo "build.sh: configure failed"; exit 1; }
  cmake --build "$BUILD" --target LibTorchSharp -j "$JOBS" -- "${keep[@]}" >"$BUILD/build.log" 2>&1
  rc=$?
  if [[ $rc == 0 ]]; then
    cp "$BUILD/libLibTorchSharp.so" "$OUTPUT" && echo "build.sh: built $OUTPUT" && exit 0
  fi
  grep -E '^FAILED: ' "$BUILD/build.log" | grep -oE 'LibTorchSharp/[A-Za-z0-9_]+\.(cpp|c)' | sed 's#.*/##' | sort -u >"$BUILD/failed-units.txt"
  objdir="$BUILD/CMakeFiles/lts_obj.dir"
else
  echo "build.sh: no cmake; plain $(g++ --version | head -1), C++$STD, $JOBS jobs"
  mkdir -p "$BUILD/obj"
  tr ';' '\n' <<<"$UNITS" | BUILD="$BUILD" xargs -P "$JOBS" -I{} bash -c \
    'compile_unit "$0" {} "$BUILD/obj/{}.o" "$BUILD/obj/{}.log" || echo {} >>"$BUILD/failed-units.txt"' "$HERE/src/Native/LibTorchSharp"
  cat "$BUILD"/obj/*.log >"$BUILD/build.log" 2>/dev/null
  objdir="$BUILD/obj"
fi
mapfile -t objs < <(find "$objdir" -name '*.o' | sort)
if [[ ! -s "$BUILD/failed-units.txt" ]]; then
  link "${objs[@]}" && echo "build.sh: built $OUTPUT" && exit 0
  echo "build.sh: link failed"; exit 1
fi

echo "build.sh: units that failed: $(tr '\n' ' ' <"$BUILD/failed-units.txt")"
echo "build.sh: first errors:"; grep -E 'error' "$BUILD/build.log" | head -40
# Stub the functions that do not compile, unit by unit, up to 4 rounds each (in parallel).
P="$BUILD/patched"; rm -rf "$P"; mkdir -p "$P/obj"; cp -r "$HERE/src" "$P/"
rescue() {
  local u="$1" src="$P/src/Native/LibTorchSharp" log="$P/obj/$1.log" round
  for round in 1 2 3 4; do
    compile_unit "$src" "$u" "$P/obj/$u.o" "$log" && return 0
    cp "$log" "$P/obj/$u.round$round.log"
    "$PYTHON" "$HERE/stub_failed.py" "$src/$u" "$log" --unit "$u" >>"$P/obj/$u.stubs" || return 1
  done
  compile_unit "$src" "$u" "$P/obj/$u.o" "$log"
}
export -f rescue; export P PYTHON
xargs -P "$JOBS" -I{} bash -c 'rescue {} || echo {} >>"$P/still-failed.txt"' <"$BUILD/failed-units.txt"
cat "$P"/obj/*.stubs 2>/dev/null | tee "$BUILD/stubbed.txt"
mapfile -t rescued < <(find "$P/obj" -name '*.o' | sort)
objs+=("${rescued[@]}")
if [[ -s "$P/still-failed.txt" ]]; then
  cp "$P/still-failed.txt" "$BUILD/failed-units.txt"
  echo "build.sh: still failing after stubbing: $(tr '\n' ' ' <"$BUILD/failed-units.txt")"
  for u in $(cat "$BUILD/failed-units.txt"); do echo "--- $u"; grep -E 'error' "$P/obj/$u.log" | head -10; done
  echo "build.sh: linking ${#objs[@]} objects into $OUTPUT (units above missing)"
  link "${objs[@]}" || { echo "build.sh: partial link failed"; exit 1; }
  exit 3
fi
: >"$BUILD/failed-units.txt"
echo "build.sh: every unit compiled, $(grep -c '()$' "$BUILD/stubbed.txt") function(s) stubbed; linking ${#objs[@]} objects"
link "${objs[@]}" || { echo "build.sh: link failed"; exit 1; }
exit 4
