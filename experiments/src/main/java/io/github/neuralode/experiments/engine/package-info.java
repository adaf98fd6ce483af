/**
 * The engine and its devices as the command line sees them: {@code DeviceOption} and {@code
 * DeviceChoice} ({@code --device cpu|gpu|gpu:N|auto}), {@code EngineDescription} (engine,
 * versions, native flavour, GPUs, threads; logged at the start of every command), and the
 * {@code doctor} and {@code warmup} commands.
 */
package io.github.neuralode.experiments.engine;
