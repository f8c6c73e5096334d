#!/usr/bin/env bash
# Stops the Kafka nodes that start.sh started under --dir: SIGTERM (controlled shutdown), then
# SIGKILL for any node still alive after the grace period. Leaves no broker process behind.
#
#   stop.sh [--dir DIR] [--grace SECONDS] [--wipe]
set -euo pipefail
dir="${BOSUN_KAFKA_DIR:-/tmp/bosun-kafka}"
grace=30
wipe=0
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --grace) grace="$2"; shift 2 ;;
    --wipe) wipe=1; shift ;;
    *) echo "stop.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
[ -f "$dir/pids" ] || exit 0
mapfile -t pids < "$dir/pids"
for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
deadline=$((SECONDS + grace))
for pid in "${pids[@]}"; do
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    echo "stop.sh: Kafka process $pid ignored SIGTERM for ${grace}s; killing it" >&2
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
done
for pid in "${pids[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done
rm -f "$dir/pids" "$dir/bootstrap"
if [ "$wipe" = 1 ]; then rm -rf "$dir"; fi
