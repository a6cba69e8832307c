#!/usr/bin/env bash
# One-node Ceph cluster (monitor + OSD + RADOS Gateway) on 127.0.0.1, used as the
# SigV4-checking S3 server for tests, the demo and benchmarks. By default it is throwaway
# (a memstore OSD: data in RAM, gone at stop); with CEPH_RGW_PERSIST=1 the OSD is BlueStore on
# a sparse file in DIR, and a later `start DIR` restarts that cluster with its data.
#
#   scripts/ceph-rgw.sh start DIR [RGW_PORT]   everything lives in DIR; prints DIR/endpoint.json
#   scripts/ceph-rgw.sh stop DIR               stops the daemons started for DIR
#   scripts/ceph-rgw.sh kill-gateway DIR       SIGKILLs the gateway only (monitor and OSD keep the data)
#   scripts/ceph-rgw.sh start-gateway DIR      starts the gateway again on its port, waits for it to answer
#
# Env: CEPH_RGW_ACCESS_KEY, CEPH_RGW_SECRET_KEY, CEPH_RGW_REGION (us-east-1),
#      CEPH_RGW_MEMSTORE_BYTES (RAM cap of the OSD, 4 GiB), CEPH_RGW_START_TIMEOUT (60 s),
#      CEPH_RGW_EXTRA_CONF (extra ceph.conf lines, e.g. "debug rgw = 20", for diagnosis),
#      CEPH_RGW_STOP_TIMEOUT (seconds each daemon gets after TERM before KILL, 10),
#      CEPH_RGW_PERSIST=1 (keep the data in DIR between runs; the demo's),
#      CEPH_RGW_BLOCK_BYTES (size of the persistent OSD's sparse block file, 20 GiB).
# The facts behind the settings are in /work/shared/notes/s3-test-servers.md; the
# "why" of each is next to it below.
set -euo pipefail

ACCESS_KEY="${CEPH_RGW_ACCESS_KEY:-MSWTESTACCESSKEY0001}"
SECRET_KEY="${CEPH_RGW_SECRET_KEY:-msw-test-secret-key-0000000000000000000001}"
REGION="${CEPH_RGW_REGION:-us-east-1}"
MEMSTORE_BYTES="${CEPH_RGW_MEMSTORE_BYTES:-4294967296}"
START_TIMEOUT="${CEPH_RGW_START_TIMEOUT:-60}"
PERSIST="${CEPH_RGW_PERSIST:-0}"
BLOCK_BYTES="${CEPH_RGW_BLOCK_BYTES:-21474836480}"
STOP_TIMEOUT="${CEPH_RGW_STOP_TIMEOUT:-10}"
EMPTY_SHA256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855

