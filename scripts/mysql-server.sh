#!/usr/bin/env bash
# A real MySQL 9.7 LTS server on 127.0.0.1:3307 without Docker (DECISIONS.md D28).
#
# Debian 12 ships no MySQL, but Debian's archive also serves the `sid` suite, whose
# mysql-server-core is MySQL 9.7. This script bootstraps a minimal sid chroot holding it (once,
# into a cache folder outside the repository), initialises a data directory with a password-less
# root@localhost, and starts mysqld on the host's loopback. It is idempotent: a chroot that exists
# is reused, a server that already answers is left alone.
#
#   scripts/mysql-server.sh [start]   build the chroot if absent, start the server if down (default)
#   scripts/mysql-server.sh stop      stop the server
#   scripts/mysql-server.sh status    exit 0 when the server answers
#   scripts/mysql-server.sh url       print the TEST_DATABASE_URL that reaches it
#
# Environment: MYSQL_PORT (3307), MYSQL_CHROOT (/var/cache/divemap/mysql-sid), DEBIAN_MIRROR (the
# first Debian archive in the machine's apt sources). Needs root (debootstrap, chroot).
set -euo pipefail

PORT="${MYSQL_PORT:-3307}"
CHROOT="${MYSQL_CHROOT:-/var/cache/divemap/mysql-sid}"
DATADIR=/var/lib/mysql-divemap           # inside the chroot
RUNDIR=/run/mysqld-divemap               # inside the chroot
LOG="$CHROOT/var/log/mysqld-divemap.log"
PIDFILE="$CHROOT$RUNDIR/mysqld.pid"

log() { printf '[mysql-server] %s\n' "$*" >&2; }

mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "$DEBIAN_MIRROR"; return; fi
  local uri
  uri="$(grep -hsE '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)"
  [ -n "$uri" ] || uri="$(grep -hsE '^deb ' /etc/apt/sources.list | awk '{print $2}' | grep -v -- '-security' | head -n1 || true)"
  echo "${uri:-http://deb.debian.org/debian}"
}

in_chroot() { chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root "$@"; }

answers() {
  [ -x "$CHROOT/usr/bin/mysqladmin" ] || return 1
  in_chroot mysqladmin --no-defaults --protocol=TCP -h127.0.0.1 -P"$PORT" -uroot \
    --connect-timeout=2 ping >/dev/null 2>&1
}

build_chroot() {
  if [ -x "$CHROOT/usr/sbin/mysqld" ] && [ -x "$CHROOT/usr/bin/mysqladmin" ]; then return; fi
  if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq debootstrap >/dev/null
  fi
  local partial="$CHROOT.partial" src
  src="$(mirror)"
  log "bootstrapping a Debian sid chroot with MySQL into $CHROOT from $src (a few minutes, once)"
  rm -rf "$partial"
  mkdir -p "$(dirname "$CHROOT")"
  debootstrap --variant=minbase --include=mysql-server-core,mysql-client-core \
    sid "$partial" "$src" >"$(dirname "$CHROOT")/debootstrap.log" 2>&1 || {
      log "debootstrap failed; last lines of $(dirname "$CHROOT")/debootstrap.log:"
      tail -n 20 "$(dirname "$CHROOT")/debootstrap.log" >&2
      exit 1
    }
  rm -rf "$CHROOT"
  mv "$partial" "$CHROOT"         # only a complete chroot is ever reused
}

start() {
  if answers; then log "MySQL already answers on 127.0.0.1:$PORT"; return; fi
  build_chroot
  mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc" 2>/dev/null || true
  mkdir -p "$CHROOT$RUNDIR" "$CHROOT/var/log"
  if [ ! -d "$CHROOT$DATADIR/mysql" ]; then
    log "initialising $DATADIR (root@localhost without a password)"
    rm -rf "$CHROOT$DATADIR"
    in_chroot mysqld --no-defaults --initialize-insecure --user=root --datadir="$DATADIR" \
      >"$LOG.init" 2>&1 || { tail -n 20 "$LOG.init" >&2; exit 1; }
  fi
  log "starting $(in_chroot mysqld --no-defaults --version | sed 's/^.*Ver //') on 127.0.0.1:$PORT"
  # setsid + nohup: the server outlives this script and the shell that ran it.
  setsid nohup chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    mysqld --no-defaults --user=root --datadir="$DATADIR" --port="$PORT" --bind-address=127.0.0.1 \
    --socket="$RUNDIR/mysqld.sock" --pid-file="$RUNDIR/mysqld.pid" --mysqlx=OFF \
    --secure-file-priv= --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --max-connections=500 --log-error="/var/log/mysqld-divemap.log" \
    </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 120); do
    if answers; then log "MySQL answers on 127.0.0.1:$PORT"; return; fi
    sleep 1
  done
  log "MySQL did not answer on 127.0.0.1:$PORT within 120 s; last lines of its log:"
  tail -n 30 "$LOG" >&2 || true
  exit 1
}

stop() {
  if [ -f "$PIDFILE" ]; then
    local pid; pid="$(cat "$PIDFILE")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  fi
  if answers; then log "MySQL on 127.0.0.1:$PORT is still up"; exit 1; fi
  log "MySQL on 127.0.0.1:$PORT stopped"
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  status) answers ;;
  url) echo "mysql://root@127.0.0.1:$PORT" ;;
  *) echo "usage: $0 [start|stop|status|url]" >&2; exit 2 ;;
esac
