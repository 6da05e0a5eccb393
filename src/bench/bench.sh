#!/usr/bin/env bash
# Herald's benchmark: the same load against Herald and its peers, one server at a time.
#
#   src/bench/bench.sh quick [server...]   W1 at 5k subscribers + a short W2 ramp (under 5 minutes)
#   src/bench/bench.sh full  [server...]   W0-W4 as in issue 8
#   src/bench/bench.sh smoke [server...]   300 subscribers, a few seconds: does the harness work?
#   src/bench/bench.sh idle  [server...]   W0 alone: $BENCH_IDLE_SUBS (19000) idle subscribers
#   src/bench/bench.sh w1    [server...]   W1 alone: 1k, 5k and 10k subscribers at 1 event/s
#   src/bench/bench.sh w2    [server...]   W2 alone: 10k subscribers, 5 to 1,600 events/s until unclean
#   src/bench/bench.sh w3    [server...]   W3 alone: 100 subscribers, 1,000 to 20,000 events/s (Herald
#                                          gets them in batches of $BENCH_W3_BATCH, 100)
#   src/bench/bench.sh w5    [server...]   W5 alone: streamed chat completions relayed from a fake
#                                          upstream, 500, 2,000 and 5,000 at once
#   src/bench/bench.sh publish [server...] one publisher's acknowledged events/s, single and batched
#   src/bench/bench.sh cluster             Redis + two Herald nodes against one node (issue 13)
#   src/bench/bench.sh mercure [server...] W1 at 5,000 on Herald's own stream, then on the Mercure
#                                          hub with URI-template selectors (issue 15)
#
# Servers: herald herald-payara raw-nio webflux better-sse nchan (default: all; nchan, nginx with the
# Nchan module, only where `apt-get install nginx-light libnginx-mod-nchan` has installed it;
# herald-payara is target/herald-payara.war on Payara Micro, the jar from the local Maven repository).
# W5's servers: herald webflux node-relay (the relay in Herald, Spring WebFlux and Node); `quick`
# runs W5 at 100 and 500 streams after the hub workloads (BENCH_QUICK_W5=0 leaves it out). Each server runs alone, pinned to
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
# and limits out of the way: 19k streams from four addresses, publishes and chats as fast as they go), for
# herald-payara too.
set -euo pipefail
HERALD_OPTS=${BENCH_HERALD_OPTS--Dherald.hub.max-streams=20000 -Dherald.limits.streams-per-address=20000 -Dherald.limits.loopback-publishes-per-second=1000000 -Dherald.limits.chat-per-minute=100000}

MODE=${1:-quick}
shift || true
SERVERS=("$@")
NCHAN_MODULE=/usr/lib/nginx/modules/ngx_nchan_module.so
if [ ${#SERVERS[@]} -eq 0 ]; then
  SERVERS=(herald herald-payara raw-nio webflux better-sse)
  if [ -e "$NCHAN_MODULE" ] && command -v nginx > /dev/null; then
    SERVERS+=(nchan)
  else
    echo "nchan is left out: apt-get install nginx-light libnginx-mod-nchan to include it" >&2
  fi
fi
case "$MODE" in quick | full | smoke | idle | w1 | w2 | w3 | w5 | publish | cluster | mercure) ;;
  *) echo "usage: $0 quick|full|smoke|idle|w1|w2|w3|w5|publish|cluster|mercure [server...]" >&2; exit 2 ;;
esac
CHAT_SERVERS=(herald webflux node-relay)
if [ "$MODE" = quick ] && [ $# -gt 0 ]; then
  # servers named: W5 for those of them that relay chat
  CHAT_SERVERS=()
  for s in "$@"; do case $s in herald | webflux | node-relay) CHAT_SERVERS+=("$s") ;; esac; done
