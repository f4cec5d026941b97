#!/usr/bin/env bash
# compose-smoke.sh: run the lab the way a learner does, `docker compose up`,
# and drive the browser suite against the running containers.
#
#   scripts/compose-smoke.sh
#
# Steps:
#   1. base images: the ones the Dockerfile names (FROM ...). When the engine
#      has no copy and cannot pull one (a machine with no image registry), a
#      stand-in is built locally and tagged with the same name:
#        debian:bookworm-slim  a Debian bookworm root made with debootstrap
#                              from this machine's own Debian mirror, slimmed
#                              like the official image, loaded with
#                              `docker import`;
#        rust:1-bookworm       that Debian root plus gcc and the host's Rust
#                              toolchain (and the host's CA bundle, so that
#                              cargo reaches crates.io through this network).
#      Stand-ins are labelled org.cors-lab.stand-in=true and kept between runs.
#   2. builds the lab image with the project's docker-compose.yml (the real
#      Dockerfile: dependencies cached in their own layer), and prints whether
#      the build was cold (dependencies compiled) or warm (from the cache),
#      its seconds and the image's size;
#   3. `up -d`, waits until both healthchecks pass, prints the time it took;
#      then checks the names the servers answer to (421 for a foreign Host),
#      what "Check your API" reaches (server-b, a port of this machine), and
#      server-b's https port (the CA from /lab-ca.pem, HTTP/2);
#   4. runs the browser suite against the containers (LAB_A_URL, LAB_B_URL,
#      LAB_REQUIRE_BROWSER=1);
#   5. tears the stack down, also on failure (the image and the build cache
#      are kept, so the next run is fast).
#
# What this proves, and what it cannot: it uses the repository's
# docker-compose.yml unchanged and the real Dockerfile, so the build, the
# healthchecks, the published ports and the origins the browser sees are all
# exercised. It cannot prove the pull of the official base images on a machine
# without an image registry (the stand-ins above take their tags), nor Compose
# v2 where only docker-compose 1.29 is installed: the compose file is written
# for both (no `version:` key, one service builds the shared image).
#
# Environment (all optional):
#   LAB_A_PORT, LAB_B_PORT, LAB_C_PORT, LAB_B_TLS_PORT  published ports
#                           (default 8080/8081/8082/8443, or free ones when
#                           those are taken)
#   LOGIN_BURST             passed to server-b (default here: 1000, the whole
#                           suite logs in from one address)
#   SESSION_KEY             passed to server-b (default: a random one, so the
#                           pass-through is exercised)
#   LAB_SMOKE_PROJECT       compose project name (default corslab-smoke)
#   LAB_SMOKE_HEALTH_TIMEOUT seconds to wait for healthy (default 120)
#   LAB_SMOKE_SKIP_TESTS=1  stop after the healthchecks
#   LAB_SMOKE_COLD=1        build with --no-cache: a learner's first build
#                           (base images present, nothing of the lab cached),
#                           without deleting anyone's cache
#   LAB_IMAGE               the image's tag (default cors-lab:local; the
#                           compose file reads it too), so that two checkouts
#                           can run this on one engine at once
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

START=$EPOCHREALTIME
log() { printf '[compose-smoke %6.1fs] %s\n' "$(elapsed "$START")" "$*"; }
die() { log "FAIL: $*"; exit 1; }
elapsed() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

PROJECT=${LAB_SMOKE_PROJECT:-corslab-smoke}
HEALTH_TIMEOUT=${LAB_SMOKE_HEALTH_TIMEOUT:-120}
LAB_IMAGE=${LAB_IMAGE:-cors-lab:local}
export LAB_IMAGE
STANDIN_LABEL=org.cors-lab.stand-in
WORK=$(mktemp -d /tmp/compose-smoke.XXXXXX)
# Logs are kept after the run (target/ is ignored by git and by docker).
LOGS=${CARGO_TARGET_DIR:-$ROOT/target}/compose-smoke
mkdir -p "$LOGS"

