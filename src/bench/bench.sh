#!/usr/bin/env bash
# Herald's benchmark: the same load against Herald and its peers, one server at a time.
#
#   src/bench/bench.sh quick [server...]   W1 at 5k subscribers + a short W2 ramp (under 5 minutes)
#   src/bench/bench.sh full  [server...]   W0-W4 as in issue 8
#   src/bench/bench.sh smoke [server...]   300 subscribers, a few seconds: does the harness work?
#   src/bench/bench.sh idle  [server...]   W0 alone: $BENCH_IDLE_SUBS (19000) idle subscribers
#   src/bench/bench.sh w1    [server...]   W1 alone: 1k, 5k and 10k subscribers at 1 event/s
#
# Servers: herald raw-nio webflux better-sse nchan (default: all; nchan, nginx with the Nchan module,
# only where `apt-get install nginx-light libnginx-mod-nchan` has installed it). Each server runs alone, pinned to
# CPU $BENCH_SERVER_CPU (0) with $BENCH_HEAP (-Xmx3g) for the JVMs; the load generator is pinned to
# $BENCH_CLIENT_CPU (1). BENCH_HERALD_WAR names a prebuilt WAR to measure instead of building one. Everything binds 127.0.0.1 (subscribers come from 127.0.0.2-5), every
# phase is bounded in count and time, and every server started here is stopped here.
# BENCH_SCALE (percent, default 100) scales every subscriber count, for trying the harness out.
# Results: src/bench/target/results/<time>/, the tables in table.md there. One load generator
# process holds at most $BENCH_PER_PROCESS (10000) subscribers; more start subscriber-only peers.
# Server `herald-tuned` (not in the default list) is Herald on a second Tomcat whose connector has
# the attributes in BENCH_TUNED_CONNECTOR (default: 1 KB socket buffers, 4 KB header buffer), in
# place of the shipped server.xml's attributes of the same name, and the settings in
# BENCH_TUNED_OPTS (default: those of `herald`), e.g. '-Dherald.hub.upgrade=false' for a before/after.
# Herald's Tomcat connector can be varied with BENCH_TOMCAT_CONNECTOR, extra attributes for the
# shipped server.xml's <Connector>, e.g. 'socket.appReadBufSize="1024" socket.appWriteBufSize="1024"',
# and its settings with BENCH_HERALD_OPTS (default: -Dherald.hub.max-streams=20000, room for W0,
# and limits out of the way: 19k streams from four addresses, publishes as fast as they go).
set -euo pipefail

MODE=${1:-quick}
shift || true
SERVERS=("$@")
NCHAN_MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so
if [ ${#SERVERS[@]} -eq 0 ]; then
  SERVERS=(herald raw-nio webflux better-sse)
  if [ -e "$NCHAN_MODULE" ] && command -v nginx > /dev/null; then
    SERVERS+=(nchan)
  else
    echo "nchan is left out: apt-get install nginx-light libnginx-mod-nchan to include it" >&2
  fi
fi
case "$MODE" in quick | full | smoke | idle | w1) ;; *) echo "usage: $0 quick|full|smoke|idle|w1 [server...]" >&2; exit 2 ;; esac

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARGET=$HERE/target
RUN=$TARGET/results/$(date -u +%Y%m%dT%H%M%SZ)
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}
HEAP=${BENCH_HEAP:--Xmx3g}
TOMCAT_VERSION=$(sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' "$ROOT/pom.xml")
mkdir -p "$RUN"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" | tee -a "$RUN/bench.log" >&2; }

# fresh ARTIFACT DIR: the artifact exists and nothing in DIR's sources or build file is newer
fresh() {
  [ -e "$HERE/$1" ] && [ -z "$(find "$HERE/$2" -path "$HERE/$2/target" -prune -o -path "$HERE/$2/node_modules" -prune \
    -o -type f -newer "$HERE/$1" -print | head -1)" ]
}

build() {
  log "building the load generator and the peers"
  fresh loadgen/target/loadgen.jar loadgen || "$ROOT/mvnw" -q -B -f "$HERE/loadgen/pom.xml" package
  fresh raw-nio/target/raw-nio.jar raw-nio || "$ROOT/mvnw" -q -B -f "$HERE/raw-nio/pom.xml" package
  for s in "${SERVERS[@]}"; do
    case $s in
      webflux) fresh webflux/target/bench-webflux.jar webflux ||
        "$ROOT/mvnw" -q -B -f "$HERE/webflux/pom.xml" package -DskipTests ;;
      better-sse) fresh better-sse/node_modules/better-sse/package.json better-sse ||
        (cd "$HERE/better-sse" && npm ci --no-audit --no-fund --silent) ;;
      herald | herald-tuned) [ -n "${HERALD_BUILT:-}" ] || { build_herald; HERALD_BUILT=1; } ;;
    esac
  done
}

