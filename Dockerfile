# CORS Lab: one image holding both servers (server-a, server-b) and the page.
#
#   docker compose up          # builds this file once, runs it twice
#
# Stages:
#   skeleton  the workspace reduced to what cargo needs to build the
#             dependencies: every Cargo.toml, Cargo.lock, and an empty stand-in
#             for each crate root (lib.rs, main.rs, src/bin/*.rs, build.rs);
#             beside it, the Rust sources alone (no lesson file, no page)
#   builder   compiles the dependencies against the skeleton (a cached layer),
#             then the lab's own crates from the Rust sources
#   runtime   Debian slim, a non-root user, the two binaries, then the page
#             (static/) and the lessons (lessons/catalogue), read at start
#
# The dependency layer depends only on the skeleton, which changes only when a
# Cargo.toml or Cargo.lock does, or a crate root is added or removed. Editing
# the lab's Rust code rebuilds the lab's own crates, never actix and the rest
# of the dependencies. Editing a lesson or the page compiles nothing: the
# builder sees the same Rust sources, so its layers come from the cache, and
# only the last layer of the image is new. The skeleton is made with find and
# sh: no tool to compile before the lab (cargo-chef cost about a minute of
# every cold build).
#
# No BuildKit-only syntax (no RUN --mount, no heredocs): the file builds with
# the classic builder too, which is what docker-compose 1.29 uses.

FROM rust:1-bookworm AS skeleton
WORKDIR /src
COPY . .
# Stand-ins: a library root is empty; a binary root or a build script is an
# empty main. Docker's cache key for a COPY ignores modification times, so the
# skeleton of an unchanged workspace hits the cache below.
RUN set -eu; mkdir /skeleton; \
    find . -path ./target -prune -o \( -name Cargo.toml -o -name Cargo.lock \) -print \
      | while read -r f; do cp --parents "$f" /skeleton/; done; \
    find . -path ./target -prune -o -type f \( -path '*/src/lib.rs' -o -path '*/src/main.rs' \
      -o -path '*/src/bin/*.rs' -o -name build.rs \) -print \
      | while read -r f; do \
          mkdir -p "/skeleton/${f%/*}"; \
          case $f in */lib.rs) : >"/skeleton/$f" ;; *) echo 'fn main() {}' >"/skeleton/$f" ;; esac; \
        done
# The Rust sources: everything but the lessons and the page, which the servers
# read at start. Docker keys a COPY --from by content, so a lesson edit leaves
# this folder, and every builder layer, as it was.
RUN mkdir /sources \
 && tar -C /src --exclude=./target --exclude=./static --exclude=./lessons/catalogue -cf - . \
      | tar -C /sources -xf -

FROM rust:1-bookworm AS builder
WORKDIR /src
COPY --from=skeleton /skeleton/ ./
# Dependencies only. Same packages and profile as the build below, so that
# cargo finds every dependency fresh there.
RUN cargo build --release --locked -p server-a -p server-b
COPY --from=skeleton /sources/ ./
# The real sources may be older than the stand-ins just compiled (COPY keeps
# the context's times): touch them, so that cargo rebuilds the lab's crates.
# /out holds the binaries where they go, for one COPY below.
RUN find . -path ./target -prune -o -name '*.rs' -exec touch {} + \
 && cargo build --release --locked -p server-a -p server-b \
 && mkdir -p /out/usr/local/bin \
 && cp target/release/server-a target/release/server-b /out/usr/local/bin/

FROM debian:bookworm-slim AS runtime
# No packages: the binaries need only glibc and libgcc_s, both in the base.
# The healthcheck is a subcommand of each binary, so there is no curl either.
# /app/tls is the lab user's: a named volume mounted there starts with its
# owner, so server-b can make the lab's CA in it.
RUN groupadd --system --gid 10001 lab \
 && useradd --system --uid 10001 --gid lab --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin lab \
 && mkdir -p /app/tls && chown 10001:10001 /app/tls && chmod 700 /app/tls
WORKDIR /app
# Inside a container the servers must listen on every interface; the origins
# (API_ORIGIN, ALLOWED_ORIGINS) are the ones the browser sees and are set by
# docker-compose.yml.
ENV BIND=0.0.0.0 \
    STATIC_DIR=/app/static \
    LESSONS_DIR=/app/lessons \
    LAB_TLS_DIR=/app/tls \
    RUST_LOG=info
USER 10001:10001
EXPOSE 8080 8081 8082 8443
# docker-compose.yml picks the server per service (command: server-a / server-b).
CMD ["server-a"]
# Last, so that every step above stays cached when the lab changes, and in
# the order they change least to most often: the two binaries
# (/usr/local/bin), the page (/app/static), the lessons (/app/lessons). Owned
# by root and read-only to the lab user, as COPY leaves them whatever USER says.
COPY --from=builder /out/ /
COPY static /app/static
COPY lessons/catalogue /app/lessons