fi
if [ "$MODE" = w5 ]; then
  [ $# -gt 0 ] || SERVERS=("${CHAT_SERVERS[@]}")
  CHAT_SERVERS=("${SERVERS[@]}")
fi
[ "$MODE" = cluster ] && SERVERS=(herald)

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARGET=$HERE/target
RUN=$TARGET/results/$(date -u +%Y%m%dT%H%M%SZ)
SERVER_CPU=${BENCH_SERVER_CPU:-0}
CLIENT_CPU=${BENCH_CLIENT_CPU:-1}
HEAP=${BENCH_HEAP:--Xmx3g}
TOMCAT_VERSION=$(sed -n 's:.*<tomcat.version>\(.*\)</tomcat.version>.*:\1:p' "$ROOT/pom.xml")
PAYARA_VERSION=$(sed -n 's:.*<payara.version>\(.*\)</payara.version>.*:\1:p' "$ROOT/pom.xml")
UPSTREAM_PORT=18090
# every process this run starts, by name: the only ones it stops
declare -A STARTED=()
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
      herald | herald-tuned | herald-payara) [ -n "${HERALD_BUILT:-}" ] || { build_herald; HERALD_BUILT=1; } ;;
    esac
    [ "$s" = herald-payara ] && fetch_payara
  done
  if [ "$MODE" = cluster ]; then
    command -v redis-server > /dev/null || { log "cluster needs redis-server: apt-get install redis-server"; exit 2; }
    tomcat_with "$TARGET/tomcat-b" "${BENCH_HERALD_WAR:-$ROOT/target/herald.war}" "${BENCH_TOMCAT_CONNECTOR:-}"
  fi
}

# Payara Micro from the local Maven repository (the build's own copy when it has one)
fetch_payara() {
  PAYARA_JAR=$ROOT/target/it/payara-micro.jar
  [ -e "$PAYARA_JAR" ] && return 0
  PAYARA_JAR=$TARGET/payara-micro.jar
  [ -e "$PAYARA_JAR" ] || (cd "$ROOT" && ./mvnw -q -B dependency:copy \
    -Dartifact="fish.payara.extras:payara-micro:$PAYARA_VERSION" -DoutputDirectory="$TARGET" &&
    mv "$TARGET/payara-micro-$PAYARA_VERSION.jar" "$PAYARA_JAR")
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
# Herald ships, the given connector attributes replacing those of the same name; with
# BENCH_TOMCAT_PROPERTIES, that file as its catalina.properties (for a before/after)
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
  [ -z "${BENCH_TOMCAT_PROPERTIES:-}" ] || cp "$BENCH_TOMCAT_PROPERTIES" "$1/conf/catalina.properties"
  cp "$2" "$1/webapps/ROOT.war"
}

port_of() {
  case $1 in
    herald) echo 18080 ;; raw-nio) echo 18081 ;; webflux) echo 18082 ;; better-sse) echo 18083 ;; herald-tuned) echo 18084 ;;
    nchan) echo 18085 ;; herald-payara) echo 18086 ;; node-relay) echo 18087 ;; herald-b) echo 18088 ;;
  esac
}

pid_on() { ss -ltnpH "sport = :$1" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true; }