# ---------------------------------------------------------------- engine ----
docker info >/dev/null 2>&1 || die "no Docker engine answers (docker info)"
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
else
  if ! command -v docker-compose >/dev/null 2>&1; then
    [[ $(id -u) == 0 ]] || die "neither 'docker compose' nor 'docker-compose' is installed"
    log "installing Debian's docker-compose"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  fi
  COMPOSE=(docker-compose)
fi
log "engine $(docker version -f '{{.Server.Version}}' 2>/dev/null); compose: ${COMPOSE[*]} $("${COMPOSE[@]}" version --short 2>/dev/null || echo '?')"
COMPOSE+=(-p "$PROJECT" -f docker-compose.yml)

# docker without the buildx plugin: use the classic builder explicitly.
if ! docker buildx version >/dev/null 2>&1; then
  export DOCKER_BUILDKIT=0
fi

STACK_UP=0
cleanup() {
  local rc=$?
  if [[ $STACK_UP == 1 ]]; then
    "${COMPOSE[@]}" logs --no-color >"$LOGS/containers.log" 2>&1 || true
    if [[ $rc != 0 ]]; then
      log "failure: state and last log lines of the containers"
      "${COMPOSE[@]}" ps || true
      tail -60 "$LOGS/containers.log" || true
    fi
    log "container logs: $LOGS/containers.log ($(wc -l <"$LOGS/containers.log") lines)"
    log "tearing down the stack"
    "${COMPOSE[@]}" down --remove-orphans --volumes --timeout 5 >/dev/null 2>&1 \
      || "${COMPOSE[@]}" down --remove-orphans >/dev/null 2>&1 || true
  fi
  rm -rf "$WORK"
  if [[ $rc == 0 ]]; then log "done"; else log "exit $rc"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------ base images ----
image_exists() { docker image inspect "$1" >/dev/null 2>&1; }
is_standin() { [[ $(docker image inspect -f "{{ index .Config.Labels \"$STANDIN_LABEL\" }}" "$1" 2>/dev/null) == true ]]; }

# The Debian mirror this machine's apt uses (deb822 .sources or one-line .list).
debian_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $f ]] || continue
    uri=$(awk '
      /^[[:space:]]*#/ { next }
      /^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }
      /^deb[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { if ($i ~ /\/debian\/?$/) { print $i; exit } else break } }
    ' "$f")
    if [[ -n $uri ]]; then echo "${uri%/}"; return; fi
  done
  echo "http://deb.debian.org/debian"
}

