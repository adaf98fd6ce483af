"""Writes the first images and labels of MNIST's idx files as smaller idx files.

Usage: python3 mnist_subset.py SOURCE_DIR TARGET_DIR TRAIN_COUNT TEST_COUNT

SOURCE_DIR holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and
t10k-labels-idx1-ubyte (uncompressed, as experiments/scripts/fetch-mnist.sh leaves them); the
targets have the same names and headers with the new counts.
"""
import os
import struct
import sys


def copy_head(source, target, count):
    with open(source, "rb") as f:
        magic = f.read(4)
        dims = magic[3]
        sizes = list(struct.unpack(">" + "I" * dims, f.read(4 * dims)))
        if count > sizes[0]:
            raise SystemExit(f"{source} holds {sizes[0]} items, fewer than {count}")
        item = 1
        for s in sizes[1:]:
            item *= s
        body = f.read(count * item)
    sizes[0] = count
    with open(target, "wb") as f:
        f.write(magic)
        f.write(struct.pack(">" + "I" * dims, *sizes))
        f.write(body)


def main():
    source, target, train, test = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    os.makedirs(target, exist_ok=True)
    for name, count in [
        ("train-images-idx3-ubyte", train),
        ("train-labels-idx1-ubyte", train),
        ("t10k-images-idx3-ubyte", test),
        ("t10k-labels-idx1-ubyte", test),
    ]:
        copy_head(os.path.join(source, name), os.path.join(target, name), count)


if __name__ == "__main__":
    main()
