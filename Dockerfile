# Images of the neuralode command line (README, "Docker"); nothing downloads when a container runs.
#   CUDA 12.8 (default target; also runs on CPU):
#     docker build -t neuralode .
#     docker run --rm --gpus all -v "$PWD/data:/data" -v "$PWD/out:/out" neuralode \
#         mnist-anode --device gpu --data /data/mnist --out /out/mnist
#   CPU only (smaller, PyTorch's CPU natives from Maven Central inside the jar):
#     docker build --target cpu -t neuralode:cpu .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY core core
COPY models models
COPY data data
COPY experiments experiments
# Two runnable jars: with the CPU natives, and without them (DJL then loads the flavour that
# PYTORCH_FLAVOR names from its cache, filled at image build time below).
RUN mvn -B -q -DskipTests package \
 && cp experiments/target/neuralode.jar /src/neuralode-cpu.jar \
 && mvn -B -q -DskipTests -Pwithout-cpu-natives package \
 && cp experiments/target/neuralode.jar /src/neuralode-cuda.jar

FROM eclipse-temurin:17-jre AS cpu
WORKDIR /opt/neuralode
COPY --from=build /src/neuralode-cpu.jar neuralode.jar
ENV DJL_CACHE_DIR=/opt/neuralode/djl-cache
# Keep freed tensor memory inside the process instead of returning it to the kernel: without
# this, glibc maps and unmaps every large tensor (a conv state of batch 256 is 51 MB) and page
# faults took half of a conv ANODE iteration on CPU (26 s against 14 s; README, "Threads").
ENV MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736
# Extract the natives from the jar once, at build time.
RUN java -jar neuralode.jar warmup --out /tmp/warmup && rm -rf /tmp/warmup
ENTRYPOINT ["java", "-jar", "/opt/neuralode/neuralode.jar"]
CMD ["--help"]

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 AS cuda
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jre-headless ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /opt/neuralode
COPY --from=build /src/neuralode-cuda.jar neuralode.jar
ENV DJL_CACHE_DIR=/opt/neuralode/djl-cache PYTORCH_FLAVOR=cu128
ENV MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736
# DJL's own mechanism fetches PyTorch 2.7.1's cu128 natives and JNI glue into DJL_CACHE_DIR, once,
# here (the build needs the internet, no GPU); containers then start offline (the runner sets
# ai.djl.offline=true unless told otherwise).
RUN java -Dai.djl.offline=false -jar neuralode.jar warmup --out /tmp/warmup && rm -rf /tmp/warmup
ENTRYPOINT ["java", "-jar", "/opt/neuralode/neuralode.jar"]
CMD ["--help"]
