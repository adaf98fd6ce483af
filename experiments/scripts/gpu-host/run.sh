#!/usr/bin/env bash
# Runs the GPU checks on a CUDA host that has Python PyTorch but no Java (README, "A GPU host
# without Java"): builds DJL's JNI glue against the host's libtorch once (CMake, the torch headers
# and the CUDA toolkit), then runs `doctor --device gpu`, `bench-mnist --quick --device gpu` and,
# when the bundle has MNIST, `mnist-anode --quick --device gpu`, and writes RESULTS/results.json
# with each command's results and exit status. Usage: run.sh [RESULTS_DIR] (default ./results).
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
RESULTS="${1:-$PWD/results}"
PYTHON="${PYTHON:-python3}"
mkdir -p "$RESULTS"
LOG="$RESULTS/run.log"
: > "$LOG"

read -r TORCH_LIB TORCH_VERSION TORCH_CUDA TORCH_CMAKE < <("$PYTHON" - <<'PY'
import os, torch
print(os.path.join(os.path.dirname(torch.__file__), "lib"),
      torch.__version__.split("+")[0],
      (torch.version.cuda or "").replace(".", ""),
      torch.utils.cmake_prefix_path)
PY
)
if [[ -z "${TORCH_LIB:-}" ]]; then
  echo "run.sh: $PYTHON cannot import torch" | tee -a "$LOG" >&2
  exit 1
fi
FLAVOR="cpu"
[[ -n "$TORCH_CUDA" ]] && FLAVOR="cu$TORCH_CUDA"

export JAVA_HOME="$HERE/java"
export DJL_CACHE_DIR="$HERE/djl-cache"
export PYTORCH_LIBRARY_PATH="$TORCH_LIB"
export PYTORCH_VERSION="$TORCH_VERSION"
export PYTORCH_FLAVOR="$FLAVOR"
echo "torch $TORCH_VERSION ($FLAVOR) at $TORCH_LIB" | tee -a "$LOG"

# DJL looks for its glue in the cache as <version>-<flavour>-<classifier>/<djl>-libdjl_torch.so.
GLUE_DIR="$DJL_CACHE_DIR/pytorch/$TORCH_VERSION-$FLAVOR-linux-x86_64"
GLUE="$GLUE_DIR/0.35.1-libdjl_torch.so"
if [[ ! -f "$GLUE" ]]; then
  SRC="$HERE/jni-src/engines/pytorch/pytorch-native"
  USE_CUDA=""
  [[ "$FLAVOR" == cu* ]] && USE_CUDA=1
  (
    cd "$SRC" && mkdir -p build && cd build \
      && cmake -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$TORCH_CMAKE" \
        -DJAVA_HOME="$JAVA_HOME" -DUSE_CUDA="$USE_CUDA" .. \
      && ninja
  ) >> "$LOG" 2>&1
  if [[ ! -f "$SRC/build/libdjl_torch.so" ]]; then
    echo "run.sh: building DJL's JNI glue against torch $TORCH_VERSION failed (see $LOG)" >&2
    "$PYTHON" -c "import json,sys; json.dump({'glue_build': 'failed', 'torch': sys.argv[1]}, open(sys.argv[2], 'w'), indent=2)" \
      "$TORCH_VERSION" "$RESULTS/results.json"
    exit 1
  fi
  mkdir -p "$GLUE_DIR" && cp "$SRC/build/libdjl_torch.so" "$GLUE"
fi

JAVA="$JAVA_HOME/bin/java"
STATUS=()
run() {
  local name="$1"; shift
  echo "== $name: $*" | tee -a "$LOG"
  "$JAVA" -Dai.djl.offline=true -jar "$HERE/neuralode.jar" "$@" --out "$RESULTS/$name" >> "$LOG" 2>&1
  local rc=$?
  echo "== $name: exit $rc" | tee -a "$LOG"
  STATUS+=("$name=$rc")
}
run doctor doctor --device gpu
run bench-mnist bench-mnist --quick --device gpu
if [[ -d "$HERE/mnist" ]]; then
  run mnist-anode mnist-anode --quick --device gpu --data "$HERE/mnist"
fi

"$PYTHON" - "$RESULTS" "$TORCH_VERSION" "$FLAVOR" "${STATUS[@]}" <<'PY'
import json, os, sys
results, version, flavour, statuses = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
merged = {"torch": version, "flavour": flavour}
for entry in statuses:
    name, code = entry.split("=")
    merged[name + "_exit"] = int(code)
    path = os.path.join(results, name, "results.json")
    if os.path.exists(path):
        merged[name] = json.load(open(path))
json.dump(merged, open(os.path.join(results, "results.json"), "w"), indent=2)
print(json.dumps({k: v for k, v in merged.items() if not isinstance(v, dict)}))
PY
