#!/usr/bin/env bash
# A three-node Docker Swarm on this one machine, for the live tests: three dockerd, each in a network
# namespace of its own, joined by veth pairs to a bridge in a fourth namespace. Nothing is routed out of
# those namespaces, and the engine on /var/run/docker.sock is only read (the busybox image).
#   start   make the namespaces and links, start the engines, form the swarm (node 1 manager), load the image
#   stop    remove everything by name: swarm, engines and their processes, namespaces, links, state folder
#   status  say what exists
#   env     print NETLENS_SWARM_* lines (sockets, addresses, namespaces) for the tests
# State (sockets, data roots, logs) lives in $NETLENS_SWARM_DIR (default /tmp/netlens-swarm).
set -euo pipefail
cd "$(dirname "$0")/.."

STATE="${NETLENS_SWARM_DIR:-/tmp/netlens-swarm}"
NODES=(n1 n2 n3)
PREFIX="nlswarm"                 # namespaces: nlswarm-hub, nlswarm-n1..n3
LINK="nlsw"                      # links: nlsw-br (bridge in the hub), nlsw-n1-h (hub end), nlsw-n1-c (node end, renamed eth0)
SUBNET_PREFIX="192.168.250"      # node k has .1k/24; nothing else uses this subnet inside the namespaces
IMAGE="netlens-busybox:latest"
WAIT_SECONDS="${NETLENS_SWARM_WAIT:-90}"
STORAGE="${NETLENS_SWARM_STORAGE:-overlay2}"

say() { echo "swarm-nodes: $*" >&2; }

addr_of() { echo "$SUBNET_PREFIX.1${1#n}"; }
ns_of() { echo "$PREFIX-$1"; }
sock_of() { echo "$STATE/$1/docker.sock"; }
dk() { local node="$1"; shift; timeout 60 docker -H "unix://$(sock_of "$node")" "$@"; }

need_root() {
  if [[ "$(id -u)" != 0 ]]; then say "network namespaces and dockerd need root"; exit 1; fi
}

# Every wait is bounded: `until_ok WHAT SECONDS COMMAND...`.
until_ok() {
  local what="$1" secs="$2"; shift 2
  local deadline=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then say "timed out after ${secs}s waiting for $what"; return 1; fi
    sleep 1
  done
}

make_links() {
  ip netns add "$PREFIX-hub"
  ip -n "$PREFIX-hub" link set lo up
  ip -n "$PREFIX-hub" link add "$LINK-br" type bridge
  ip -n "$PREFIX-hub" link set "$LINK-br" up
  for n in "${NODES[@]}"; do
    local ns; ns="$(ns_of "$n")"
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip link add "$LINK-$n-h" type veth peer name "$LINK-$n-c"
    ip link set "$LINK-$n-h" netns "$PREFIX-hub"
    ip link set "$LINK-$n-c" netns "$ns"
    ip -n "$PREFIX-hub" link set "$LINK-$n-h" master "$LINK-br" up
    ip -n "$ns" link set "$LINK-$n-c" name eth0
    ip -n "$ns" addr add "$(addr_of "$n")/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
}

# dockerd in the node's network namespace, with a mount namespace of its own (its netns and overlay
# mounts stay private to it, and /sys is that of its network namespace with the host's cgroups kept)
# and a UTS namespace for its hostname (the swarm names nodes by hostname).
start_engine() {
  local n="$1" dir="$STATE/$1" ns; ns="$(ns_of "$1")"
  mkdir -p "$dir/data" "$dir/exec" "$dir/cgroup"
  nsenter --net="/run/netns/$ns" unshare --mount --uts --propagation slave -- sh -c '
    set -e
    hostname "$1"
    mount --rbind /sys/fs/cgroup "$2/cgroup"
    mount -t sysfs sysfs /sys
    mount --move "$2/cgroup" /sys/fs/cgroup
    exec setsid dockerd --data-root "$2/data" --exec-root "$2/exec" --pidfile "$2/dockerd.pid" \
      -H "unix://$2/docker.sock" --storage-driver "$3" --dns 127.0.0.1 --iptables=true
  ' sh "$PREFIX-$n" "$dir" "$STORAGE" >>"$dir/dockerd.log" 2>&1 </dev/null &
  echo $! >"$dir/launcher.pid"
}

engine_answers() { dk "$1" version --format '{{.Server.Version}}'; }

load_image() {
  # The image comes from the shared engine when it has it (read only), else from /bin/busybox as there.
  if timeout 10 docker image inspect "$IMAGE" >/dev/null 2>&1; then
    local tar="$STATE/image.tar"
    timeout 60 docker save -o "$tar" "$IMAGE"
    for n in "${NODES[@]}"; do dk "$n" load -q -i "$tar" >/dev/null; done
  else
    say "the shared engine has no $IMAGE; importing it from /bin/busybox into each node"
    local root="$STATE/image-root"
    mkdir -p "$root/bin" "$root/etc" "$root/tmp"
    cp /bin/busybox "$root/bin/busybox"
    for applet in sh nc nslookup wget ping sleep cat ls ip hostname true; do ln -sf busybox "$root/bin/$applet"; done
    tar -C "$root" -c . >"$STATE/image-root.tar"
    local first=""
    for n in "${NODES[@]}"; do
      if [[ -z "$first" ]]; then dk "$n" import -c 'CMD ["/bin/sh"]' "$STATE/image-root.tar" "$IMAGE" >/dev/null; first="$n"; dk "$n" save -o "$STATE/image.tar" "$IMAGE";
      else dk "$n" load -q -i "$STATE/image.tar" >/dev/null; fi
    done
  fi
}