start_server() {
  local name=$1 port
  port=$(port_of "$name")
  if ss -ltnH "sport = :$port" | grep -q .; then
    log "port $port is taken; not starting $name"
    return 1
  fi
  case $name in
    herald | herald-tuned | herald-b)
      local tc=$TARGET/tomcat opts="$HERALD_OPTS ${SERVER_OPTS:-}"
      [ "$name" = herald-tuned ] && tc=$TARGET/tomcat-tuned opts="${BENCH_TUNED_OPTS-$opts} ${SERVER_OPTS:-}"
      [ "$name" = herald-b ] && tc=$TARGET/tomcat-b
      rm -rf "$tc/logs/"* "$tc/webapps/ROOT" "$tc/work"
      (CATALINA_HOME=$tc CATALINA_BASE=$tc \
        CATALINA_OPTS="$HEAP -Dherald.http.address=127.0.0.1 -Dherald.http.port=$port -Dherald.shutdown.port=-1 $opts" \
        exec taskset -c "$SERVER_CPU" "$tc/bin/catalina.sh" run) > "$RUN/$name.server.log" 2>&1 &
      ;;
    herald-payara)
      local dir=$TARGET/payara
      rm -rf "$dir" && mkdir -p "$dir/tmp"
      echo "set configs.config.server-config.network-config.network-listeners.network-listener.http-listener.address=127.0.0.1" \
        > "$dir/preboot.asadmin"
      (exec taskset -c "$SERVER_CPU" java $HEAP -Djava.io.tmpdir="$dir/tmp" \
        $HERALD_OPTS ${SERVER_OPTS:-} -jar "$PAYARA_JAR" \
        --nohazelcast --port "$port" --prebootcommandfile "$dir/preboot.asadmin" --rootdir "$dir/root" \
        --deploy "$ROOT/target/herald-payara.war" --contextroot ROOT) > "$RUN/$name.server.log" 2>&1 &
      ;;
    node-relay)
      (exec taskset -c "$SERVER_CPU" node "$HERE/node-relay/server.js" "$port" \
        "http://127.0.0.1:$UPSTREAM_PORT/v1") > "$RUN/$name.server.log" 2>&1 &
      ;;
    raw-nio)
      (exec taskset -c "$SERVER_CPU" java $HEAP -cp "$HERE/raw-nio/target/raw-nio.jar" \
        dev.herald.bench.rawnio.RawNioPeer "$port") > "$RUN/$name.server.log" 2>&1 &
      ;;
    webflux)
      (exec taskset -c "$SERVER_CPU" java $HEAP -jar "$HERE/webflux/target/bench-webflux.jar" \
        --server.port="$port" --relay.upstream="http://127.0.0.1:$UPSTREAM_PORT/v1") > "$RUN/$name.server.log" 2>&1 &
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
  # the process started (each command above execs into it): the one stop_server ends
  STARTED[$name]=$!
  # ready when a publish is accepted (bounded: 150 s; Nchan answers 202 while no one subscribes)
  for _ in $(seq 1 750); do
    kill -0 "${STARTED[$name]}" 2> /dev/null || break
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
      -d '{"data":"ready"}' "http://127.0.0.1:$port/api/topics/ready/events")" == 20[12] ]]; then
      SERVER_PID=${STARTED[$name]}
      if [ "$(pid_on "$port")" != "$SERVER_PID" ] && [ "$name" != nchan ]; then
        log "port $port answers from pid $(pid_on "$port"), not from the $name started here (pid $SERVER_PID)"
        stop_server "$name"
        return 1
      fi
      # nginx: the one worker, not the master
      [ "$name" = nchan ] && SERVER_PID=$(pgrep -P "${STARTED[$name]}" | head -1)
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
  # only a process this run started; nginx's master stops its worker
  local pid=${STARTED[$1]:-}
  [ -z "$pid" ] && return 0
  unset "STARTED[$1]"
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
  # cluster: half the subscribers in one peer process on the other node
  [ -n "${PEER_BASE:-}" ] && peers=1 per=$(((subs + 1) / 2))
  for i in $(seq 1 "$peers"); do
    timeout 900 taskset -c "$CLIENT_CPU" java -Xmx512m -cp "$HERE/loadgen/target/loadgen.jar:$HERE/loadgen/target/lib/*" \
      dev.herald.bench.LoadGen --role subscriber --id "$i" --first-index $((i * per)) \
      --subscribers "$per" --base "${PEER_BASE:-http://127.0.0.1:$(port_of "$name")}" --topic "bench-${workload,,}" \
      --sync-dir "$sync" --max-seconds 800 ${LOAD_ARGS:-} > "$RUN/$name.$workload.peer$i.log" 2>&1 &
    pids+=($!)
  done
  timeout 900 taskset -c "$CLIENT_CPU" java -Xmx1g -cp "$HERE/loadgen/target/loadgen.jar:$HERE/loadgen/target/lib/*" \
    dev.herald.bench.LoadGen --name "$name" --subscribers "$per" --peers "$peers" \
    --base "http://127.0.0.1:$(port_of "$name")" --topic "bench-${workload,,}" --server-pid "$SERVER_PID" \
    --sync-dir "$sync" --out "$RUN/$name.$workload.properties" \
    --jvm-server "$(case $name in better-sse | nchan) echo false ;; *) echo true ;; esac)" ${LOAD_ARGS:-} "$@" 2>&1 | tee -a "$RUN/bench.log" || true
  [ ${#pids[@]} -eq 0 ] || wait "${pids[@]}" || true
}

# mercure: issue 15's W1 at 5,000 on Herald's own topic stream, then the same on the Mercure hub,
# each subscriber's selector a URI template (the published topic matches it), in the same run
mercure() {
  load "$1" W1-own 5000 --steps 1x15 --warmup 2
  LOAD_ARGS="--mercure-topic https://bench.example/books/1 --mercure-selector https://bench.example/books/{id}" \
    load "$1" W1-mercure 5000 --steps 1x15 --warmup 2
}

quick() {
  # W1: 5k subscribers at 1 event/s; then, on the same connections, W2 stepped until unclean
  load "$1" quick 5000 --steps 1x10,5x3,10x3,20x3,50x3,100x3,200x3,400x3 --ramp-from 1 --warmup 2
  case $1 in herald*) publish "$1" ;; esac
}

