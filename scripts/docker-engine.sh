#!/usr/bin/env bash
# A Docker engine for the live-mode tests, on a machine that may have none.
#   start   install Debian's docker.io and busybox-static when missing, start dockerd when no engine
#           answers, and make the local image netlens-busybox:latest (no registry is reachable, so it
#           is imported from busybox instead of pulled)
#   stop    stop the dockerd that `start` started (an engine someone else runs is left alone)
#   status  say whether an engine answers, who started it, and whether the image exists
# State (pid, log) lives in .docker-engine/ (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

STATE_DIR="$PWD/.docker-engine"
PID_FILE="$STATE_DIR/dockerd.pid"
LOG_FILE="$STATE_DIR/dockerd.log"
IMAGE="netlens-busybox:latest"
WAIT_SECONDS="${NETLENS_ENGINE_WAIT:-90}"

say() { echo "docker-engine: $*" >&2; }

engine_answers() { timeout 10 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# A process that exists and is not a zombie (a killed dockerd can linger as one until reaped).
alive() { [[ -r "/proc/$1/stat" ]] && [[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]]; }

# dockerd refuses to start while /var/run/docker.pid names a process, and waits for the containerd
# that /var/run/docker/containerd/containerd.pid names. After a crash or a kill these may name dead
# processes, or zombies nobody reaps here. Wait a little for a dying process, then drop the stale file.
clear_stale_pidfile() {
  local file="$1" name="$2" pid
  [[ -f "$file" ]] || return 0
  pid="$(cat "$file")"
  for _ in $(seq 1 20); do
    if [[ -z "$pid" ]] || ! alive "$pid" || [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" != "$name" ]]; then rm -f "$file"; return 0; fi
    sleep 0.5
  done
}

started_here() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid; pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == dockerd ]]
}

install_missing() {
  local missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v docker >/dev/null 2>&1 || missing+=(docker.io)
  [[ -x /bin/busybox ]] && dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
  ((${#missing[@]})) || return 0
  if [[ "$(id -u)" != 0 ]]; then
    say "missing ${missing[*]} and not root: install them (apt-get install docker.io busybox-static) and re-run"
    exit 1
  fi
  say "installing ${missing[*]} (Debian packages)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get -o DPkg::Lock::Timeout=900 install -y -qq "${missing[@]}" >/dev/null
}

start_dockerd() {
  if [[ "$(id -u)" != 0 ]]; then
    say "no engine answers and dockerd needs root: start Docker yourself (sudo systemctl start docker) and re-run"
    exit 1
  fi
  mkdir -p "$STATE_DIR"
  clear_stale_pidfile /var/run/docker.pid dockerd
  clear_stale_pidfile /var/run/docker/containerd/containerd.pid containerd
  say "starting dockerd (log: $LOG_FILE)"
  # --dns 127.0.0.1: containers that look up a name the engine does not know ask their own loopback,
  # so no test ever sends a DNS query off this machine.
  setsid dockerd --dns 127.0.0.1 >>"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + WAIT_SECONDS))
  until engine_answers; do
    if ! started_here; then
      say "dockerd exited while starting; last lines of $LOG_FILE:"; tail -n 20 "$LOG_FILE" >&2; rm -f "$PID_FILE"; exit 1
    fi
    if ((SECONDS >= deadline)); then
      say "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG_FILE:"; tail -n 20 "$LOG_FILE" >&2; exit 1
    fi
    sleep 1
  done
}

make_image() {
  docker image inspect "$IMAGE" >/dev/null 2>&1 && return 0
  say "importing $IMAGE from /bin/busybox"
  local root; root="$(mktemp -d)"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh nc nslookup wget ping sleep cat ls ip hostname true; do ln -s busybox "$root/bin/$applet"; done
  tar -C "$root" -c . | docker import -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
  rm -rf "$root"
}

case "${1:-}" in
  start)
    t0=$SECONDS
    install_missing
    if engine_answers; then say "engine answers ($(docker version --format '{{.Server.Version}}'))"; else start_dockerd; fi
    make_image
    say "ready in $((SECONDS - t0))s: engine $(docker version --format '{{.Server.Version}}'), image $IMAGE"
    ;;
  stop)
    if started_here; then
      pid="$(cat "$PID_FILE")"
      kill -TERM "$pid"
      for _ in $(seq 1 30); do alive "$pid" || break; sleep 1; done
      if alive "$pid"; then kill -KILL "$pid"; fi
      rm -f "$PID_FILE"
      say "stopped the dockerd started here (pid $pid)"
    else
      say "no dockerd started here; nothing stopped"
    fi
    ;;
  status)
    if engine_answers; then echo "engine: answers, version $(docker version --format '{{.Server.Version}}')"; else echo "engine: no answer"; fi
    if started_here; then echo "dockerd: started here, pid $(cat "$PID_FILE")"; else echo "dockerd: not started here"; fi
    if docker image inspect "$IMAGE" >/dev/null 2>&1; then echo "image: $IMAGE present"; else echo "image: $IMAGE missing"; fi
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
