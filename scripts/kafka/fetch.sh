#!/usr/bin/env bash
# Fetches the pinned Apache Kafka broker and tools from Maven Central into a cache directory
# and prints that directory. Idempotent: a complete cache is reused.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")"
cache="${BOSUN_KAFKA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bosun/kafka-$version}"

if ! command -v java >/dev/null 2>&1; then
  echo "bosun: the Kafka broker needs Java 17 or newer: install it (Debian: apt-get install openjdk-17-jre-headless)" >&2
  exit 3
fi
if [ -f "$cache/.complete" ]; then echo "$cache"; exit 0; fi
if ! command -v mvn >/dev/null 2>&1; then
  echo "bosun: fetching the Kafka broker needs Maven: install it (Debian: apt-get install maven)" >&2
  exit 3
fi
mkdir -p "$cache/libs"
mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
  -DincludeScope=runtime -DoutputDirectory="$cache/libs" >&2
cp "$here/log4j2.yaml" "$cache/log4j2.yaml"
touch "$cache/.complete"
echo "$cache"
