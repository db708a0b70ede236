# syntax=docker/dockerfile:1
#
# One image for every JustFit service (collector, etl, analyzer, reporter, scheduler, query-api).
#
#   docker build -t justfit:0.1.0 .                               # pick the service at run time
#   docker build -t justfit-etl:0.1.0 --build-arg SERVICE=etl .   # bake a default service in
#
# Select the service at run time with JUSTFIT_SERVICE, or give the command yourself:
#   docker run --read-only --tmpfs /tmp -v justfit-data:/data -e JUSTFIT_SERVICE=query-api \
#     -e NATS_URL=nats://nats:4222 -e CLICKHOUSE_URL=http://clickhouse:8123 -p 8080:8080 justfit:0.1.0
#   docker run ... -w /app/services/etl justfit:0.1.0 node dist/main.js
#
# The TypeScript is compiled at build time by scripts/build-services.ts (esbuild: one ES module per service,
# services/<name>/dist/main.js, with its source map); the image runs that JavaScript with plain Node, no tsx and no
# TypeScript sources. The test run executes the same script and starts every bundle against a real nats-server and
# ClickHouse (e2e/compiled-services.e2e.spec.ts), on the machine's Node and on Node 24 (fetched from the npm registry
# by scripts/install-tools.sh), since no Docker engine runs there.
# chDB (the embedded ClickHouse, ~540 MB, an optional dependency of libs/storage) is left out with --omit=optional:
# in the image every service reaches ClickHouse by CLICKHOUSE_URL.
# The root file system can be read-only: everything a run keeps goes under JUSTFIT_DATA_DIR=/data (a volume).

# NODE_IMAGE is the base image of every stage: Node 24, the LTS line supported longest (until April 2028; Node 20
# reached its end of life in April 2026). The code keeps running on Node >= 20.19 (package.json engines), which the
# bundles target. Pin it by digest in your registry for reproducible builds.
ARG NODE_IMAGE=node:24-bookworm-slim

# ---------------------------------------------------------------------------------------------------------
# manifests: only package.json / package-lock.json, so the dependency layers below stay cached while
# sources change (COPY --from compares content). Covers any workspace under libs/* and services/*.
FROM ${NODE_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir -p /manifests \
 && cp package-lock.json /manifests/ \
 && find . -maxdepth 3 -name node_modules -prune -o -name package.json -print \
    | xargs -I{} cp --parents {} /manifests/

# ---------------------------------------------------------------------------------------------------------
# build: every dependency but the optional ones (chDB), to compile the services.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY --from=manifests /manifests/ ./
# --omit=optional also drops esbuild's platform binary (@esbuild/linux-*, optional); esbuild's own install script
# then fetches that one package from the npm registry.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=optional
COPY tsconfig.base.json tsconfig.json ./
COPY libs ./libs
COPY services ./services
COPY scripts/build-services.ts ./scripts/
# The build fails if a bundle imports a package that is not a production dependency (it would be missing below).
# /out gets the bundles and the non-TypeScript files they read beside their sources (GraphQL schemas).
RUN node --import tsx scripts/build-services.ts \
 && mkdir -p /out \
 && find libs services -path '*/src/*' -type f ! -name '*.ts' -exec cp --parents {} /out/ \; \
 && find services -path '*/dist/*' -type f -exec cp --parents {} /out/ \;

# ---------------------------------------------------------------------------------------------------------
# deps: production dependencies only.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NODE_ENV=production \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm ci --omit=dev --omit=optional \
 && for forbidden in chdb @chdb tsx esbuild typescript; do \
      if [ -e "node_modules/$forbidden" ]; then echo "$forbidden must not be in the production image" >&2; exit 1; fi; \
    done

# ---------------------------------------------------------------------------------------------------------
# runtime
FROM ${NODE_IMAGE} AS runtime
# PDF_REPORTS=true adds Debian's Chromium (and a font), which the reporter drives to print PDF reports (~300 MB);
# false leaves it out (PDF reports then fail with a message saying so; JSON, HTML and XLSX work).
ARG PDF_REPORTS=true
# tini as PID 1 forwards SIGTERM to node and reaps zombies, so graceful shutdown (draining consumers) works.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
      $(if [ "$PDF_REPORTS" = "true" ]; then echo chromium fonts-dejavu-core; fi) \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 justfit \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin justfit \
 && mkdir -p /data \
 && chown 10001:10001 /data
WORKDIR /app
# Application files stay owned by root: user 10001 can read them, not change them.
COPY --from=deps /app ./
COPY --from=build /out/ ./

# SERVICE is the service started when no command is given (collector, etl, analyzer, reporter, scheduler or query-api);
# empty means "set JUSTFIT_SERVICE when running the container".
ARG SERVICE=""
# VERSION is recorded in the image labels (the chart's appVersion). BUILD (a build id or date) and COMMIT (the git
# commit built) are what each service reports in systemInfo: `--build-arg COMMIT=$(git rev-parse HEAD)`.
ARG VERSION="0.1.0"
ARG BUILD="development"
ARG COMMIT="unknown"
LABEL org.opencontainers.image.title="justfit" \
      org.opencontainers.image.description="JustFit services (collector, etl, analyzer, reporter, scheduler, query-api)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}"
# HOST: the services bind to 127.0.0.1 unless told otherwise; in a container they must listen on all interfaces.
# --enable-source-maps: stack traces name the TypeScript sources.
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HOST=0.0.0.0 \
    PORT=8080 \
    JUSTFIT_DATA_DIR=/data \
    JUSTFIT_SERVICE=${SERVICE} \
    JUSTFIT_BUILD=${BUILD} \
    JUSTFIT_COMMIT=${COMMIT}
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/bin/sh", "-c", "cd \"/app/services/${JUSTFIT_SERVICE:?set JUSTFIT_SERVICE to collector, etl, analyzer, reporter, scheduler or query-api}\" && exec node dist/main.js"]
