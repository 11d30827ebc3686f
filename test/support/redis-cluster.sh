#!/usr/bin/env bash
# A local Redis Cluster of three masters (no replicas, no persistence) for the cluster test subset.
#
#   bash test/support/redis-cluster.sh start   # prints the startup nodes, e.g. 127.0.0.1:7101,127.0.0.1:7102,127.0.0.1:7103
#   bash test/support/redis-cluster.sh stop
#
# LENDWIRE_CLUSTER_PORTS (default "7101 7102 7103") chooses the ports; each node also uses
# its port + 10000 for the cluster bus. Everything lives in LENDWIRE_CLUSTER_DIR (default
# /tmp/lendwire-redis-cluster): node configs, pid files, logs. `start` first stops whatever a
# previous run left on those ports (its pid files, else a redis-server answering there with
# cluster mode on), so it can be run again after a crash; it refuses a port held by
# anything else. `stop` kills the nodes this script started and removes the directory.
set -euo pipefail

PORTS=(${LENDWIRE_CLUSTER_PORTS:-7101 7102 7103})
DIR=${LENDWIRE_CLUSTER_DIR:-/tmp/lendwire-redis-cluster}

nodes() {
  local out=() p
  for p in "${PORTS[@]}"; do out+=("127.0.0.1:$p"); done
  local IFS=,
  echo "${out[*]}"
}

port_busy() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

stop_nodes() {
  local p pid
  for p in "${PORTS[@]}"; do
    pid=""
    if [[ -f "$DIR/$p/redis.pid" ]]; then pid=$(cat "$DIR/$p/redis.pid" 2>/dev/null || true); fi
    if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    elif port_busy "$p" && redis-cli -p "$p" info cluster 2>/dev/null | grep -q '^cluster_enabled:1'; then
      # A node of an earlier run whose pid file is gone: shut it down through the port.
      redis-cli -p "$p" shutdown nosave >/dev/null 2>&1 || true
    fi
  done
  for p in "${PORTS[@]}"; do
    for _ in $(seq 1 50); do
      port_busy "$p" || break
      sleep 0.1
    done
  done
  rm -rf "$DIR"
}

start_nodes() {
  stop_nodes
  local p
  for p in "${PORTS[@]}"; do
    if port_busy "$p"; then
      echo "redis-cluster: port $p is in use by something else; set LENDWIRE_CLUSTER_PORTS to three free ports" >&2
      exit 1
    fi
  done
  mkdir -p "$DIR"
  for p in "${PORTS[@]}"; do
    mkdir -p "$DIR/$p"
    redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file "$DIR/$p/nodes.conf" \
      --cluster-node-timeout 5000 --save "" --appendonly no --dir "$DIR/$p" \
      --daemonize yes --pidfile "$DIR/$p/redis.pid" --logfile "$DIR/$p/redis.log"
  done
  for p in "${PORTS[@]}"; do
    for _ in $(seq 1 50); do
      redis-cli -p "$p" ping >/dev/null 2>&1 && break
      sleep 0.1
    done
    redis-cli -p "$p" ping >/dev/null
  done
  local addrs=()
  for p in "${PORTS[@]}"; do addrs+=("127.0.0.1:$p"); done
  redis-cli --cluster create "${addrs[@]}" --cluster-replicas 0 --cluster-yes >"$DIR/create.log" 2>&1 || {
    cat "$DIR/create.log" >&2
    exit 1
  }
  # Every node must see every slot served before a client may rely on the slot map.
  for p in "${PORTS[@]}"; do
    for _ in $(seq 1 100); do
      redis-cli -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok' && break
      sleep 0.1
    done
    if ! redis-cli -p "$p" cluster info | grep -q '^cluster_state:ok'; then
      echo "redis-cluster: node $p never reached cluster_state:ok" >&2
      redis-cli -p "$p" cluster info >&2 || true
      exit 1
    fi
  done
  nodes
}

case "${1:-}" in
  start) start_nodes ;;
  stop) stop_nodes ;;
  nodes) nodes ;;
  *)
    echo "usage: $0 start|stop|nodes" >&2
    exit 2
    ;;
esac