build_herald() {
  log "building herald.war and unpacking Tomcat $TOMCAT_VERSION"
  local war=${BENCH_HERALD_WAR:-$ROOT/target/herald.war}
  [ -n "${BENCH_HERALD_WAR:-}" ] || (cd "$ROOT" && ./mvnw -q -B package -DskipTests)
  (cd "$ROOT" && ./mvnw -q -B dependency:copy \
    -Dartifact="org.apache.tomcat:tomcat:$TOMCAT_VERSION:zip" -DoutputDirectory="$TARGET")
  tomcat_with "$TARGET/tomcat" "$war" "${BENCH_TOMCAT_CONNECTOR:-}"
  tomcat_with "$TARGET/tomcat-tuned" "$war" \
    "${BENCH_TUNED_CONNECTOR-socket.appReadBufSize=\"1024\" socket.appWriteBufSize=\"1024\" maxHttpHeaderSize=\"4096\"}"
}

# tomcat_with DIR WAR CONNECTOR-ATTRIBUTES: a Tomcat in DIR serving WAR at / with the server.xml
# Herald ships, the given connector attributes replacing those of the same name
tomcat_with() {
  rm -rf "$1" "$TARGET/apache-tomcat-$TOMCAT_VERSION"
  unzip -q -o "$TARGET/tomcat-$TOMCAT_VERSION.zip" -d "$TARGET"
  mv "$TARGET/apache-tomcat-$TOMCAT_VERSION" "$1"
  rm -rf "$1/webapps/"*
  chmod +x "$1/bin/"*.sh
  local xml attr
  xml=$(cat "$ROOT/src/main/tomcat/server.xml")
  for attr in $(grep -o '[A-Za-z.]*="' <<< "$3" | tr -d '="'); do
    xml=$(sed -E "s/[[:space:]]${attr//./\\.}=\"[^\"]*\"//" <<< "$xml")
  done
  sed "s|<Connector |<Connector $3 |" <<< "$xml" > "$1/conf/server.xml"
  cp "$2" "$1/webapps/ROOT.war"
}

port_of() {
  case $1 in
    herald) echo 18080 ;; raw-nio) echo 18081 ;; webflux) echo 18082 ;; better-sse) echo 18083 ;; herald-tuned) echo 18084 ;;
    nchan) echo 18085 ;;
  esac
}

pid_on() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true; }

start_server() {
  local name=$1 port
  port=$(port_of "$name")
  if [ -n "$(pid_on "$port")" ]; then
    log "port $port is taken; not starting $name"
    return 1
  fi
  case $name in
    herald | herald-tuned)
      local tc=$TARGET/tomcat opts=${BENCH_HERALD_OPTS--Dherald.hub.max-streams=20000 -Dherald.limits.streams-per-address=20000 -Dherald.limits.loopback-publishes-per-second=1000000}
      [ "$name" = herald-tuned ] && tc=$TARGET/tomcat-tuned opts=${BENCH_TUNED_OPTS-$opts}
      rm -rf "$tc/logs/"* "$tc/webapps/ROOT" "$tc/work"
      (CATALINA_HOME=$tc CATALINA_BASE=$tc \
        CATALINA_OPTS="$HEAP -Dherald.http.address=127.0.0.1 -Dherald.http.port=$port -Dherald.shutdown.port=-1 $opts" \
        exec taskset -c "$SERVER_CPU" "$tc/bin/catalina.sh" run) > "$RUN/$name.server.log" 2>&1 &
      ;;
    raw-nio)
      (exec taskset -c "$SERVER_CPU" java $HEAP -cp "$HERE/raw-nio/target/raw-nio.jar" \
        dev.herald.bench.rawnio.RawNioPeer "$port") > "$RUN/$name.server.log" 2>&1 &
      ;;
    webflux)
      (exec taskset -c "$SERVER_CPU" java $HEAP -jar "$HERE/webflux/target/bench-webflux.jar" \
        --server.port="$port") > "$RUN/$name.server.log" 2>&1 &
      ;;
    better-sse)
      (exec taskset -c "$SERVER_CPU" node "$HERE/better-sse/server.js" "$port") > "$RUN/$name.server.log" 2>&1 &
      ;;
    nchan)
      local dir=$TARGET/nchan
      rm -rf "$dir" && mkdir -p "$dir"
      sed "s|@PORT@|$port|; s|@DIR@|$dir|g" "$HERE/nchan/nginx.conf" > "$dir/nginx.conf"
      (exec taskset -c "$SERVER_CPU" nginx -c "$dir/nginx.conf" -e "$dir/error.log") > "$RUN/$name.server.log" 2>&1 &
      ;;
  esac
  # ready when a publish is accepted (bounded: 90 s; Nchan answers 202 while no one subscribes)
  for _ in $(seq 1 450); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d '{"data":"ready"}' "http://127.0.0.1:$port/api/topics/ready/events")" == 20[12] ]]; then
      SERVER_PID=$(pid_on "$port")
      # nginx: the one worker, not the master
      [ "$name" = nchan ] && SERVER_PID=$(pgrep -P "$(cat "$TARGET/nchan/nginx.pid")" | head -1)
      log "$name is up (pid $SERVER_PID, RSS $(grep VmRSS /proc/"$SERVER_PID"/status | tr -s ' ' | cut -d' ' -f2) KB)"
      return 0
    fi
    sleep 0.2
  done
  log "$name did not start; see $RUN/$name.server.log"
  stop_server "$name"
  return 1
}

