#!/usr/bin/env bash
# The README's two first commands, as people run them: `npm install && npm start` on a fresh clone,
#   1. as a normal user in his home (the database must run as him; no system user created), and
#   2. as root from a mode-700 folder (the postgres system user cannot enter it).
# Each: wait for /api/health, sign in with a demo account from data/demo-accounts.txt, press Ctrl-C (SIGINT to the
# process group, as a terminal does), and check that the server exited and no PostgreSQL of that clone is left.
# Run by .ci/run as root. Usage: .ci/start-as-users.sh [normal|root ...] (both by default).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
scenarios=("${@:-normal root}")
[ "$(id -u)" = 0 ] || { echo "start-as-users.sh must run as root (it creates a throwaway user)"; exit 2; }

fail() { echo "FAIL: $*"; [ -n "${log:-}" ] && [ -f "$log" ] && { echo "--- server output ---"; tail -n 60 "$log"; }; exit 1; }

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# start_and_check <as-user|""> <clone dir>: npm install, npm start in its own session, health, sign-in, Ctrl-C, checks.
start_and_check() {
  local user="$1" dir="$2" port pid pgid i body account
  port="$(free_port)"
  log="$(mktemp)"
  chmod 644 "$log"
  local run=(bash -c)
  # That user's own environment (HOME for npm's cache and config, the default PATH), nothing of root's. setpriv execs
  # the shell directly; runuser and su stay as a parent that answers Ctrl-C by killing the shell within seconds.
  if [ -n "$user" ]; then
    local home
    home="$(getent passwd "$user" | cut -d: -f6)"
    run=(setpriv --reuid="$user" --regid="$user" --init-groups env -i HOME="$home" USER="$user" LOGNAME="$user"
      PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 bash -c)
  fi
  echo "-- npm install in $dir (as ${user:-root})"
  "${run[@]}" "cd '$dir' && npm install --no-audit --no-fund" >>"$log" 2>&1 || fail "npm install"
  echo "-- npm start on port $port"
  # setsid: a session and process group of its own, like a terminal's; SIGINT to the group is Ctrl-C.
  setsid "${run[@]}" "cd '$dir' && exec env -u DATABASE_URL PORT=$port HOST=127.0.0.1 npm start" >>"$log" 2>&1 < /dev/null &
  pid=$!
  pgid="$pid"
  for i in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null 2>&1 && break
    kill -0 "$pid" 2>/dev/null || fail "npm start exited before answering /api/health"
    sleep 1
  done
  curl -fsS "http://127.0.0.1:$port/api/health" >/dev/null || fail "/api/health did not answer within 10 minutes"
  echo "-- health answered after ${i}s"
  [ -f "$dir/data/demo-accounts.txt" ] || fail "no data/demo-accounts.txt"
  account="$(grep '^county_admin ' "$dir/data/demo-accounts.txt" | head -n1)"
  [ -n "$account" ] || fail "no county_admin line in data/demo-accounts.txt"
  body="$(node -e 'const [, u, p] = process.argv[1].split(" "); console.log(JSON.stringify({ username: u, password: p }))' "$account")"
  curl -fsS -H 'content-type: application/json' -d "$body" "http://127.0.0.1:$port/api/auth/login" | grep -q '"mustChangePassword"' \
    || fail "sign-in with the demo account failed"
  echo "-- signed in as $(echo "$account" | cut -d' ' -f2)"
  local pgdir
  pgdir="$(readlink -f "$dir/data/pg")"
  pgrep -f -- "-D $pgdir" >/dev/null || fail "no PostgreSQL process runs $pgdir while the server is up"
  echo "-- Ctrl-C (SIGINT to process group $pgid)"
  kill -INT -- "-$pgid"
  for i in $(seq 1 90); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
  kill -0 "$pid" 2>/dev/null && fail "the server did not exit within 90 s of SIGINT"
  if pgrep -f -- "-D $pgdir" >/dev/null; then
    pgrep -af -- "-D $pgdir"
    fail "a PostgreSQL process of $pgdir is still running after the server exited"
  fi
  echo "-- stopped after ${i}s; no PostgreSQL of $pgdir left"
  rm -f "$log"
}

for scenario in ${scenarios[*]}; do
  case "$scenario" in
    normal)
      echo "== as a normal user, in his home =="
      user="fpci$$"
      useradd -m -s /bin/bash "$user"
      home="$(getent passwd "$user" | cut -d: -f6)"
      cleanup_user() { pkill -KILL -u "$user" 2>/dev/null || true; sleep 1; userdel -r "$user" >/dev/null 2>&1 || true; }
      trap cleanup_user EXIT
      git clone -q --no-local "$repo" "$home/fangpin"
      chown -R "$user:" "$home/fangpin"
      users_before="$(getent passwd | wc -l)"
      start_and_check "$user" "$home/fangpin"
      [ "$(getent passwd | wc -l)" = "$users_before" ] || fail "a system user was created for a normal user's start"
      pgid_owner="$(stat -c %U "$home/fangpin/data/pg")"
      [ "$pgid_owner" = "$user" ] || fail "the cluster is owned by $pgid_owner, not by $user"
      cleanup_user
      trap - EXIT
      echo "== normal user: passed =="
      ;;
    root)
      echo "== as root, from a mode-700 folder =="
      top="$(mktemp -d)"
      chmod 700 "$top"
      git clone -q --no-local "$repo" "$top/fangpin"
      cleanup_root() {
        local target
        target="$(readlink -f "$top/fangpin/data/pg" 2>/dev/null || true)"
        pkill -KILL -f -- "-D $target" 2>/dev/null || true
        case "$target" in /var/lib/fangpin/clusters/*) rm -rf "$target" "$target.origin" ;; esac
        rm -rf "$top"
      }
      trap cleanup_root EXIT
      start_and_check "" "$top/fangpin"
      cleanup_root
      trap - EXIT
      echo "== root from a mode-700 folder: passed =="
      ;;
    *) echo "unknown scenario $scenario"; exit 2 ;;
  esac
done
