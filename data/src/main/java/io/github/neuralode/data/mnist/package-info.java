/**
 * MNIST and Fashion-MNIST from local idx files, plain or gzipped; nothing is downloaded.
 *
 * <ul>
 *   <li>{@link io.github.neuralode.data.mnist.MnistDataset}: a DJL {@code ArrayDataset} with a DJL
 *       builder ({@code setFolder}, {@code optUsage}, {@code optLimit}, {@code optFlatten}, {@code
 *       optKind}, {@code setSampling}).
 *   <li>{@link io.github.neuralode.data.mnist.IdxData}: the same examples as Java arrays, for
 *       experiments that batch by themselves.
 *   <li>{@link io.github.neuralode.data.mnist.IdxFiles}: locating and checking one idx file;
 *       {@link io.github.neuralode.data.mnist.MnistFiles}: the four standard file names.
 * </ul>
 *
 * <p>Get MNIST with {@code experiments/scripts/fetch-mnist.sh DIR}; Fashion-MNIST with {@code
 * apt-get install dataset-fashion-mnist}, which puts gzipped files in {@code
 * /usr/share/datasets/fashion-mnist}.
 */
package io.github.neuralode.data.mnist;