# publish NAME: one publisher's acknowledged events/s, single events then JSON arrays of 100
publish() {
  local out=$RUN/$1.publish.properties base="http://127.0.0.1:$(port_of "$1")"
  timeout 120 taskset -c "$CLIENT_CPU" java -cp "$HERE/loadgen/target/loadgen.jar" dev.herald.bench.PublishRate \
    --base "$base" --topic bench-publish-single --seconds "${BENCH_PUBLISH_SECONDS:-5}" --out "$out" \
    2>&1 | tee -a "$RUN/bench.log" || true
  timeout 120 taskset -c "$CLIENT_CPU" java -cp "$HERE/loadgen/target/loadgen.jar" dev.herald.bench.PublishRate \
    --base "$base" --topic bench-publish-batch --batch 100 --seconds "${BENCH_PUBLISH_SECONDS:-5}" --out "$out" \
    2>&1 | tee -a "$RUN/bench.log" || true
}

# chat NAME STREAMS...: W5, the given numbers of streamed chat completions relayed at once
chat() {
  local name=$1 n
  shift
  # a warm-up the tables leave out: the first step must not pay for the JIT
  timeout 120 taskset -c "$CLIENT_CPU" java -Xmx1g -cp "$HERE/loadgen/target/loadgen.jar:$HERE/loadgen/target/lib/*" \
    dev.herald.bench.ChatLoad --name "$name" --base "http://127.0.0.1:$(port_of "$name")" --streams 100 --seconds 5 \
    --out "$RUN/$name.W5-warmup.txt" > /dev/null 2>&1 || true
  for n in "$@"; do
    timeout 300 taskset -c "$CLIENT_CPU" java -Xmx1g -cp "$HERE/loadgen/target/loadgen.jar:$HERE/loadgen/target/lib/*" \
      dev.herald.bench.ChatLoad --name "$name" --base "http://127.0.0.1:$(port_of "$name")" \
      --streams $((n * ${BENCH_SCALE:-100} / 100)) --seconds "${BENCH_W5_SECONDS:-20}" --server-pid "$SERVER_PID" \
      --jvm-server "$(case $name in node-relay) echo false ;; *) echo true ;; esac)" \
      --out "$RUN/$name.W5-$n.properties" 2>&1 | tee -a "$RUN/bench.log" || true
  done
}

w5() {
  chat "$1" 500 2000 5000
}

start_upstream() {
  if ss -ltnH "sport = :$UPSTREAM_PORT" | grep -q .; then
    log "port $UPSTREAM_PORT is taken; not starting the fake upstream"
    return 1
  fi
  (exec timeout 3600 taskset -c "$CLIENT_CPU" java -Xmx512m -cp "$HERE/loadgen/target/loadgen.jar" \
    dev.herald.bench.FakeChatUpstream --port "$UPSTREAM_PORT" --max-seconds 3000) > "$RUN/upstream.log" 2>&1 &
  STARTED[upstream]=$!
  for _ in $(seq 1 100); do
    ss -ltnH "sport = :$UPSTREAM_PORT" | grep -q . && return 0
    sleep 0.1
  done
  log "the fake upstream did not start; see $RUN/upstream.log"
  return 1
}

