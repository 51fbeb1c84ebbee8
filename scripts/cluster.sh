#!/usr/bin/env bash
# The cluster profile on one machine, on loopback: Redis, Azurite, 2 silos and 2 web nodes.
#
#   scripts/cluster.sh up                  build, start everything, wait until all answer, print the addresses
#   scripts/cluster.sh down                stop everything this script started (by process id)
#   scripts/cluster.sh kill-silo N         SIGKILL silo N (1 or 2)          start-silo N   start it again
#   scripts/cluster.sh kill-web N          SIGKILL web node N               start-web N    start it again
#   scripts/cluster.sh restart-redis       stop Redis and start it again on the same data (AOF, fsync always)
#   scripts/cluster.sh kill-pubsub         close every Redis pub/sub connection (the nodes reconnect by themselves)
#   scripts/cluster.sh stop-azurite        stop Azurite                     start-azurite  start it again
#   scripts/cluster.sh status              what runs, by process id
#
# Settings (environment): HOTLINE_WEB_PORTS (default "5301 5302"), HOTLINE_SILO_HTTP_PORTS ("5311 5312", their
# /healthz and /metrics, the latter behind the bearer token in secrets/metrics.token), HOTLINE_SILO_PORTS ("11111 11112"), HOTLINE_GATEWAY_PORTS ("30001 30002"),
# HOTLINE_REDIS_PORT (6390), HOTLINE_AZURITE_PORT (10100), HOTLINE_CLUSTER_DIR (.cluster: pids, logs, data,
# generated secrets), HOTLINE_NO_BUILD=1 to skip the build. The bootstrap admin comes from the same keys as in the
# embedded profile (Hotline__BootstrapAdmin__UserName / __Password); every Hotline__* variable reaches every node.
#
# Secrets, made once per cluster folder under <dir>/secrets (folders 700, files 600) and never printed: a throwaway
# CA (tls/ca.crt), a certificate of its own for each node (tls/silo1.crt … tls/web2.crt, and tls/redis.crt), the
# key that seals data-protection keys (data-protection.crt), Redis's password (redis.password, set through
# redis.conf, never on a command line), the keys of tokens, the archive and phone numbers, and the cluster's
# key-encryption key (kek-1.key), which wraps the data keys in Redis. Each node has a key directory of its own,
# keys/<node> (Hotline__Keys__Directory); a silo's holds its copy of the key-encryption key. Every connection
# between the parts is mutual TLS: silo to silo, web node to gateway, and every node to Redis.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

read -r -a web_ports <<<"${HOTLINE_WEB_PORTS:-5301 5302}"
read -r -a silo_http_ports <<<"${HOTLINE_SILO_HTTP_PORTS:-5311 5312}"
read -r -a silo_ports <<<"${HOTLINE_SILO_PORTS:-11111 11112}"
read -r -a gateway_ports <<<"${HOTLINE_GATEWAY_PORTS:-30001 30002}"
redis_port="${HOTLINE_REDIS_PORT:-6390}"
azurite_port="${HOTLINE_AZURITE_PORT:-10100}"
dir="$(mkdir -p "${HOTLINE_CLUSTER_DIR:-$root/.cluster}" && cd "${HOTLINE_CLUSTER_DIR:-$root/.cluster}" && pwd)"
mkdir -p "$dir/pids" "$dir/logs"

silo_dll="$root/src/Silo/bin/Release/net10.0/Hotline.Silo.dll"
web_dll="$root/src/Web/bin/Release/net10.0/Hotline.Web.dll"
azurite="$root/tools/node_modules/.bin/azurite-blob"
# Azurite's well-known development account: it only ever listens on loopback here.
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

say() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }

