# shellcheck shell=bash
#
# postgres.sh — PostgreSQL: its folder, start (initdb at the first start), the role and the
# databases of services.sh, stop. Sourced by stack.sh.

pg_bin_dir() {
  if [[ -n ${TASKFLOW_PG_BIN:-} ]]; then
    printf '%s' "$TASKFLOW_PG_BIN"
    return
  fi
  local d best=''
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/pg_ctl ]] && best=$d
  done
  [[ -n $best ]] || best=/usr/lib/postgresql/15/bin
  printf '%s' "$best"
}
PG_BIN=$(pg_bin_dir)

# PostgreSQL refuses to run as root, so as root its binaries run as the user postgres, which must
# be able to enter every parent of its folder. Its folder is $TASKFLOW_HOME/data/postgres; when
# postgres cannot enter $TASKFLOW_HOME (say it is under a 0700 home folder), or the socket path
# would be too long for a unix socket, it is /tmp/taskflow-pg-<hash of $TASKFLOW_HOME> instead,
# with a symlink at $TASKFLOW_HOME/data/postgres. The choice is made once, at the first start.
PG_ROOT=''
pg_layout() { # [create]: decide where the folder goes (first start only)
  local link=$DATA_DIR/postgres sock hash
  if [[ -L $link ]]; then
    PG_ROOT=$(readlink -- "$link")
  else
    PG_ROOT=$link
    sock="$link/run/.s.PGSQL.$PG_PORT"
    if [[ ${1:-} == create && ! -d $link ]] && { ((${#sock} > 100)) || ! can_enter postgres "$DATA_DIR"; }; then
      hash=$(printf '%s' "$TF_HOME" | sha256sum | cut -c1-12)
      PG_ROOT=/tmp/taskflow-pg-$hash
      say "postgres cannot use $link (a parent folder it cannot enter, or a socket path over 100"
      say "characters): its folder is $PG_ROOT, symlinked from $link"
      mkdir -p -- "$PG_ROOT"
      ln -sfn -- "$PG_ROOT" "$link"
    fi
  fi
  PGDATA=$PG_ROOT/data
  PG_SOCK=$PG_ROOT/run
  PG_LOGFILE=$PG_ROOT/postgres.log
}
pg_layout
as_pg() {
  if ((EUID == 0)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}
pg_pid() { running_pid "$PGDATA/postmaster.pid" postgres; }
pg_psql() { # superuser psql over the private socket
  as_pg "$PG_BIN/psql" -h "$PG_SOCK" -p "$PG_PORT" -U postgres -X -v ON_ERROR_STOP=1 "$@"
}

start_postgres() {
  local pid owner=postgres
  ((EUID == 0)) || owner=$(id -un)
  if pid=$(pg_pid); then
    say "PostgreSQL already running (pid $pid, port $PG_PORT)"
  else
    [[ -x $PG_BIN/pg_ctl ]] || die "PostgreSQL not found in $PG_BIN: run deploy/local/install-deps.sh (or set TASKFLOW_PG_BIN)"
    check_port "$PG_PORT" PostgreSQL TASKFLOW_PG_PORT
    pg_layout create
    mkdir -p -- "$PG_ROOT" "$PG_SOCK"
    chown -- "$owner" "$PG_ROOT" "$PG_SOCK"
    chmod 0750 -- "$PG_ROOT"
    chmod 0700 -- "$PG_SOCK"
    ln -sfn -- "$PG_LOGFILE" "$LOG_DIR/postgres.log"
    if [[ ! -s $PGDATA/PG_VERSION ]]; then
      if [[ -d $PGDATA ]] && [[ -n $(ls -A -- "$PGDATA") ]]; then
        die "$PGDATA exists but holds no PostgreSQL cluster: remove it and run again"
      fi
      step "initialising PostgreSQL data folder $PGDATA"
      # Local (socket) connections are trusted: the socket folder is private to postgres (0700).
      # TCP connections need a password (scram-sha-256).
      as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$PG_ROOT/initdb.log" 2>&1 ||
        {
          show_log_tail "$PG_ROOT/initdb.log"
          die "initdb failed (see $PG_ROOT/initdb.log)"
        }
      printf "\ninclude_if_exists = 'taskflow.conf'\n" >>"$PGDATA/postgresql.conf"
      ok
    fi
    # Rewritten on every start, so a new port applies.
    cat >"$PGDATA/taskflow.conf" <<EOF
# Written by deploy/local/stack.sh on every start; edits are lost.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCK'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 256MB
log_line_prefix = '%m [%p] %q%u@%d '
log_timezone = 'UTC'
timezone = 'UTC'
EOF
    chown -- "$owner" "$PGDATA/taskflow.conf"
    step "starting PostgreSQL on 127.0.0.1:$PG_PORT"
    local t0
    t0=$(now)
    if ! as_pg setsid "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$PG_LOGFILE" -w -t 60 -s start >/dev/null 2>&1; then
      show_log_tail "$PG_LOGFILE"
      die "PostgreSQL did not start (see $PG_LOGFILE)"
    fi
    ok "pid $(pg_pid || echo '?'), $(elapsed_since "$t0")"
  fi
  pg_setup
}

# Role and databases, idempotently (every start: cheap, and repairs a half-done first run).
pg_setup() {
  local db ext sql
  step "creating role taskflow and databases ${DATABASES[*]}"
  sql="DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'taskflow') THEN
    CREATE ROLE taskflow LOGIN;
  END IF;
END \$\$;
ALTER ROLE taskflow WITH LOGIN CREATEDB PASSWORD 'taskflow';
"
  for db in "${DATABASES[@]}"; do
    sql+="SELECT format('CREATE DATABASE %I OWNER taskflow', '$db')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \\gexec
"
  done
  for db in "${DATABASES[@]}"; do
    for ext in ${DB_EXTENSIONS[$db]}; do
      sql+="\\connect $db
CREATE EXTENSION IF NOT EXISTS $ext;
"
    done
  done
  local out
  if ! out=$(printf '%s' "$sql" | pg_psql -q -d postgres 2>&1); then
    printf '%s\n' "$out" >&2
    die "could not create the role and databases"
  fi
  ok
}

stop_postgres() {
  local pid
  if ! pid=$(pg_pid); then
    say "PostgreSQL not running"
    return
  fi
  step "stopping PostgreSQL (pid $pid)"
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 10 -s stop >/dev/null 2>&1; then
    ok
  else
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m immediate -w -t 10 -s stop >/dev/null 2>&1 || kill -KILL "$pid" 2>/dev/null || true
    wait_dead "$pid" 5 || true
    note "stopped with -m immediate (no fast shutdown within 10 s)"
  fi
}
