# Polity server image: docker build -t polity . && docker run -p 8080:8080 -v polity-data:/data polity
# See docs/operations.md for configuration, keys, PostgreSQL, upgrades.

# ---- build -------------------------------------------------------------------------------------------
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY federation/ federation/
COPY server/ server/
COPY web/ web/
COPY config/ config/
# The reactor lists the bench module (the load benchmarks, not part of the image): its pom only, not built.
COPY bench/pom.xml bench/pom.xml
# The Maven repository is cached between builds (BuildKit); the tests run in CI, not in the image build.
RUN --mount=type=cache,target=/root/.m2 mvn -B -DskipTests -pl server -am package \
 && test -f server/target/polity.jar

# ---- runtime -----------------------------------------------------------------------------------------
FROM eclipse-temurin:17-jre

# A fixed uid/gid, so a volume or host directory can be prepared with the right owner (chown 10001:10001).
ARG POLITY_UID=10001
RUN groupadd --system --gid "${POLITY_UID}" polity \
 && useradd --system --uid "${POLITY_UID}" --gid polity --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin polity \
 && mkdir -p /app /data \
 && chown polity:polity /data \
 && chmod 0700 /data

COPY --from=build /src/server/target/polity.jar /app/polity.jar

# Start-up: C1 only and the serial collector (half the CPU of the defaults while starting), and an AppCDS
# archive made here by one training start, so every container maps ~7,000 pre-parsed, pre-verified classes
# instead of loading them from the jar (docs/BENCHMARKS.md). If training fails the image still works,
# only slower to start: -Xshare:auto ignores a missing archive.
ENV JAVA_FLAGS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=50"
RUN set -eu; \
    train="$(mktemp -d)"; \
    POLITY_DATA_DIR="$train" POLITY_PORT=18080 POLITY_BIND=127.0.0.1 \
      java $JAVA_FLAGS -XX:ArchiveClassesAtExit=/app/polity.jsa -Xlog:cds=off -Xlog:cds+dynamic=off \
      -jar /app/polity.jar serve > "$train.log" 2>&1 & pid=$!; \
    for i in $(seq 1 240); do \
      if curl -fs -o /dev/null http://127.0.0.1:18080/healthz; then break; fi; sleep 0.5; \
    done; \
    curl -fs -o /dev/null http://127.0.0.1:18080/ || true; \
    kill -TERM "$pid"; wait "$pid" || true; \
    rm -rf "$train" "$train.log"; \
    if [ -f /app/polity.jsa ]; then chmod 0444 /app/polity.jsa; ls -l /app/polity.jsa; \
    else echo "warning: no AppCDS archive was made; the server will start without it"; fi

ENV POLITY_DATA_DIR=/data \
    POLITY_BIND=0.0.0.0 \
    POLITY_PORT=8080

USER polity
WORKDIR /data
VOLUME ["/data"]
EXPOSE 8080

# curl is part of the eclipse-temurin Ubuntu images. /healthz answers 200 once the instance is ready and its
# database answers.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${POLITY_PORT:-8080}/healthz" || exit 1

# exec form: java is PID 1 and receives SIGTERM from `docker stop` for a graceful shutdown. Extra JVM flags
# (for example -Xmx1g) go in JAVA_TOOL_OPTIONS; arguments after the image name replace "serve", so
# `docker exec <container> java -jar /app/polity.jar user create ...` and
# `docker run --rm -v polity-data:/data polity user create ...` both work.
ENTRYPOINT ["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=50", \
            "-XX:SharedArchiveFile=/app/polity.jsa", "-Xshare:auto", "-Xlog:cds=off", \
            "-jar", "/app/polity.jar"]
CMD ["serve"]