form_swarm() {
  dk n1 swarm init --advertise-addr "$(addr_of n1)" --listen-addr "$(addr_of n1):2377" >/dev/null
  local token; token="$(dk n1 swarm join-token -q worker)"
  for n in "${NODES[@]:1}"; do
    dk "$n" swarm join --token "$token" --advertise-addr "$(addr_of "$n")" --listen-addr "$(addr_of "$n"):2377" "$(addr_of n1):2377" >/dev/null
  done
  until_ok "three ready nodes" "$WAIT_SECONDS" bash -c '[[ "$(docker -H "unix://$1" node ls --format "{{.Status}}" | grep -c Ready)" == 3 ]]' sh "$(sock_of n1)"
}

do_start() {
  need_root
  if [[ -e "/run/netns/$PREFIX-hub" || -d "$STATE" ]]; then say "leftovers of an earlier run; stopping them first"; do_stop; fi
  local t0=$SECONDS
  mkdir -p "$STATE"
  make_links
  for n in "${NODES[@]}"; do start_engine "$n"; done
  for n in "${NODES[@]}"; do
    if ! until_ok "the engine of $n" "$WAIT_SECONDS" engine_answers "$n"; then
      say "last lines of $STATE/$n/dockerd.log:"; tail -n 20 "$STATE/$n/dockerd.log" >&2; exit 1
    fi
  done
  load_image
  form_swarm
  say "ready in $((SECONDS - t0))s: ${#NODES[@]} nodes, manager $(addr_of n1), engine $(engine_answers n1)"
}

pids_in_ns() { ip netns pids "$1" 2>/dev/null || true; }

# Ends the processes living in one of our namespaces (dockerd, its containerd, shims, tasks): they are
# all ours, found by the namespace's name.
stop_ns_processes() {
  local ns="$1" pids
  pids="$(pids_in_ns "$ns")"
  [[ -z "$pids" ]] && return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 20); do [[ -z "$(pids_in_ns "$ns")" ]] && return 0; sleep 0.5; done
  pids="$(pids_in_ns "$ns")"
  # shellcheck disable=SC2086
  [[ -n "$pids" ]] && kill -KILL $pids 2>/dev/null || true
  for _ in $(seq 1 10); do [[ -z "$(pids_in_ns "$ns")" ]] && return 0; sleep 0.5; done
}

do_stop() {
  need_root
  for n in "${NODES[@]}"; do
    [[ -S "$(sock_of "$n")" ]] && dk "$n" swarm leave --force >/dev/null 2>&1 || true
  done
  for n in "${NODES[@]}"; do
    local ns; ns="$(ns_of "$n")"
    local pidfile="$STATE/$n/dockerd.pid"
    if [[ -f "$pidfile" ]]; then
      local pid; pid="$(cat "$pidfile")"
      [[ -n "$pid" && "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]] && kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 30); do [[ -d "/proc/$pid" ]] || break; sleep 0.5; done
    fi
    [[ -e "/run/netns/$ns" ]] && stop_ns_processes "$ns"
  done
  for n in "${NODES[@]}"; do
    ip netns delete "$(ns_of "$n")" 2>/dev/null || true
    ip link delete "$LINK-$n-h" 2>/dev/null || true    # only left in the host when start failed halfway
    ip link delete "$LINK-$n-c" 2>/dev/null || true
  done
  ip netns delete "$PREFIX-hub" 2>/dev/null || true
  if [[ -d "$STATE" ]]; then
    # Mounts were made in the engines' own mount namespaces; none should be left here, but never
    # delete through one.
    if grep -q " $STATE/" /proc/self/mounts; then
      grep " $STATE/" /proc/self/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l
    fi
    rm -rf --one-file-system "$STATE"
  fi
  say "stopped: no namespace $PREFIX-*, no link $LINK-*, no $STATE"
}

do_status() {
  for ns in "$PREFIX-hub" "${NODES[@]/#/$PREFIX-}"; do
    if [[ -e "/run/netns/$ns" ]]; then echo "namespace $ns: present, $(pids_in_ns "$ns" | wc -l) processes"; else echo "namespace $ns: absent"; fi
  done
  for n in "${NODES[@]}"; do
    if engine_answers "$n" >/dev/null 2>&1; then echo "engine $n: answers at unix://$(sock_of "$n")"; else echo "engine $n: no answer"; fi
  done
  if engine_answers n1 >/dev/null 2>&1; then dk n1 node ls 2>/dev/null || true; fi
}

do_env() {
  echo "NETLENS_SWARM_DIR=$STATE"
  echo "NETLENS_SWARM_HUB_NETNS=$PREFIX-hub"
  for n in "${NODES[@]}"; do
    local u="${n^^}"
    echo "NETLENS_SWARM_${u}_SOCKET=$(sock_of "$n")"
    echo "NETLENS_SWARM_${u}_ADDRESS=$(addr_of "$n")"
    echo "NETLENS_SWARM_${u}_NETNS=$(ns_of "$n")"
  done
}

case "${1:-}" in
  start) do_start ;;
  stop) do_stop ;;
  status) do_status ;;
  env) do_env ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