need_root_tool() {  # need_root_tool COMMAND DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 && return
  [[ $(id -u) == 0 ]] || die "$1 is missing (apt-get install $2)"
  log "installing $2"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

# Stand-in for debian:bookworm-slim: debootstrap minbase, slimmed the way the
# official image is (no docs, man pages, locales, apt lists or .deb cache).
build_standin_debian() {  # build_standin_debian TAG SUITE
  local tag=$1 suite=$2 mirror root
  need_root_tool debootstrap debootstrap
  mirror=$(debian_mirror)
  root=$WORK/rootfs-$suite
  log "stand-in $tag: debootstrap --variant=minbase $suite from $mirror"
  local t=$EPOCHREALTIME
  debootstrap --variant=minbase "$suite" "$root" "$mirror" >"$LOGS/debootstrap.log" 2>&1 \
    || { tail -20 "$LOGS/debootstrap.log"; die "debootstrap failed"; }
  mkdir -p "$root/etc/dpkg/dpkg.cfg.d" "$root/etc/apt/apt.conf.d"
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache ""; Dir::Cache::srcpkgcache "";
EOF
  printf 'APT::Install-Recommends "false";\nAPT::AutoRemove::SuggestsImportant "false";\n' \
    >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
  printf 'Acquire::Languages "none";\n' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,groff,info,lintian,linda,locale}/* \
         "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin \
         "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/var/log/apt/* \
         "$root"/var/cache/ldconfig/aux-cache
  tar --numeric-owner -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --change "LABEL $STANDIN_LABEL=true org.cors-lab.stand-in.source=debootstrap:$suite" \
    - "$tag" >/dev/null
  rm -rf "$root"
  log "stand-in $tag built in $(elapsed "$t")s ($(image_size "$tag"))"
}

# Stand-in for rust:1-bookworm: the Debian stand-in plus a C toolchain and the
# host's Rust toolchain, laid out like the official image (CARGO_HOME=/usr/local/cargo).
build_standin_rust() {  # build_standin_rust TAG BASE
  local tag=$1 base=$2 sysroot ctx version
  command -v rustc >/dev/null 2>&1 || die "no host Rust toolchain to make the $tag stand-in from"
  sysroot=$(rustc --print sysroot)
  version=$(rustc --version | awk '{print $2}')
  ctx=$WORK/rust-standin
  mkdir -p "$ctx/toolchain"
  log "stand-in $tag: $base + gcc + host toolchain $version ($sysroot)"
  local t=$EPOCHREALTIME d
  for d in bin lib libexec; do
    [[ -d $sysroot/$d ]] && cp -a "$sysroot/$d" "$ctx/toolchain/"
  done
  rm -rf "$ctx/toolchain/lib/rustlib/src" "$ctx/toolchain/lib/rustlib/rustc-src"
  cp /etc/ssl/certs/ca-certificates.crt "$ctx/host-ca-certificates.crt"
  cat >"$ctx/Dockerfile" <<EOF
FROM $base
RUN apt-get update \\
 && apt-get install -y --no-install-recommends ca-certificates gcc libc6-dev make pkg-config libssl-dev git \\
 && rm -rf /var/lib/apt/lists/*
# This machine's network trusts its own CA: the host's bundle, so that cargo
# inside builds reaches crates.io exactly as cargo on the host does.
COPY host-ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY toolchain/ /usr/local/rust/
ENV CARGO_HOME=/usr/local/cargo \\
    RUSTUP_HOME=/usr/local/rustup \\
    RUST_VERSION=$version \\
    PATH=/usr/local/cargo/bin:/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
RUN mkdir -p "\$CARGO_HOME/bin" && rustc --version && cargo --version
LABEL $STANDIN_LABEL=true org.cors-lab.stand-in.source="host toolchain $version"
EOF
  docker build -q -t "$tag" "$ctx" >"$LOGS/rust-standin.log" 2>&1 \
    || { tail -30 "$LOGS/rust-standin.log"; die "building the $tag stand-in failed"; }
  rm -rf "$ctx"
  log "stand-in $tag built in $(elapsed "$t")s ($(image_size "$tag"))"
}

image_size() { docker image inspect -f '{{.Size}}' "$1" | awk '{ printf "%.1f MB", $1 / 1e6 }'; }

ensure_base_image() {  # ensure_base_image NAME
  local name=$1
  if image_exists "$name"; then
    if is_standin "$name"; then log "base $name: cached stand-in"; else log "base $name: present"; fi
    return
  fi
  log "base $name: not present, trying to pull"
  if timeout 300 docker pull -q "$name" >"$WORK/pull.log" 2>&1; then
    log "base $name: pulled"
    return
  fi
  log "base $name: cannot be pulled ($(head -c 160 "$WORK/pull.log" | tr '\n' ' '))"
  case $name in
    debian:*-slim) build_standin_debian "$name" "$(sed -E 's/^debian:([a-z]+)-slim$/\1/' <<<"$name")" ;;
    rust:*-*)
      local suite=${name##*-}
      ensure_base_image "debian:$suite-slim"
      build_standin_rust "$name" "debian:$suite-slim" ;;
    *) die "no stand-in recipe for base image $name" ;;
  esac
}

# Base images named by the Dockerfile (stage names excluded).
mapfile -t BASES < <(awk 'toupper($1) == "FROM" { print $2 }' Dockerfile | sort -u)
for b in "${BASES[@]}"; do
  grep -qiE "^FROM[[:space:]]+[^[:space:]]+[[:space:]]+AS[[:space:]]+$b\$" Dockerfile && continue
  # Build the Debian image first: the Rust stand-in is made from it.
  [[ $b == debian:* ]] && ensure_base_image "$b"
done
for b in "${BASES[@]}"; do
  grep -qiE "^FROM[[:space:]]+[^[:space:]]+[[:space:]]+AS[[:space:]]+$b\$" Dockerfile && continue
  [[ $b == debian:* ]] || ensure_base_image "$b"
done

# ------------------------------------------------------------------ ports ----
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for p in $(seq "$1" $(($1 + 200))); do
    port_busy "$p" || { echo "$p"; return; }
  done
  die "no free port from $1"
}
if [[ -z ${LAB_A_PORT:-} ]]; then
  LAB_A_PORT=8080; port_busy 8080 && LAB_A_PORT=$(free_port 18080)
fi
if [[ -z ${LAB_B_PORT:-} ]]; then
  LAB_B_PORT=8081; port_busy 8081 && LAB_B_PORT=$(free_port 18180)
fi
if [[ -z ${LAB_C_PORT:-} ]]; then
  LAB_C_PORT=8082; port_busy 8082 && LAB_C_PORT=$(free_port 18280)
fi
if [[ -z ${LAB_B_TLS_PORT:-} ]]; then
  LAB_B_TLS_PORT=8443; port_busy 8443 && LAB_B_TLS_PORT=$(free_port 18443)
fi
export LAB_A_PORT LAB_B_PORT LAB_C_PORT LAB_B_TLS_PORT
if [[ -z ${SESSION_KEY:-} ]]; then
  # 128 hex characters: at least 64 bytes whether read raw, as hex or as base64.
  SESSION_KEY=$(od -An -N64 -tx1 /dev/urandom | tr -d ' \n')
fi
export SESSION_KEY
# Every test of the browser suite logs in to the one server-b from the same
# address (in-process, each test has a server-b and a login limit of its own):
# the default burst of 30 is a learner's, not a suite's. The compose file
# passes LOGIN_BURST through, so this also proves the pass-through.
export LOGIN_BURST="${LOGIN_BURST:-1000}"
A_URL="http://localhost:$LAB_A_PORT"
B_URL="http://localhost:$LAB_B_PORT"
B_TLS_URL="https://localhost:$LAB_B_TLS_PORT"
log "ports: server-a $A_URL, server-b $B_URL and $B_TLS_URL, the attacker's site http://localhost:$LAB_C_PORT"

# ------------------------------------------------------------------ build ----
"${COMPOSE[@]}" config -q || die "docker-compose.yml does not validate"
# A run that was killed may have left its containers behind.
"${COMPOSE[@]}" down --remove-orphans >/dev/null 2>&1 || true
BUILD_ARGS=()
[[ ${LAB_SMOKE_COLD:-0} == 1 ]] && BUILD_ARGS+=(--no-cache)
log "building $LAB_IMAGE with ${COMPOSE[*]} build ${BUILD_ARGS[*]} (log: $LOGS/build.log)"
t=$EPOCHREALTIME
STACK_UP=1   # from here on a failure tears down whatever exists
# Each line of the log starts with the seconds since the build began, so that
# the steps' durations can be read off below.
stamp() { local line; while IFS= read -r line; do printf '[%6.1fs] %s\n' "$(elapsed "$t")" "$line"; done; }
if ! "${COMPOSE[@]}" build "${BUILD_ARGS[@]}" server-b 2>&1 | stamp >"$LOGS/build.log"; then
  tail -60 "$LOGS/build.log"
  die "image build failed"
fi
BUILD_S=$(elapsed "$t")
# docker-compose 1.29 colours the builder's stderr: plain text for the greps.
sed -i -E 's/\x1b\[[0-9;]*m//g' "$LOGS/build.log"
# The steps that took a second or more, with their seconds.
awk '
  function flush(end) { if (step != "" && end - start >= 1) printf "    %6.1fs  %s\n", end - start, substr(step, 1, 110) }
  match($0, /^\[ *[0-9.]+s\] /) { now = substr($0, 2, RLENGTH - 4) + 0; $0 = substr($0, RLENGTH + 1) }
  /^(Step [0-9]+\/[0-9]+ :|#[0-9]+ \[)/ { flush(now); step = $0; start = now }
  END { flush(now) }
' "$LOGS/build.log" || true
grep -E '^\[ *[0-9.]+s\][[:space:]]*(Compiling|Finished)' "$LOGS/build.log" | tail -3 | sed 's/^/    /' || true
# Cold: the dependency layer was compiled in this build (actix-web is one of
# the dependencies); warm: it came from the cache and only the lab's crates
# (or nothing) were compiled.
if grep -qE '^\[ *[0-9.]+s\][[:space:]]*Compiling actix-web ' "$LOGS/build.log"; then BUILD_KIND=cold; else BUILD_KIND=warm; fi
CRATES=$(grep -cE '^\[ *[0-9.]+s\][[:space:]]*Compiling ' "$LOGS/build.log" || true)
IMAGE_SIZE=$(image_size "$LAB_IMAGE")
log "image built in ${BUILD_S}s ($BUILD_KIND: $CRATES crates compiled): $LAB_IMAGE $IMAGE_SIZE"

# --------------------------------------------------------------------- up ----
log "up -d"
t=$EPOCHREALTIME
if ! "${COMPOSE[@]}" up -d --no-build >"$LOGS/up.log" 2>&1; then
  sed 's/^/    /' "$LOGS/up.log"
  die "compose up failed"
fi
sed 's/^/    /' "$LOGS/up.log"

health() {  # health SERVICE -> healthy|starting|unhealthy|exited|missing
  local id
  id=$("${COMPOSE[@]}" ps -q "$1" 2>/dev/null | head -1)
  [[ -n $id ]] || { echo missing; return; }
  docker inspect -f '{{if eq .State.Status "running"}}{{if .State.Health}}{{.State.Health.Status}}{{else}}nohealthcheck{{end}}{{else}}{{.State.Status}}{{end}}' "$id" 2>/dev/null || echo missing
}
deadline=$(( EPOCHSECONDS + HEALTH_TIMEOUT ))
while :; do
  ha=$(health server-a); hb=$(health server-b)
  [[ $ha == healthy && $hb == healthy ]] && break
  case "$ha $hb" in *exited*|*dead*|*unhealthy*) die "server-a: $ha, server-b: $hb" ;; esac
  (( EPOCHSECONDS < deadline )) || die "not healthy after ${HEALTH_TIMEOUT}s (server-a: $ha, server-b: $hb)"
  sleep 0.25
done
UP_S=$(elapsed "$t")
log "both healthy ${UP_S}s after 'up' (server-a: $A_URL, server-b: $B_URL)"

# ------------------------------------------------ names and probe reach ----
# (one function, called once after both are healthy)
# Under compose: both servers answer only to the lab's names (a foreign Host
# gets 421 on every published port), and "Check your API" (POST /doctor, run
# in server-a's container) reaches (1) server-b through the API's origin as
# the browser sees it, with the verdict the browser gets, and (2) a port of
# this machine through Docker's host-gateway. A listener bound to 127.0.0.1
# only is not reached that way (measured and printed, not required).
check_names_and_probe_reach() {
  local code port
  for port in "$LAB_A_PORT" "$LAB_B_PORT" "$LAB_C_PORT"; do
    code=$(curl -s -o "$WORK/421.txt" -w '%{http_code}' -H "Host: rebind.example:$port" \
      "http://127.0.0.1:$port/healthz")
    [[ $code == 421 ]] || die "Host rebind.example:$port on port $port: $code, not 421"
    grep -q 'LAB_HOST' "$WORK/421.txt" || die "the 421 on port $port does not name LAB_HOST"
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/healthz")
    [[ $code == 200 ]] || die "Host localhost:$port on port $port: $code, not 200"
  done
  log "names: rebind.example gets 421 on ports $LAB_A_PORT, $LAB_B_PORT and $LAB_C_PORT; localhost gets 200"

  ask_doctor() {  # ask_doctor JSON -> POST /doctor's answer, from the page's origin
    curl -s --max-time 20 -H "Origin: $A_URL" -H 'Content-Type: application/json' \
      -d "$1" "$A_URL/doctor"
  }
  # (1) server-b's /api/me from the page, as "Check your API" asks it.
  local run="smoke-reach-$$" answer t verdict status direct
  t=$EPOCHREALTIME
  answer=$(ask_doctor "{\"url\": \"$B_URL/api/me?run=$run\", \"credentials\": \"include\"}")
  verdict=$(jq -r '.results[0].verdict // ("none: " + (.unreachable // .error // "?"))' <<<"$answer")
  status=$(jq -r '.exchanges[-1].status // empty' <<<"$answer")
  log "probe of $B_URL/api/me: $verdict, status $status, connected to $(jq -c '.addresses' <<<"$answer") in $(elapsed "$t")s"
  # What a browser on the page gets for the same request: server-b's own answer
  # to it, from this machine (no session: 401, readable when the page's origin
  # is allowed with credentials).
  direct=$(curl -s -o /dev/null -D - -H "Origin: $A_URL" "$B_URL/api/me?run=$run-direct" | tr -d '\r')
  local direct_status direct_allowed=blocked
  direct_status=$(awk 'NR == 1 { print $2 }' <<<"$direct")
  if grep -qix "access-control-allow-origin: $A_URL" <<<"$direct" \
     && grep -qix 'access-control-allow-credentials: true' <<<"$direct"; then
    direct_allowed=allowed
  fi
  [[ $verdict == "$direct_allowed" && $status == "$direct_status" ]] \
    || die "POST /doctor says $verdict (status $status) for server-b's /api/me; server-b answers the page $direct_allowed (status $direct_status)"
  local recorded
  recorded=$(curl -s -H "Origin: $A_URL" "$B_URL/lab/exchanges?run=$run" | jq '.exchanges | length')
  (( recorded >= 1 )) || die "server-b recorded no probe in run $run"
  log "  agrees with server-b's answer to the page ($direct_allowed, status $direct_status); server-b recorded $recorded probe request(s)"

  # (2) a port of this machine: a listener on all interfaces, for 60 s at most.
  local dir=$WORK/host-listener listener_pid seen
  mkdir -p "$dir"
  port=$(free_port 18380)
  timeout 60 python3 -m http.server --bind 0.0.0.0 --directory "$dir" "$port" >"$WORK/host-listener.log" 2>&1 &
  listener_pid=$!
  local tries=0
  until port_busy "$port"; do
    (( ++tries < 50 )) || { kill "$listener_pid" 2>/dev/null; die "the host listener on $port did not start"; }
    sleep 0.1
  done
  t=$EPOCHREALTIME
  answer=$(ask_doctor "{\"url\": \"http://localhost:$port/\"}")
  status=$(jq -r '.exchanges[-1].status // empty' <<<"$answer")
  seen=$(grep -c '"GET / HTTP/1.1"' "$WORK/host-listener.log" || true)
  kill "$listener_pid" 2>/dev/null || true
  wait "$listener_pid" 2>/dev/null || true
  [[ $status == 200 && $seen -ge 1 ]] \
    || die "POST /doctor for http://localhost:$port/ (a listener on this machine): $(head -c 300 <<<"$answer"); the listener saw $seen request(s)"
  log "probe of http://localhost:$port/ (this machine, 0.0.0.0): status $status, connected to $(jq -c '.addresses' <<<"$answer") in $(elapsed "$t")s; the listener saw it from $(awk '/"GET \/ HTTP/ { print $1; exit }' "$WORK/host-listener.log")"

  # Measured, not required: a listener on 127.0.0.1 only.
  port=$(free_port $((port + 1)))
  timeout 30 python3 -m http.server --bind 127.0.0.1 --directory "$dir" "$port" >"$WORK/loopback-listener.log" 2>&1 &
  listener_pid=$!
  tries=0
  until port_busy "$port" || (( ++tries >= 50 )); do sleep 0.1; done
  t=$EPOCHREALTIME
  answer=$(ask_doctor "{\"url\": \"http://localhost:$port/\", \"timeout\": 2}")
  kill "$listener_pid" 2>/dev/null || true
  wait "$listener_pid" 2>/dev/null || true
  log "probe of http://localhost:$port/ (this machine, 127.0.0.1 only): $(jq -r 'if .unreachable then "unreachable: " + .unreachable else "status \(.exchanges[-1].status)" end' <<<"$answer") in $(elapsed "$t")s"
}
check_names_and_probe_reach

# ------------------------------------------------------------------ https ----
# server-b's https port: a certificate of the CA that server-a hands out,
# HTTP/2 through ALPN, the lab's names only. The CA file is kept for the suite.
check_https() {
  local code version
  curl -sf -o "$WORK/lab-ca.pem" "$A_URL/lab-ca.pem" || die "GET $A_URL/lab-ca.pem failed"
  grep -q 'BEGIN CERTIFICATE' "$WORK/lab-ca.pem" || die "/lab-ca.pem is not a PEM certificate"
  grep -q 'PRIVATE KEY' "$WORK/lab-ca.pem" && die "/lab-ca.pem holds a private key"
  read -r code version < <(curl -s --cacert "$WORK/lab-ca.pem" --http2 -o /dev/null \
    -w '%{http_code} %{http_version}\n' "$B_TLS_URL/healthz") || true
  [[ $code == 200 && $version == 2 ]] \
    || die "$B_TLS_URL/healthz with the lab's CA: status ${code:-none}, HTTP/${version:-?} (want 200 over HTTP/2)"
  code=$(curl -s --cacert "$WORK/lab-ca.pem" -o /dev/null -w '%{http_code}' \
    -H "Host: rebind.example:$LAB_B_TLS_PORT" "$B_TLS_URL/healthz")
  [[ $code == 421 ]] || die "Host rebind.example on the https port: $code, not 421"
  log "https: $B_TLS_URL answers over HTTP/2 with a certificate of /lab-ca.pem's CA; rebind.example gets 421"
}
check_https

# ------------------------------------------------------------- the suite ----
if [[ ${LAB_SMOKE_SKIP_TESTS:-0} == 1 ]]; then
  log "LAB_SMOKE_SKIP_TESTS=1: not running the browser suite"
else
  need_root_tool chromium chromium
  need_root_tool chromedriver chromium-driver
  need_root_tool firefox-esr firefox-esr
  # geckodriver is not packaged by Debian: cargo builds it into ~/.cargo/bin.
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  if ! command -v geckodriver >/dev/null 2>&1; then
    log "installing geckodriver (cargo install geckodriver --locked --version 0.37.1)"
    cargo install geckodriver --locked --version 0.37.1
  fi
  log "browser suite against the containers: cargo test -p lab-tests --test browser"
  t=$EPOCHREALTIME
  LAB_A_URL=$A_URL LAB_B_URL=$B_URL LAB_C_PORT=$LAB_C_PORT LAB_REQUIRE_BROWSER=1 \
    LAB_B_TLS_URL=$B_TLS_URL LAB_TLS_CA=$WORK/lab-ca.pem \
    cargo test -p lab-tests --test browser
  log "browser suite passed in $(elapsed "$t")s"
fi

log "summary: $BUILD_KIND build ${BUILD_S}s ($CRATES crates compiled); up to healthy ${UP_S}s; image $LAB_IMAGE $IMAGE_SIZE"
for b in "${BASES[@]}"; do
  image_exists "$b" || continue
  if is_standin "$b"; then log "  base $b: local stand-in ($(image_size "$b"))"; else log "  base $b: $(image_size "$b")"; fi
done
