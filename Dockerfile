# CORS Lab: one image holding both servers (server-a, server-b) and the page.
#
#   docker compose up          # builds this file once, runs it twice
#
# Stages:
#   chef     the official Rust image plus cargo-chef
#   planner  turns the workspace's manifests and Cargo.lock into recipe.json
#   builder  compiles the dependencies from recipe.json alone (a cached layer),
#            then the lab's own crates
#   runtime  Debian slim, a non-root user, the two binaries and static/
#
# The dependency layer depends only on recipe.json, which changes only when a
# Cargo.toml or Cargo.lock does. Editing a lesson (lessons/catalogue/*.toml),
# the page (static/) or any of the lab's Rust code rebuilds the lab's own
# crates, never actix and the rest of the dependencies.
#
# No BuildKit-only syntax (no RUN --mount, no heredocs): the file builds with
# the classic builder too, which is what docker-compose 1.29 uses.

FROM rust:1-bookworm AS chef
# One version, so every machine cooks the same way.
RUN cargo install cargo-chef --locked --version 0.1.78 \
 && rm -rf "$CARGO_HOME/registry" "$CARGO_HOME/git"
WORKDIR /src

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /src/recipe.json recipe.json
# Dependencies only. Same packages and profile as the build below, so that
# cargo finds every dependency fresh there.
RUN cargo chef cook --release --locked -p server-a -p server-b --recipe-path recipe.json
COPY . .
RUN cargo build --release --locked -p server-a -p server-b \
 && mkdir -p /out \
 && cp target/release/server-a target/release/server-b /out/

FROM debian:bookworm-slim AS runtime
# No packages: the binaries need only glibc and libgcc_s, both in the base.
# The healthcheck is a subcommand of each binary, so there is no curl either.
RUN groupadd --system --gid 10001 lab \
 && useradd --system --uid 10001 --gid lab --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin lab
COPY --from=builder /out/server-a /out/server-b /usr/local/bin/
COPY static/ /app/static/
WORKDIR /app
# Inside a container the servers must listen on every interface; the origins
# (API_ORIGIN, ALLOWED_ORIGINS) are the ones the browser sees and are set by
# docker-compose.yml.
ENV BIND=0.0.0.0 \
    STATIC_DIR=/app/static \
    RUST_LOG=info
USER 10001:10001
EXPOSE 8080 8081 8082
# docker-compose.yml picks the server per service (command: server-a / server-b).
CMD ["server-a"]