pid_of() { [ -f "$dir/pids/$1" ] && cat "$dir/pids/$1" || true; }
running() { local pid; pid=$(pid_of "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

# Secrets are made once per cluster folder and given to every node: all web nodes must sign tokens with the same
# key, and every silo must open what another sealed. They never leave this folder.
secret() {
  local file="$dir/secrets/$1"
  if [ ! -f "$file" ]; then
    mkdir -p "$dir/secrets" && chmod 700 "$dir/secrets"
    (umask 077 && head -c "$2" /dev/urandom | base64 -w0 >"$file")
  fi
  cat "$file"
}

# Mutual TLS: one CA for the cluster, and a certificate of its own for each node (as each machine of a real
# cluster would have its own key, and one leaked key names the node it came from). Every certificate serves both
# ends of a connection, since silos dial each other as well as answering.
tls="$dir/secrets/tls"
certificate() {
  local name=$1
  [ -f "$tls/$name.crt" ] && return
  (umask 077 && cd "$tls" \
    && openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -keyout "$name.key" -out "$name.csr" \
      -subj "/CN=hotline $name" 2>/dev/null \
    && openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -days 365 -out "$name.crt" 2>/dev/null \
      -extfile <(printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=critical,CA:FALSE" \
        "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth,clientAuth") \
    && rm "$name.csr") || die "openssl could not make the certificate of $name"
}

certificates() {
  mkdir -p "$tls" && chmod 700 "$dir/secrets" "$tls"
  if [ ! -f "$tls/ca.crt" ]; then
    (umask 077 && openssl req -x509 -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:P-256 -days 365 \
      -keyout "$tls/ca.key" -out "$tls/ca.crt" -subj "/CN=Hotline local cluster CA" \
      -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null) \
      || die "openssl could not make the cluster's CA"
  fi
  for name in silo1 silo2 web1 web2 redis; do certificate "$name"; done
  # Data protection encrypts its keys with RSA; the same certificate on every web node.
  if [ ! -f "$dir/secrets/data-protection.crt" ]; then
    (umask 077 && openssl req -x509 -new -nodes -newkey rsa:2048 -days 3650 -keyout "$dir/secrets/data-protection.key" \
      -out "$dir/secrets/data-protection.crt" -subj "/CN=Hotline data protection" 2>/dev/null) \
      || die "openssl could not make the data-protection certificate"
  fi
  if [ ! -f "$dir/secrets/redis.conf" ]; then
    (umask 077 && openssl rand -hex 32 >"$dir/secrets/redis.password" \
      && printf 'requirepass %s\n' "$(cat "$dir/secrets/redis.password")" >"$dir/secrets/redis.conf")
  fi
}

# What one node needs to reach the others: its own certificate, the CA, Redis's password.
node_env() {
  export Hotline__Cluster__Tls__CertificatePath="$tls/$1.crt" Hotline__Cluster__Tls__KeyPath="$tls/$1.key"
  export Hotline__Cluster__Tls__CaPath="$tls/ca.crt"
}

# redis-cli over TLS with the password from the environment (REDISCLI_AUTH), never on its command line.
redis_cli() {
  REDISCLI_AUTH="$(cat "$dir/secrets/redis.password")" redis-cli -h 127.0.0.1 -p "$redis_port" \
    --tls --cacert "$tls/ca.crt" --cert "$tls/redis.crt" --key "$tls/redis.key" "$@"
}

common_env() {
  export Hotline__Profile=cluster
  export Hotline__Cluster__Redis="127.0.0.1:$redis_port"
  export Hotline__Cluster__RedisPassword; Hotline__Cluster__RedisPassword="$(cat "$dir/secrets/redis.password")"
  export Hotline__Cluster__RedisTls=true
  export Hotline__Auth__SigningKey; Hotline__Auth__SigningKey="$(secret token-signing.key 64)"
  export Hotline__Archive__ActiveKeyId=k1
  export Hotline__Archive__Keys__k1; Hotline__Archive__Keys__k1="$(secret archive-k1.key 32)"
  export Hotline__Twilio__NumberKey; Hotline__Twilio__NumberKey="${Hotline__Twilio__NumberKey:-$(secret phone-number.key 32)}"
  export Hotline__Audit__ChainKey; Hotline__Audit__ChainKey="${Hotline__Audit__ChainKey:-$(secret audit-chain.key 32)}"
  # /metrics on every node answers only this bearer token (a scraper reads it from secrets/metrics.token).
  export Hotline__Metrics__Token; Hotline__Metrics__Token="${Hotline__Metrics__Token:-$(secret metrics.token 32)}"
  export Hotline__Keys__ActiveKekId=1
  secret kek-1.key 32 >/dev/null
  export Hotline__Archive__BlobConnectionString="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$azurite_key;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;"
  export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
  # Structured logs: one JSON object a line, with a UTC timestamp, ready for a log shipper.
  export Logging__Console__FormatterName=json
  export Logging__Console__FormatterOptions__TimestampFormat="yyyy-MM-ddTHH:mm:ss.fffZ"
  export Logging__Console__FormatterOptions__UseUtcTimestamp=true
}

# Starts a command in the background with its own log, and records its process id under NAME.
launch() {
  local name=$1; shift
  running "$name" && die "$name is already running (pid $(pid_of "$name"))."
  "$@" >>"$dir/logs/$name.log" 2>&1 &
  echo $! >"$dir/pids/$name"
}

# Waits until NAME's URL answers; gives up at once if NAME's process has ended.
wait_for() {
  local name=$1 url=$2 deadline=$((SECONDS + 120))
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    running "$name" || die "$name stopped while starting; see $dir/logs/$name.log"
    [ $SECONDS -lt $deadline ] || die "$name did not answer $url in time; see $dir/logs/$name.log"
    sleep 0.2
  done
}

wait_for_port() {
  local what=$1 port=$2 deadline=$((SECONDS + 60))
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "$what did not open port $port in time; see $dir/logs/"
    sleep 0.1
  done
}

stop() {
  local name=$1 signal=${2:-TERM} pid
  pid=$(pid_of "$name")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "-$signal" "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/pids/$name"
}

index() { [[ "${1:-}" =~ ^[12]$ ]] || die "name node 1 or 2"; echo $(($1 - 1)); }

start_redis() {
  mkdir -p "$dir/redis"
  # TLS only (no plain port), client certificates from the cluster's CA required, and the password from redis.conf.
  launch redis redis-server "$dir/secrets/redis.conf" --bind 127.0.0.1 --port 0 --tls-port "$redis_port" \
    --tls-cert-file "$tls/redis.crt" --tls-key-file "$tls/redis.key" --tls-ca-cert-file "$tls/ca.crt" --tls-auth-clients yes \
    --dir "$dir/redis" --appendonly yes --appendfsync always --save "" --daemonize no
  wait_for_port Redis "$redis_port"
}

start_azurite() {
  [ -x "$azurite" ] || (cd "$root/tools" && npm ci --no-audit --no-fund --loglevel=error)
  mkdir -p "$dir/azurite"
  # No --skipApiVersionCheck: the archive's client pins an API version Azurite knows (ArchiveContainer).
  launch azurite "$azurite" --silent --disableTelemetry --location "$dir/azurite" \
    --blobHost 127.0.0.1 --blobPort "$azurite_port"
  wait_for_port Azurite "$azurite_port"
}

# A node's own key directory (owner-only) under secrets/keys; a silo's gets the cluster's key-encryption key.
node_keys() {
  local keys="$dir/secrets/keys/$1"
  (umask 077 && mkdir -p "$keys") && chmod 700 "$dir/secrets/keys" "$keys"
  if [ "${2:-}" = kek ] && [ ! -f "$keys/kek-1.key" ]; then
    (umask 077 && cp "$dir/secrets/kek-1.key" "$keys/kek-1.key")
  fi
  export Hotline__Keys__Directory="$keys"
}

start_silo() {
  local i; i=$(index "$1")
  common_env
  node_env "silo$1"
  node_keys "silo$1" kek
  Hotline__Cluster__SiloPort="${silo_ports[$i]}" Hotline__Cluster__GatewayPort="${gateway_ports[$i]}" \
    ASPNETCORE_URLS="http://127.0.0.1:${silo_http_ports[$i]}" \
    launch "silo$1" dotnet "$silo_dll" --contentRoot "$root/src/Silo"
  wait_for "silo$1" "http://127.0.0.1:${silo_http_ports[$i]}/healthz"
}

start_web() {
  local i; i=$(index "$1")
  common_env
  node_env "web$1"
  node_keys "web$1"
  export Hotline__DataProtection__CertificatePath="$dir/secrets/data-protection.crt"
  export Hotline__DataProtection__KeyPath="$dir/secrets/data-protection.key"
  # A home of its own, as on a machine of its own: nothing (the data-protection keys above all) is shared through
  # ~/.aspnet, only through Redis.
  mkdir -p "$dir/web$1/home"
  HOME="$dir/web$1/home" Hotline__DataDirectory="$dir/web$1" ASPNETCORE_URLS="http://127.0.0.1:${web_ports[$i]}" \
    launch "web$1" dotnet "$web_dll" --contentRoot "$root/src/Web"
  wait_for "web$1" "http://127.0.0.1:${web_ports[$i]}/readyz"
}

# Starts node 1 and node 2 at once, and fails if either does.
both() {
  local one two
  "$1" 1 & one=$!
  "$1" 2 & two=$!
  wait "$one" && wait "$two" || die "a node did not start; see $dir/logs/"
}

up() {
  if [ "${HOTLINE_NO_BUILD:-}" != 1 ]; then
    say "building (Release)..."
    dotnet build "$root/src/Web/Hotline.Web.csproj" -c Release -v q -nologo >"$dir/logs/build.log" 2>&1 \
      || { cat "$dir/logs/build.log"; die "the build failed"; }
  fi
  command -v redis-server >/dev/null || die "redis-server is missing: apt-get install redis-server"
  command -v openssl >/dev/null || die "openssl is missing: apt-get install openssl"
  certificates
  common_env # makes the secrets once, before nodes start side by side
  start_redis
  start_azurite
  # Both silos start at once; each web node needs a silo to connect to.
  both start_silo
  both start_web
  say "Redis      127.0.0.1:$redis_port (TLS, password in $dir/secrets/redis.password; AOF, appendfsync always)"
  say "Azurite    http://127.0.0.1:$azurite_port/devstoreaccount1"
  for n in 1 2; do say "silo $n     silo port ${silo_ports[$((n - 1))]}, gateway ${gateway_ports[$((n - 1))]}, http://127.0.0.1:${silo_http_ports[$((n - 1))]}/metrics"; done
  say "metrics    bearer token in $dir/secrets/metrics.token, on every node's /metrics"
  for n in 1 2; do say "web node $n http://127.0.0.1:${web_ports[$((n - 1))]}/"; done
  say "ready"
}

down() {
  for name in web1 web2 silo1 silo2 azurite redis; do stop "$name"; done
  say "stopped"
}

status() {
  for name in redis azurite silo1 silo2 web1 web2; do
    if running "$name"; then echo "$name running (pid $(pid_of "$name"))"; else echo "$name stopped"; fi
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  kill-silo) index "${2:-}" >/dev/null && stop "silo$2" KILL && say "silo $2 killed" ;;
  start-silo) start_silo "${2:-}" && say "silo $2 started" ;;
  kill-web) index "${2:-}" >/dev/null && stop "web$2" KILL && say "web node $2 killed" ;;
  start-web) start_web "${2:-}" && say "web node $2 started" ;;
  restart-redis) stop redis && start_redis && say "redis restarted" ;;
  kill-pubsub) say "closed $(redis_cli CLIENT KILL TYPE pubsub) pub/sub connections" ;;
  stop-azurite) stop azurite && say "azurite stopped" ;;
  start-azurite) start_azurite && say "azurite started" ;;
  *) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
