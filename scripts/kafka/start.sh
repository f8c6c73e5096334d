#!/usr/bin/env bash
# Starts a KRaft Apache Kafka on 127.0.0.1: one node, or a 3-node cluster (combined broker+controller
# nodes, static quorum). Waits until every node logs "Kafka Server started", then prints the
# bootstrap servers. State, logs and pid files live under --dir; stop.sh --dir stops them all.
#
#   start.sh [--nodes 1|3] [--dir DIR] [--port FIRST_CLIENT_PORT]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
nodes=1
dir="${BOSUN_KAFKA_DIR:-/tmp/bosun-kafka}"
port="${BOSUN_KAFKA_PORT:-9092}"
timeout_s="${BOSUN_KAFKA_START_TIMEOUT:-120}"
while [ $# -gt 0 ]; do
  case "$1" in
    --nodes) nodes="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    *) echo "start.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$nodes" in 1|3) ;; *) echo "start.sh: --nodes must be 1 or 3" >&2; exit 2 ;; esac

cache="$("$here/fetch.sh")"
mkdir -p "$dir"
if [ -f "$dir/pids" ]; then
  "$here/stop.sh" --dir "$dir" >&2 || true
fi

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
voters=""
for i in $(seq 1 "$nodes"); do
  cport=$((port + 100 + i - 1))
  voters="${voters:+$voters,}$i@127.0.0.1:$cport"
  for p in $((port + i - 1)) "$cport"; do
    if port_busy "$p"; then echo "start.sh: port $p on 127.0.0.1 is already in use" >&2; exit 4; fi
  done
done
rf=$nodes
min_isr=$(( nodes > 1 ? 2 : 1 ))
cluster_id="${BOSUN_KAFKA_CLUSTER_ID:-Ym9zdW4ta2Fma2EtdGVzdA}"
bootstrap=""
: > "$dir/pids"
for i in $(seq 1 "$nodes"); do
  nd="$dir/node-$i"
  mkdir -p "$nd"
  cport=$((port + 100 + i - 1))
  cat > "$nd/server.properties" <<PROPS
process.roles=broker,controller
node.id=$i
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$((port + i - 1)),CONTROLLER://127.0.0.1:$cport
advertised.listeners=PLAINTEXT://127.0.0.1:$((port + i - 1))
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$nd/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$min_isr
share.coordinator.state.topic.replication.factor=$rf
share.coordinator.state.topic.min.isr=$min_isr
group.initial.rebalance.delay.ms=0
message.max.bytes=16777216
replica.fetch.max.bytes=16777216
PROPS
  java -cp "$cache/libs/*" -Dlog4j2.configurationFile="$cache/log4j2.yaml" \
    kafka.tools.StorageTool format -t "$cluster_id" -c "$nd/server.properties" --ignore-formatted \
    > "$nd/format.log" 2>&1 || { cat "$nd/format.log" >&2; exit 5; }
  : > "$nd/server.log"
  # setsid: the broker gets its own process group, so stop.sh can end it and nothing it forks.
  setsid java ${BOSUN_KAFKA_HEAP:--Xms256m -Xmx768m} -cp "$cache/libs/*" \
    -Dlog4j2.configurationFile="$cache/log4j2.yaml" \
    kafka.Kafka "$nd/server.properties" > "$nd/server.log" 2>&1 < /dev/null &
  echo $! >> "$dir/pids"
  bootstrap="${bootstrap:+$bootstrap,}127.0.0.1:$((port + i - 1))"
done
echo "$bootstrap" > "$dir/bootstrap"

deadline=$((SECONDS + timeout_s))
for i in $(seq 1 "$nodes"); do
  nd="$dir/node-$i"
  pid="$(sed -n "${i}p" "$dir/pids")"
  until grep -q "Kafka Server started" "$nd/server.log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "start.sh: Kafka node $i exited during start-up; last lines of $nd/server.log:" >&2
      tail -n 30 "$nd/server.log" >&2
      "$here/stop.sh" --dir "$dir" >&2 || true
      exit 6
    fi
    if [ $SECONDS -ge $deadline ]; then
      echo "start.sh: Kafka node $i not ready after ${timeout_s}s; see $nd/server.log" >&2
      "$here/stop.sh" --dir "$dir" >&2 || true
      exit 7
    fi
    sleep 0.2
  done
done
echo "$bootstrap"
