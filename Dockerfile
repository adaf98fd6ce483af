# First version (CPU): builds the runnable jar and runs experiments from one command.
#   docker build -t neuralode .
#   docker run --rm -v "$PWD/out:/out" neuralode demo --out /out/demo
# A later version adds the CUDA image (DJL's CUDA PyTorch natives fetched at image build time).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY core core
COPY models models
COPY data data
COPY experiments experiments
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/neuralode
COPY --from=build /src/experiments/target/neuralode.jar neuralode.jar
# Extract the PyTorch natives from the jar once, at build time, so containers start offline.
ENV DJL_CACHE_DIR=/opt/neuralode/djl-cache
RUN java -jar neuralode.jar demo --quick --out /tmp/warm-up && rm -rf /tmp/warm-up
# Keep freed tensor memory inside the process instead of returning it to the kernel: without
# this, glibc maps and unmaps every large tensor (a conv state of batch 256 is 51 MB) and page
# faults took half of a conv ANODE iteration on CPU (26 s against 14 s; README, "Threads").
ENV MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736
ENTRYPOINT ["java", "-jar", "/opt/neuralode/neuralode.jar"]
CMD ["--help"]
