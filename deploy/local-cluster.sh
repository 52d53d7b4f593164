#!/usr/bin/env bash
# A local Orleans.Chat cluster on this machine: redis-server, two silos and two gateways.
#
#   deploy/local-cluster.sh up       build, start everything, wait until every gateway is ready
#   deploy/local-cluster.sh down     stop everything (state stays in deploy/data/)
#   deploy/local-cluster.sh status   what runs, and each gateway's readiness
#
# Environment: REDIS_PORT (6380), GATEWAY_PORTS ("5101 5102"), SILO_COUNT (2),
# Auth__SigningKey (default: a key generated once and kept in deploy/data/signing-key, so
# tokens stay valid across restarts and on every gateway), ASPNETCORE_ENVIRONMENT (Development).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
data="$root/deploy/data"
redis_port=${REDIS_PORT:-6380}
gateway_ports=${GATEWAY_PORTS:-"5101 5102"}
silo_count=${SILO_COUNT:-2}
environment=${ASPNETCORE_ENVIRONMENT:-Development}
configuration=${BUILD_CONFIGURATION:-Release}

mkdir -p "$data/pids" "$data/logs" "$data/redis"

log() { echo "[local-cluster] $*"; }

is_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

signing_key() {
  if [ -n "${Auth__SigningKey:-}" ]; then echo "$Auth__SigningKey"; return; fi
  [ -f "$data/signing-key" ] || head -c 48 /dev/urandom | base64 | tr -d '\n/+=' > "$data/signing-key"
  cat "$data/signing-key"
}

cluster_env() {
  export Orleans__Membership=Redis Orleans__Storage=Redis Orleans__AdvertisedIP=127.0.0.1
  export Redis__ConnectionString="127.0.0.1:${redis_port}"
  export ASPNETCORE_ENVIRONMENT="$environment"
  Auth__SigningKey=$(signing_key)
  export Auth__SigningKey
}

start_redis() {
  if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then log "redis already answers on $redis_port"; return; fi
  command -v redis-server >/dev/null || { echo "redis-server not found: apt-get install -y redis-server" >&2; exit 1; }
  # Append-only file, fsync every second: acked state survives down/up and crashes of this script.
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$data/redis" --appendonly yes \
    --daemonize yes --pidfile "$data/pids/redis.pid" --logfile "$data/logs/redis.log"
  for _ in $(seq 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && return; sleep 0.1; done
  echo "redis did not start, see $data/logs/redis.log" >&2; exit 1
}

start_process() { # name, dll, args...
  local name=$1 dll=$2; shift 2
  if is_running "$data/pids/$name.pid"; then log "$name already running"; return; fi
  nohup dotnet "$dll" "$@" > "$data/logs/$name.log" 2>&1 &
  echo $! > "$data/pids/$name.pid"
  log "started $name (pid $!)"
}

wait_ready() { # url, name
  for _ in $(seq 120); do
    curl -fs "$1" >/dev/null 2>&1 && { log "$2 ready"; return; }
    sleep 0.5
  done
  echo "$2 is not ready after 60 s, see $data/logs/$2.log" >&2; exit 1
}

up() {
  log "building ($configuration)"
  dotnet build "$root/Orleans.Chat.sln" -c "$configuration" -v quiet -nologo >/dev/null
  cluster_env
  start_redis
  for i in $(seq 1 "$silo_count"); do
    start_process "silo$i" "$root/silo/bin/$configuration/net10.0/Orleans.Chat.Silo.dll" \
      --urls "http://127.0.0.1:$((5080 + i))" --Orleans:SiloPort "$((11110 + i))" --Orleans:GatewayPort "$((29999 + i))"
  done
  for i in $(seq 1 "$silo_count"); do wait_ready "http://127.0.0.1:$((5080 + i))/health/live" "silo$i"; done
  for port in $gateway_ports; do
    start_process "gateway$port" "$root/gateway/bin/$configuration/net10.0/Orleans.Chat.Gateway.dll" \
      --urls "http://127.0.0.1:$port"
  done
  for port in $gateway_ports; do wait_ready "http://127.0.0.1:$port/health/ready" "gateway$port"; done
  log "up: gateways on ports $gateway_ports, dashboard at http://127.0.0.1:5081/dashboard/"
}

stop_pidfile() { # file
  local file=$1 name; name=$(basename "$file" .pid)
  if is_running "$file"; then
    kill "$(cat "$file")" 2>/dev/null || true
    for _ in $(seq 100); do is_running "$file" || break; sleep 0.1; done
    is_running "$file" && kill -9 "$(cat "$file")" 2>/dev/null || true
    log "stopped $name"
  fi
  rm -f "$file"
}

down() {
  for file in "$data"/pids/gateway*.pid; do [ -e "$file" ] && stop_pidfile "$file"; done
  for file in "$data"/pids/silo*.pid; do [ -e "$file" ] && stop_pidfile "$file"; done
  if redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    redis-cli -p "$redis_port" shutdown save >/dev/null 2>&1 || true
    log "stopped redis"
  fi
  rm -f "$data/pids/redis.pid"
}

status() {
  redis-cli -p "$redis_port" ping >/dev/null 2>&1 && echo "redis    :$redis_port up" || echo "redis    :$redis_port down"
  for file in "$data"/pids/silo*.pid "$data"/pids/gateway*.pid; do
    [ -e "$file" ] || continue
    local name; name=$(basename "$file" .pid)
    is_running "$file" && echo "$name pid $(cat "$file") up" || echo "$name down"
  done
  for port in $gateway_ports; do
    curl -fs "http://127.0.0.1:$port/health/ready" >/dev/null 2>&1 && echo "gateway :$port ready" || echo "gateway :$port not ready"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
