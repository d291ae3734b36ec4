#!/usr/bin/env bash
# Validates the deploy files without a Docker engine or a cluster:
#  1. the compose file, with docker-compose's own parser (Debian's docker-compose package);
#  2. the Kubernetes manifests, against the API schemas plus Dormouse's own rules (validate/validate-k8s.mjs);
#  3. each JVM image's layout: the Dockerfile's COPY lines are replayed from the packaged app into a scratch
#     directory, and one service is started from there exactly as the image's entrypoint would.
# Needs the services packaged (./mvnw package) and a JDK in $JAVA (./dormouse test sets it).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAVA=${JAVA:-java}
say() { printf 'validate: %s\n' "$*"; }
fail() { printf 'validate: FAILED: %s\n' "$*" >&2; exit 1; }

command -v docker-compose >/dev/null || fail "docker-compose is missing (apt-get install docker-compose)"
command -v node >/dev/null || fail "node is missing"
# The compose file demands its secrets (${NAME:?…}); placeholders stand in for them here.
required=()
for name in $(grep -o '\${[A-Z_]*:?' "$ROOT/deploy/compose/docker-compose.yml" | tr -d '${:?' | sort -u); do
    required+=("$name=validate-placeholder")
done
env "${required[@]}" docker-compose -f "$ROOT/deploy/compose/docker-compose.yml" config -q \
    || fail "deploy/compose/docker-compose.yml"
say "compose file valid"

(cd "$ROOT/deploy/validate" && npm ci --no-audit --no-fund --silent) || fail "npm ci in deploy/validate"
node "$ROOT/deploy/validate/validate-k8s.mjs" || fail "Kubernetes manifests"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# replay_copies MODULE DOCKERFILE DEST: performs the Dockerfile's local COPY instructions into DEST.
replay_copies() {
    local module=$1 dockerfile=$2 dest=$3 copies=0
    while read -r source target; do
        local matched=("$ROOT/$module"/$source)
        [[ -e "${matched[0]}" ]] || fail "$dockerfile copies $source, which the build did not produce"
        mkdir -p "$dest$target"
        local item
        for item in "${matched[@]}"; do
            # Like Docker's COPY: a directory's contents, not the directory itself.
            if [[ -d "$item" ]]; then cp -r "$item/." "$dest$target"; else cp "$item" "$dest$target"; fi
        done
        copies=$((copies + 1))
    done < <(grep -E '^COPY ' "$ROOT/$module/$dockerfile" | grep -v -- '--from=' |
        sed -E 's/^COPY( --[a-z]+=[^ ]+)* //' | awk '{print $1, $2}')
    [[ $copies -gt 0 ]] || fail "$module/$dockerfile copies nothing"
}
for module in session-registry hibernation-store health-monitor mcp-server browser-worker; do
    for dockerfile in "$ROOT/$module"/src/main/docker/Dockerfile.*; do
        [[ -f "$dockerfile" ]] || fail "$module has no Dockerfile"
    done
    replay_copies "$module" src/main/docker/Dockerfile.jvm "$scratch/$module"
    [[ -f "$scratch/$module/deployments/quarkus-run.jar" ]] || fail "$module image would lack /deployments/quarkus-run.jar"
    grep -q '!target/quarkus-app/\*' "$ROOT/$module/.dockerignore" || fail "$module/.dockerignore hides the app"
done
for module in session-registry hibernation-store health-monitor; do
    grep -q 'target/\*-runner' "$ROOT/$module/src/main/docker/Dockerfile.native" || fail "$module Dockerfile.native"
done
say "image layouts complete for every service"

# Start health-monitor from its replayed image layout, as the image's entrypoint does.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
token=validate-$$-$RANDOM
(cd "$scratch" && QUARKUS_HTTP_PORT=$port KAFKA_BOOTSTRAP_SERVERS=${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092} \
    DORMOUSE_MONITOR_TOKEN=$token QUARKUS_LOG_CONSOLE_JSON_ENABLED=false \
    exec "$JAVA" -jar health-monitor/deployments/quarkus-run.jar \
    >"$scratch/health-monitor.log" 2>&1) &
pid=$!
for _ in $(seq 1 120); do
    if curl -s -o /dev/null "http://127.0.0.1:$port/q/health/live"; then break; fi
    kill -0 "$pid" 2>/dev/null || fail "health-monitor did not start from its image layout: $(tail -5 "$scratch/health-monitor.log")"
    sleep 0.5
done
curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/workers" >/dev/null \
    || fail "health-monitor from its image layout does not serve /v1/workers"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v1/workers") == 401 ]] \
    || fail "health-monitor from its image layout serves /v1/workers without its token"
kill "$pid"
wait "$pid" 2>/dev/null || true
say "health-monitor starts from its image layout"