stop_server() {
  local pid
  pid=$(pid_on "$(port_of "$1")")
  # nginx: the master, which stops its worker (a worker alone would be replaced)
  [ "$1" = nchan ] && [ -n "$pid" ] && pid=$(cat "$TARGET/nchan/nginx.pid")
  [ -z "$pid" ] && return 0
  kill "$pid" 2> /dev/null || true
  for _ in $(seq 1 75); do
    kill -0 "$pid" 2> /dev/null || return 0
    sleep 0.2
  done
  kill -9 "$pid" 2> /dev/null || true
}

# load NAME WORKLOAD SUBSCRIBERS [loadgen options...]: one bounded load generator run
load() {
  local name=$1 workload=$2 subs=$(($3 * ${BENCH_SCALE:-100} / 100)) per peers=0 i sync pids=()
  shift 3
  [ "$subs" -ge 1 ] || subs=1
  sync=$RUN/sync.$name.$workload
  mkdir -p "$sync"
  # one process holds at most ~10k sockets here; more go to subscriber-only peer processes
  per=$subs
  while [ "$per" -gt "${BENCH_PER_PROCESS:-10000}" ]; do
    peers=$((peers + 1))
    per=$(((subs + peers) / (peers + 1)))
  done
  for i in $(seq 1 "$peers"); do
    timeout 900 taskset -c "$CLIENT_CPU" java -Xmx512m -cp "$HERE/loadgen/target/loadgen.jar:$HERE/loadgen/target/lib/*" \
      dev.herald.bench.LoadGen --role subscriber --id "$i" --first-index $((i * per)) \
      --subscribers "$per" --base "http://127.0.0.1:$(port_of "$name")" --topic "bench-${workload,,}" \
      --sync-dir "$sync" --max-seconds 800 > "$RUN/$name.$workload.peer$i.log" 2>&1 &
    pids+=($!)
  done
  timeout 900 taskset -c "$CLIENT_CPU" java -Xmx1g -cp "$HERE/loadgen/target/loadgen.jar:$HERE/loadgen/target/lib/*" \
    dev.herald.bench.LoadGen --name "$name" --subscribers "$per" --peers "$peers" \
    --base "http://127.0.0.1:$(port_of "$name")" --topic "bench-${workload,,}" --server-pid "$SERVER_PID" \
    --sync-dir "$sync" --out "$RUN/$name.$workload.properties" \
    --jvm-server "$(case $name in better-sse | nchan) echo false ;; *) echo true ;; esac)" "$@" 2>&1 | tee -a "$RUN/bench.log" || true
  [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}" || true
}

quick() {
  # W1: 5k subscribers at 1 event/s; then, on the same connections, W2 stepped until unclean
  load "$1" quick 5000 --steps 1x10,5x3,10x3,20x3,50x3,100x3,200x3,400x3 --ramp-from 1 --warmup 2
}

idle() {
  load "$1" W0 "${BENCH_IDLE_SUBS:-19000}" --steps none --hold 10
}

smoke() {
  load "$1" smoke 300 --steps 1x5,20x3,50x3 --ramp-from 1 --warmup 1 --hold 1
}

w1() {
  load "$1" W1-1k 1000 --steps 1x30
  load "$1" W1-5k 5000 --steps 1x30
  load "$1" W1-10k 10000 --steps 1x30
}

full() {
  idle "$1"
  w1 "$1"
  load "$1" W2 10000 --steps 5x10,10x10,20x10,50x10,100x10,200x10,400x10,800x10 --ramp-from 0
  load "$1" W3 100 --steps 1000x10,2000x10,5000x10 --ramp-from 0
  load "$1" W4 1000 --steps 2x10x128,2x10x1024,2x10x8192,2x10x65000
}

cleanup() {
  for s in "${SERVERS[@]}"; do stop_server "$s"; done
}
trap cleanup EXIT

build
log "mode $MODE, servers ${SERVERS[*]}, server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU, results in $RUN"
for s in "${SERVERS[@]}"; do
  if start_server "$s"; then
    "$MODE" "$s"
    stop_server "$s"
  fi
done
case $MODE in quick | smoke) W1=$MODE W2=$MODE ;; idle) W1=W0 W2=W0 ;; w1) W1=W1-10k W2=W1-10k ;; *) W1=W1-10k W2=W2 ;; esac
java -cp "$HERE/loadgen/target/loadgen.jar" dev.herald.bench.Table "$RUN" "$W1" "$W2" "${SERVERS[@]}" > "$RUN/table.md"
{
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -sr), $(java -version 2>&1 | head -1), node $(node -v)"
} >> "$RUN/table.md"
cat "$RUN/table.md"