die() { echo "ceph-rgw: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
# Phase times go to DIR/log/start-phases.txt so a slow start can be explained afterwards.
phase() { echo "$(( $(now_ms) - T0 )) ms $*" >>"$DIR/log/start-phases.txt"; }

port_busy() { [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; }

# Random rather than sequential so that clusters started at the same moment by parallel
# test runs rarely pick the same ports; each pick is still checked against ss. Below the
# kernel's ephemeral range (32768+), where outgoing connections and port-0 listeners
# took a picked gateway port in the seconds before radosgw bound it.
pick_port() {
  local p i
  for i in $(seq 1 200); do
    p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
    if ! port_busy "$p" && [[ " ${PICKED:-} " != *" $p "* ]]; then
      PICKED="${PICKED:-} $p"; echo "$p"; return 0
    fi
  done
  die "no free port found"
}

# Only our own daemons are signalled: the PID must still run a ceph binary whose command
# line names this cluster's config, so a reused PID is never killed.
ours() {
  local pid=$1 conf=$2
  [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$conf"
}

# Gateway first, monitor last: a gateway whose monitor is already gone waits ~5 s for it
# before exiting. Each daemon gets STOP_TIMEOUT seconds after TERM, then KILL.
stop_cluster() {
  local dir=$1 conf="$1/ceph.conf" name pid deadline
  [ -d "$dir/pids" ] || return 0
  for name in rgw osd mon; do
    [ -e "$dir/pids/$name.pid" ] || continue
    pid=$(cat "$dir/pids/$name.pid")
    if ours "$pid" "$conf"; then
      kill -TERM "$pid" 2>/dev/null || true
      deadline=$(( $(now_ms) + STOP_TIMEOUT * 1000 ))
      while ours "$pid" "$conf" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.02; done
      if ours "$pid" "$conf"; then
        echo "ceph-rgw: $name (pid $pid) ignored TERM for ${STOP_TIMEOUT}s, killing" >&2
        kill -KILL "$pid" 2>/dev/null || true
        while ours "$pid" "$conf"; do sleep 0.02; done
      fi
    fi
    rm -f "$dir/pids/$name.pid"
  done
  # A daemon whose start script was killed between spawning it and writing its pid file has
  # no pid file; it still names this cluster's config on its command line.
  local p comm matches
  matches=$(grep -laF -- "$conf" /proc/[0-9]*/cmdline 2>/dev/null | sed 's|^/proc/\([0-9]*\)/cmdline$|\1|') || true
  # In the same order as above, for the same reason.
  for comm in radosgw radosgw-admin ceph ceph-osd ceph-mon; do
    for p in $matches; do
      [ "$(cat "/proc/$p/comm" 2>/dev/null)" = "$comm" ] || continue
      kill -TERM "$p" 2>/dev/null || true
      deadline=$(( $(now_ms) + STOP_TIMEOUT * 1000 ))
      while ours "$p" "$conf" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.02; done
      if ours "$p" "$conf"; then kill -KILL "$p" 2>/dev/null || true; fi
    done
  done
}

# Starts a daemon in the foreground (-f) in its own session, so that a test runner's
# Ctrl-C or process-group kill does not reach it half-way and stop leaves nothing behind.
spawn() {
  local name=$1; shift
  setsid "$@" -f </dev/null >>"$DIR/log/$name.out" 2>&1 &
  echo $! >"$DIR/pids/$name.pid"
}

alive() { ours "$(cat "$DIR/pids/$1.pid")" "$CONF"; }

fail_start() {
  echo "ceph-rgw: $*" >&2
  local f
  for f in "$DIR"/log/*.out "$DIR"/log/*.log; do
    [ -s "$f" ] && { echo "--- tail of $f" >&2; tail -n 15 "$f" >&2; }
  done
  stop_cluster "$DIR"
  exit 1
}

wait_for() { # description, command...
  local what=$1 d; shift
  local deadline=$(( $(now_ms) + START_TIMEOUT * 1000 ))
  until "$@" >/dev/null; do
    for d in mon osd rgw; do
      if [ -e "$DIR/pids/$d.pid" ] && ! alive "$d"; then fail_start "$d daemon exited while waiting for $what"; fi
    done
    [ "$(now_ms)" -lt "$deadline" ] || fail_start "timed out waiting for $what"
    sleep 0.05
  done
}

signed_list_ok() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
    --aws-sigv4 "aws:amz:$REGION:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
    -H "x-amz-content-sha256: $EMPTY_SHA256" "http://127.0.0.1:$RGW_PORT/")
  [ "$code" = 200 ]
}

http_up() { curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$RGW_PORT/"; }

# "Address already in use" in a .out file is what makes the caller retry on other ports.
port_taken() {
  echo "port $1: Address already in use by another process" >>"$DIR/log/ports.out"
  fail_start "port $1 was taken by another process during start"
}

# Fails at once when another process holds a monitor port: ceph-mon itself would keep
# retrying the bind for 15 s. The note in a .out file lets the caller retry elsewhere.
mon_listens_on_ours() {
  local port listeners mine=0
  for port in "$MON_V2" "$MON_V1"; do
    listeners=$(ss -Hltnp "sport = :$port")
    if [ -n "$listeners" ] && ! grep -q "pid=$(cat "$DIR/pids/mon.pid")," <<<"$listeners"; then
      port_taken "$port"
    fi
    [ -n "$listeners" ] && mine=$((mine + 1))
  done
  [ "$mine" -eq 2 ]
}

# The OSD's object store. memstore keeps everything in RAM (fast, gone at stop); the persistent
# cluster uses BlueStore on a sparse file in the OSD's directory, with a small cache so that an
# idle demo stays light, and no fsck on mount so that a restart stays fast.
osd_store_conf() {
  if [ "$PERSIST" = 1 ]; then
    cat <<EOF
osd objectstore = bluestore
bluestore block create = true
bluestore block size = $BLOCK_BYTES
bluestore block db create = false
bluestore block wal create = false
bluestore cache autotune = false
bluestore cache size = 134217728
bluestore fsck on mount = false
osd memory target = 939524096
# The OSD opens and closes the block file once per op shard while it starts, and each close
# waited for the aio thread's poll (250 ms): 5 shards made a restart ~1.5 s slower.
osd op num shards = 1
osd op num threads per shard = 2
bdev aio poll ms = 20
EOF
  else
    cat <<EOF
osd objectstore = memstore
memstore device bytes = $MEMSTORE_BYTES
EOF
  fi
}

write_conf() { # fsid
  cat >"$CONF" <<EOF
[global]
fsid = $1
mon host = [v2:127.0.0.1:$MON_V2,v1:127.0.0.1:$MON_V1]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
# No cephx: one-user throwaway cluster. Without the crc/secure modes radosgw hangs at
# start with "get_initial_auth_request returned -13".
auth cluster required = none
auth service required = none
auth client required = none
ms mon client mode = crc secure
ms client mode = crc secure
keyring = $DIR/keyring
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
log file = $DIR/log/\$name.log
# One OSD holds every replica.
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
# Default paxos pacing made the gateway start in ~9 s and each first bucket/put ~2 s.
paxos propose interval = 0.05
paxos min wait = 0.01
# The gateway starts while the OSD boots; an op it sent before the OSD was up waited
# for the objecter's next tick (5 s by default) to fetch the new map, so one start in
# four took 6-8 s instead of ~1.5 s.
objecter tick interval = 0.5
# A nearly full host disk must not make the throwaway monitor shut itself down.
mon data avail crit = 0
mon data avail warn = 0

[mon]
mon data = $DIR/mon/\$cluster-\$id

[osd]
osd data = $DIR/osd/\$cluster-\$id
$(osd_store_conf)

[client.rgw.a]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $DIR/rgw
# Deleted objects otherwise stay in the memstore (RAM) for up to two hours.
rgw gc obj min wait = 5
rgw gc processor period = 5
rgw gc processor max time = 5
# Lifecycle workers sleep 5 s between lock attempts and shutdown waits for them, so with
# them on every stop took 5 s. Lifecycle rules are still stored, just never run.
rgw enable lc threads = false

[global]
${CEPH_RGW_EXTRA_CONF:-}
EOF
}

pick_ports() {
  if [ -n "$RGW_PORT" ]; then
    port_busy "$RGW_PORT" && die "port $RGW_PORT is already in use"
    PICKED=" $RGW_PORT "
  else
    RGW_PORT=$(pick_port)
  fi
  MON_V2=$(pick_port); MON_V1=$(pick_port)
}

start_mon() {
  # Re-checked right before binding: with a busy monitor port a second cluster's tools
  # silently talk to the first cluster.
  for p in "$MON_V2" "$MON_V1"; do port_busy "$p" && port_taken "$p"; done
  spawn mon ceph-mon -c "$CONF" -i a
  wait_for "the monitor to listen" mon_listens_on_ours
  phase "monitor listening"
}

start_osd_and_gateway() { # osd id
  spawn osd ceph-osd -c "$CONF" -i "$1"
  spawn rgw radosgw -c "$CONF" -n client.rgw.a
  wait_for "the gateway to answer HTTP" http_up
  phase "gateway answers HTTP"
}

write_endpoint() {
  local tmp="$DIR/endpoint.json.tmp"
  cat >"$tmp" <<EOF
{
  "endpoint": "http://127.0.0.1:$RGW_PORT",
  "accessKeyId": "$ACCESS_KEY",
  "secretAccessKey": "$SECRET_KEY",
  "region": "$REGION",
  "startMs": $(( $(now_ms) - T0 ))
}
EOF
  mv "$tmp" "$DIR/endpoint.json"
  cat "$DIR/endpoint.json"
}

# A persistent cluster made before: the monitor, the OSD and the gateway user are on disk. The
# ports are picked afresh (the old ones may be taken now), so the monitor's map is rewritten
# with its new address before it starts.
restart_cluster() {
  local fsid osd_id
  fsid=$(sed -n 's/^fsid = //p' "$CONF")
  osd_id=$(cat "$DIR/osd-id")
  [ -n "$fsid" ] && [ -n "$osd_id" ] || die "$DIR/ceph.conf or $DIR/osd-id is incomplete; delete $DIR to start over"
  # Logs are of this run only: they would grow without bound, and an old "Address already in
  # use" would make the caller retry a failure it does not explain.
  rm -rf "$DIR/run" "$DIR/log" "$DIR/endpoint.json" "$DIR/monmap"
  mkdir -p "$DIR/run" "$DIR/log" "$DIR/pids"
  pick_ports
  write_conf "$fsid"
  ceph-mon -c "$CONF" -i a --extract-monmap "$DIR/monmap" >"$DIR/log/monmap.out" 2>&1 || fail_start "ceph-mon --extract-monmap failed"
  monmaptool --rm a "$DIR/monmap" >>"$DIR/log/monmap.out" 2>&1 || fail_start "monmaptool --rm failed"
  monmaptool --addv a "[v2:127.0.0.1:$MON_V2,v1:127.0.0.1:$MON_V1]" "$DIR/monmap" >>"$DIR/log/monmap.out" 2>&1 \
    || fail_start "monmaptool --addv failed"
  ceph-mon -c "$CONF" -i a --inject-monmap "$DIR/monmap" >>"$DIR/log/monmap.out" 2>&1 || fail_start "ceph-mon --inject-monmap failed"
  phase "monitor map moved to the new ports"
  start_mon
  start_osd_and_gateway "$osd_id"
  wait_for "a SigV4-signed request to succeed" signed_list_ok
  phase "signed request succeeded"
  write_endpoint
}

start_cluster() {
  T0=$(now_ms)
  mkdir -p "$DIR"
  DIR=$(cd "$DIR" && pwd)
  CONF="$DIR/ceph.conf"
  if [ -d "$DIR/pids" ] && compgen -G "$DIR/pids/*.pid" >/dev/null; then
    die "$DIR already has a cluster; stop it first"
  fi
  # "created" is written last: a cluster whose creation was interrupted is made again.
  if [ "$PERSIST" = 1 ] && [ -e "$DIR/created" ]; then
    restart_cluster
    return
  fi
  rm -rf "$DIR/mon" "$DIR/osd" "$DIR/run" "$DIR/log" "$DIR/monmap" "$DIR/endpoint.json" "$DIR/osd-id"
  mkdir -p "$DIR/mon" "$DIR/osd" "$DIR/run" "$DIR/log" "$DIR/pids"

  pick_ports
  local fsid; fsid=$(cat /proc/sys/kernel/random/uuid)
  write_conf "$fsid"
  : >"$DIR/keyring"

  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$MON_V2,v1:127.0.0.1:$MON_V1]" \
    "$DIR/monmap" >"$DIR/log/monmaptool.out" 2>&1 || fail_start "monmaptool failed"
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" >"$DIR/log/mon-mkfs.out" 2>&1 \
    || fail_start "ceph-mon --mkfs failed"
  phase "monitor created"
  start_mon

  local osd_uuid osd_id
  osd_uuid=$(cat /proc/sys/kernel/random/uuid)
  osd_id=$(timeout "$START_TIMEOUT" ceph -c "$CONF" osd new "$osd_uuid" 2>>"$DIR/log/ceph-cli.out") \
    || fail_start "ceph osd new failed"
  echo "$osd_id" >"$DIR/osd-id"
  phase "osd $osd_id registered"
  mkdir -p "$DIR/osd/ceph-$osd_id"
  ceph-osd -c "$CONF" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >"$DIR/log/osd-mkfs.out" 2>&1 \
    || fail_start "ceph-osd --mkfs failed"
  phase "osd created"
  start_osd_and_gateway "$osd_id"

  timeout "$START_TIMEOUT" radosgw-admin -c "$CONF" user create --uid=msw-test \
    --display-name="Media Storage Workbench tests" \
    --access-key="$ACCESS_KEY" --secret-key="$SECRET_KEY" >"$DIR/log/user-create.out" 2>&1 \
    || fail_start "radosgw-admin user create failed"
  phase "user created"
  wait_for "a SigV4-signed request to succeed" signed_list_ok
  phase "signed request succeeded"
  : >"$DIR/created"
  write_endpoint
}

cmd=${1:-}; DIR=${2:-}; RGW_PORT=${3:-}
[ -n "$DIR" ] || die "usage: $0 start DIR [RGW_PORT] | stop DIR"
case "$cmd" in
  start)
    for b in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph ss curl setsid; do
      command -v "$b" >/dev/null || die "$b not found (apt-get install --no-install-recommends ceph-mon ceph-osd radosgw ceph-common)"
    done
    [[ "$RGW_PORT" =~ ^[0-9]*$ ]] || die "RGW_PORT must be a number"
    # A port picked free can still be taken before the daemon binds it (parallel runs);
    # then start again on fresh ports. A gateway port the caller fixed is kept, so that
    # retry only helps while that port is still free.
    for attempt in 1 2 3; do
      set +e; ( set -e; start_cluster ); rc=$?; set -e
      [ "$rc" -eq 0 ] && exit 0
      grep -qs "Address already in use" "$DIR"/log/*.out || exit "$rc"
      [ -n "$RGW_PORT" ] && port_busy "$RGW_PORT" && exit "$rc"
      echo "ceph-rgw: a port was taken during start (attempt $attempt), retrying on other ports" >&2
    done
    exit 1 ;;
  stop) stop_cluster "$(cd "$DIR" 2>/dev/null && pwd || echo "$DIR")" ;;
  # A gateway crash mid-upload, for the fault tests: the data (in the OSD) survives, as it does
  # when a production gateway restarts.
  kill-gateway)
    DIR=$(cd "$DIR" && pwd); CONF="$DIR/ceph.conf"
    pid=$(cat "$DIR/pids/rgw.pid")
    if ours "$pid" "$CONF"; then
      kill -KILL "$pid"
      while ours "$pid" "$CONF"; do sleep 0.02; done
    fi ;;
  start-gateway)
    DIR=$(cd "$DIR" && pwd); CONF="$DIR/ceph.conf"
    RGW_PORT=$(sed -n 's|.*"endpoint": "http://127.0.0.1:\([0-9]*\)".*|\1|p' "$DIR/endpoint.json")
    [ -n "$RGW_PORT" ] || die "no gateway port in $DIR/endpoint.json"
    spawn rgw radosgw -c "$CONF" -n client.rgw.a
    wait_for "the restarted gateway to answer a signed request" signed_list_ok ;;
  *) die "usage: $0 start DIR [RGW_PORT] | stop DIR | kill-gateway DIR | start-gateway DIR" ;;
esac