# W5 for every chat server, with the fake upstream running meanwhile
chat_servers() {
  local s
  start_upstream || return 0
  for s in "${CHAT_SERVERS[@]}"; do
    if SERVER_OPTS="-Dherald.chat.upstream.url=http://127.0.0.1:$UPSTREAM_PORT/v1" start_server "$s"; then
      "$@" "$s"
      stop_server "$s"
    fi
  done
  stop_server upstream
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# cluster: one Herald alone, then Redis and two Herald nodes, the same load on each
cluster() {
  local subs=$((${BENCH_CLUSTER_SUBS:-1000} * ${BENCH_SCALE:-100} / 100)) steps=${BENCH_CLUSTER_STEPS:-1000x15}
  if start_server herald; then
    load herald cluster-single "$subs" --steps "$steps" --warmup 2
    publish herald
    mv "$RUN/herald.publish.properties" "$RUN/herald.cluster-single.publish.properties"
    stop_server herald
  fi
  local port
  port=$(free_port)
  # BENCH_REDIS_CPU=0 puts Redis on the client CPU, as a Redis on a machine of its own would be
  (exec taskset -c "${BENCH_REDIS_CPU:-$SERVER_CPU}" redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "$RUN") > "$RUN/redis.log" 2>&1 &
  STARTED[redis]=$!
  for _ in $(seq 1 50); do redis-cli -p "$port" ping 2> /dev/null | grep -q PONG && break; sleep 0.1; done
  log "redis-server on 127.0.0.1:$port (pid ${STARTED[redis]})"
  local redis="-Dherald.redis.url=redis://127.0.0.1:$port"
  if SERVER_OPTS=$redis start_server herald-b && SERVER_OPTS=$redis start_server herald; then
    PEER_BASE="http://127.0.0.1:$(port_of herald-b)" load herald cluster "$subs" --steps "$steps" --warmup 2
    publish herald
    mv "$RUN/herald.publish.properties" "$RUN/herald.cluster.publish.properties"
  fi
  stop_server herald
  stop_server herald-b
  stop_server redis
  java -cp "$HERE/loadgen/target/loadgen.jar" dev.herald.bench.ClusterReport "$RUN" | tee -a "$RUN/bench.log"
}

idle() {
  load "$1" W0 "${BENCH_IDLE_SUBS:-19000}" --steps none --hold 10
}

smoke() {
  load "$1" smoke 300 --steps 1x5,20x3,50x3 --ramp-from 1 --warmup 1 --hold 1
}

chat_quick() {
  chat "$1" 100 500
}

build_chat() {
  fresh webflux/target/bench-webflux.jar webflux || "$ROOT/mvnw" -q -B -f "$HERE/webflux/pom.xml" package -DskipTests
  [ -n "${HERALD_BUILT:-}" ] || { build_herald; HERALD_BUILT=1; }
}

w1() {
  load "$1" W1-1k 1000 --steps 1x30
  load "$1" W1-5k 5000 --steps 1x30
  load "$1" W1-10k 10000 --steps 1x30
}

w2() {
  load "$1" W2 10000 --steps 5x10,10x10,20x10,50x10,100x10,200x10,400x10,800x10,1600x10 --ramp-from 0
}

# W3's publisher sends Herald batches of $BENCH_W3_BATCH (100) events, one JSON array a request;
# the peers, which publish one event a request, get single events
w3() {
  local batch=1
  case $1 in herald*) batch=${BENCH_W3_BATCH:-100} ;; esac
  load "$1" W3 100 --steps 1000x10,2000x10,5000x10,10000x10,20000x10 --ramp-from 0 --batch "$batch"
}

full() {
  idle "$1"
  w1 "$1"
  w2 "$1"
  w3 "$1"
  load "$1" W4 1000 --steps 2x10x128,2x10x1024,2x10x8192,2x10x65000
  case $1 in herald*) publish "$1" ;; esac
}

cleanup() {
  local s
  for s in "${!STARTED[@]}"; do stop_server "$s"; done
}
trap cleanup EXIT

build
[ "$MODE" = w5 ] || [ "$MODE" = quick ] && build_chat
log "mode $MODE, servers ${SERVERS[*]}, server on CPU $SERVER_CPU, client on CPU $CLIENT_CPU, results in $RUN"
case $MODE in
  cluster) cluster ;;
  w5) chat_servers w5 ;;
  *)
    for s in "${SERVERS[@]}"; do
      if start_server "$s"; then
        "$MODE" "$s"
        stop_server "$s"
      fi
    done
    if [ "$MODE" = quick ] && [ "${BENCH_QUICK_W5:-1}" != 0 ]; then
      chat_servers chat_quick
    fi
    ;;
esac
case $MODE in quick | smoke) W1=$MODE W2=$MODE W0=$MODE ;; idle) W1=W0 W2=W0 W0=W0 ;; w1) W1=W1-10k W2=W1-10k W0=W1-10k ;;
  mercure) W1=W1-own W2=W1-mercure W0=W1-own ;; w2 | w3) W1=none W2=W2 W0=none ;;
  *) W1=W1-10k W2=W2 W0=W0 ;; esac
{
  if [ "$MODE" != cluster ] && [ "$MODE" != w5 ] && [ "$MODE" != publish ]; then
    java -cp "$HERE/loadgen/target/loadgen.jar" dev.herald.bench.Table "$RUN" "$W1" "$W2" "${SERVERS[@]}"
  fi
  java -cp "$HERE/loadgen/target/loadgen.jar" dev.herald.bench.ChatTable "$RUN"
  echo
  java -cp "$HERE/loadgen/target/loadgen.jar" dev.herald.bench.Goals "$RUN" "$W1" "$W2" "$W0"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(free -g | awk '/Mem:/{print $2}') GB RAM, $(uname -sr), $(java -version 2>&1 | head -1), node $(node -v)"
  echo "Load while it ran (1/5/15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$RUN/table.md"
cat "$RUN/table.md"
