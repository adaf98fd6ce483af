#!/usr/bin/env bash
# Packs what a CUDA host with Python PyTorch but no Java and no internet needs to run our GPU
# checks (README, "A GPU host without Java"), under 64 MiB:
#   java/            a jlinked Java 17 runtime (with the JNI headers, for the glue build)
#   neuralode.jar    the runnable jar without PyTorch's natives and DJL's prebuilt JNI glue
#   jni-src/         DJL 0.35.1's PyTorch JNI glue sources and its generated header, built on the
#                    host against the host's own libtorch by run.sh
#   mnist/           (optional) the first 2,048 training and 1,000 test images of MNIST
#   run.sh           the runner: builds the glue, runs doctor, bench-mnist and mnist-anode on the
#                    GPU and writes results.json
#
# Usage: make-bundle.sh --djl-src DIR [--jar JAR] [--mnist DIR] [--out DIR]
#   --djl-src  a DJL source tree at tag v0.35.1 (git clone -b v0.35.1 --depth 1
#              https://github.com/deepjavalibrary/djl); only its PyTorch JNI sources are packed
#   --jar      a runnable jar built with -Pwithout-cpu-natives (default: build it here)
#   --mnist    a folder with the four MNIST idx files (experiments/scripts/fetch-mnist.sh)
#   --out      the bundle folder, new or empty (default: target/gpu-bundle)
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
LIMIT=$((64 * 1024 * 1024))
DJL_SRC=""
JAR=""
MNIST=""
OUT="$ROOT/target/gpu-bundle"

usage() {
  sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --djl-src) DJL_SRC="$2"; shift 2 ;;
    --jar) JAR="$2"; shift 2 ;;
    --mnist) MNIST="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) echo "make-bundle.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

NATIVE="$DJL_SRC/engines/pytorch/pytorch-native"
LIBRARY_JAVA="$DJL_SRC/engines/pytorch/pytorch-engine/src/main/java"
if [[ -z "$DJL_SRC" || ! -f "$NATIVE/CMakeLists.txt" || ! -f "$DJL_SRC/api/src/main/native/djl/utils.h" ]]; then
  echo "make-bundle.sh: --djl-src must be a DJL source tree at v0.35.1 (it needs" \
    "engines/pytorch/pytorch-native/CMakeLists.txt and api/src/main/native/djl/utils.h);" \
    "get one with: git clone -b v0.35.1 --depth 1 https://github.com/deepjavalibrary/djl" >&2
  exit 2
fi
if [[ -n "$MNIST" && ! -f "$MNIST/train-images-idx3-ubyte" ]]; then
  echo "make-bundle.sh: --mnist $MNIST has no train-images-idx3-ubyte:" \
    "fetch MNIST with experiments/scripts/fetch-mnist.sh" >&2
  exit 2
fi
if [[ -e "$OUT" && -n "$(ls -A "$OUT" 2>/dev/null)" ]]; then
  echo "make-bundle.sh: --out $OUT exists and is not empty: give a new or empty folder" >&2
  exit 2
fi
mkdir -p "$OUT"

# 1. The jar, without what the host does not use: other platforms' JNI glue (the host builds its
#    own), PDF export (the figures are PNGs) and JNA's natives for other systems.
if [[ -z "$JAR" ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests -Pwithout-cpu-natives package)
  JAR="$ROOT/experiments/target/neuralode.jar"
fi
java "$HERE/StripJar.java" "$JAR" "$OUT/neuralode.jar" jnilib/ org/apache/pdfbox/ \
  org/apache/fontbox/ com/sun/jna/win32- com/sun/jna/darwin com/sun/jna/aix- \
  com/sun/jna/sunos- com/sun/jna/freebsd- com/sun/jna/openbsd- com/sun/jna/dragonflybsd- \
  com/sun/jna/linux-arm com/sun/jna/linux-aarch64/ com/sun/jna/linux-ppc com/sun/jna/linux-mips \
  com/sun/jna/linux-s390x/ com/sun/jna/linux-riscv64/ com/sun/jna/linux-loongarch64/ \
  com/sun/jna/linux-x86/

# 2. A Java 17 runtime with the modules the jar uses; JNI headers kept for the glue build.
MODULES="$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps "$OUT/neuralode.jar")"
MODULES="$(echo "$MODULES,java.logging,jdk.unsupported" | tr ',' '\n' \
  | grep -v -e '^java.rmi$' -e '^java.scripting$' -e '^java.compiler$' -e '^$' | sort -u | paste -sd, -)"
jlink --add-modules "$MODULES" --strip-debug --no-man-pages --compress=2 --output "$OUT/java"
if command -v strip >/dev/null; then
  find "$OUT/java" -name '*.so' -exec strip --strip-unneeded {} +
fi

# 3. DJL's JNI glue sources in DJL's own layout, with the JNI header generated here (the host has
#    no javac).
mkdir -p "$OUT/jni-src/engines/pytorch/pytorch-native/build/include" "$OUT/jni-src/api/src/main"
cp "$NATIVE/CMakeLists.txt" "$OUT/jni-src/engines/pytorch/pytorch-native/"
cp -r "$NATIVE/src" "$OUT/jni-src/engines/pytorch/pytorch-native/"
cp -r "$DJL_SRC/api/src/main/native" "$OUT/jni-src/api/src/main/"
CLASSES="$(mktemp -d)"
javac -sourcepath "$LIBRARY_JAVA" "$LIBRARY_JAVA/ai/djl/pytorch/jni/PyTorchLibrary.java" \
  -h "$OUT/jni-src/engines/pytorch/pytorch-native/build/include" -d "$CLASSES" \
  -cp "$OUT/neuralode.jar" -nowarn
rm -rf "$CLASSES"

# 4. A small MNIST for mnist-anode --quick.
if [[ -n "$MNIST" ]]; then
  python3 "$HERE/mnist_subset.py" "$MNIST" "$OUT/mnist" 2048 1000
fi

# 5. The runner.
cp "$HERE/run.sh" "$OUT/run.sh"
chmod +x "$OUT/run.sh"
echo "neuralode GPU bundle, DJL 0.35.1, built $(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$OUT/BUNDLE"

SIZE="$(du -sb "$OUT" | cut -f1)"
echo "bundle: $OUT, $SIZE bytes (limit $LIMIT)"
if (( SIZE > LIMIT )); then
  echo "make-bundle.sh: the bundle is $SIZE bytes, over the 64 MiB limit" >&2
  exit 1
fi
