#!/usr/bin/env bash
# Real OpenStack Keystone and Heat on loopback, for tests and the local sandbox (no Nova, no Neutron).
#
#   scripts/openstack-sandbox.sh up      install (Debian packages) if needed, start, print the clouds.yaml path
#   scripts/openstack-sandbox.sh down    stop everything and remove the state folder
#   scripts/openstack-sandbox.sh status  say whether it runs
#
# Settings (environment): TRAAS_SANDBOX_DIR (default /tmp/traas-openstack), TRAAS_PG_PORT (15432),
# TRAAS_KEYSTONE_PORT (15000), TRAAS_HEAT_PORT (18004), TRAAS_TOKEN_EXPIRATION (seconds, 3600).
# Passwords are generated at start, kept in the state folder (mode 600) and never printed.
set -Eeuo pipefail

dir=${TRAAS_SANDBOX_DIR:-/tmp/traas-openstack}
pg_port=${TRAAS_PG_PORT:-15432}
ks_port=${TRAAS_KEYSTONE_PORT:-15000}
heat_port=${TRAAS_HEAT_PORT:-18004}
expiration=${TRAAS_TOKEN_EXPIRATION:-3600}
packages=(heat-api heat-engine keystone python3-openstackclient python3-heatclient postgresql python3-psycopg2)
ks_url="http://127.0.0.1:${ks_port}/v3"

log() { echo "openstack-sandbox: $*" >&2; }
die() { log "$*"; exit 1; }
trap 'log "failed at line $LINENO: $BASH_COMMAND (logs in $dir)"' ERR

install_packages() {
  local missing=()
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" -eq 0 ] || die "${missing[*]} missing: run as root, or install them with apt-get"
  log "installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

wait_for() { # url, seconds, name
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null || curl -sS -o /dev/null -w '%{http_code}' "$1" 2>/dev/null | grep -q '^[2-4]'; do
    [ $SECONDS -lt $deadline ] || die "$3 did not answer on $1 within $2 s; see $dir/*.log"
    sleep 0.5
  done
}

running() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

pg_bin() { find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d | sort -V | tail -1; }

start_postgres() {
  local bin
  bin=$(pg_bin)
  mkdir -p "$dir/pg" "$dir/pgsock" "$dir/pglog"
  chown postgres:postgres "$dir/pg" "$dir/pgsock" "$dir/pglog"
  [ -f "$dir/pg/PG_VERSION" ] || su postgres -s /bin/sh -c "$bin/initdb -A trust -D $dir/pg" >"$dir/initdb.log" 2>&1
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir/pg -l $dir/pglog/postgres.log -o '-k $dir/pgsock -c listen_addresses=127.0.0.1 -p $pg_port' start -w" >/dev/null
  for db in keystone heat; do
    psql -h 127.0.0.1 -p "$pg_port" -U postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1 \
      || psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "create database $db" >/dev/null
  done
}

secret() { # name: generated once, then reused
  [ -s "$dir/secrets/$1" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/secrets/$1")
  cat "$dir/secrets/$1"
}

start_keystone() {
  cat > "$dir/keystone.conf" <<CONF
[DEFAULT]
log_file = $dir/keystone.log
[database]
connection = postgresql://postgres@127.0.0.1:$pg_port/keystone
[token]
provider = fernet
expiration = $expiration
[fernet_tokens]
key_repository = $dir/fernet-keys
[fernet_receipts]
key_repository = $dir/fernet-keys
[credential]
key_repository = $dir/credential-keys
CONF
  {
    keystone-manage --config-file "$dir/keystone.conf" db_sync
    keystone-manage --config-file "$dir/keystone.conf" fernet_setup --keystone-user root --keystone-group root
    keystone-manage --config-file "$dir/keystone.conf" credential_setup --keystone-user root --keystone-group root
    keystone-manage --config-file "$dir/keystone.conf" bootstrap --bootstrap-password "$(secret admin)" \
      --bootstrap-admin-url "$ks_url/" --bootstrap-public-url "$ks_url/" --bootstrap-internal-url "$ks_url/" \
      --bootstrap-region-id RegionOne
  } >>"$dir/keystone-manage.log" 2>&1
  setsid nohup keystone-wsgi-public --host 127.0.0.1 --port "$ks_port" -- --config-file "$dir/keystone.conf" >>"$dir/keystone.out" 2>&1 &
  echo $! > "$dir/keystone.pid"
  wait_for "$ks_url" 60 keystone
}

admin() { # runs the openstack client as the sandbox admin
  OS_AUTH_URL="$ks_url" OS_USERNAME=admin OS_PASSWORD="$(secret admin)" OS_PROJECT_NAME=admin \
    OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default OS_IDENTITY_API_VERSION=3 \
    openstack "$@" 2> >(grep -v -e "Exception ignored" -e getcurrent -e "^$" >&2 || true)
}

register_identities() {
  admin project show service >/dev/null 2>&1 || admin project create service --domain default >/dev/null
  admin user show heat --domain default >/dev/null 2>&1 || admin user create heat --domain default --password "$(secret heat)" >/dev/null
  admin role add --project service --user heat admin
  admin domain show heat >/dev/null 2>&1 || admin domain create heat >/dev/null
  admin user show heat_domain_admin --domain heat >/dev/null 2>&1 || admin user create heat_domain_admin --domain heat --password "$(secret heat_domain)" >/dev/null
  admin role add --domain heat --user-domain heat --user heat_domain_admin admin
  admin role show heat_stack_owner >/dev/null 2>&1 || admin role create heat_stack_owner >/dev/null
  admin role show heat_stack_user >/dev/null 2>&1 || admin role create heat_stack_user >/dev/null
  admin project show traas >/dev/null 2>&1 || admin project create traas --domain default >/dev/null
  admin user show traas --domain default >/dev/null 2>&1 || admin user create traas --domain default --password "$(secret traas)" >/dev/null
  admin role add --project traas --user traas member
  admin role add --project traas --user traas heat_stack_owner
  admin service show orchestration >/dev/null 2>&1 || admin service create --name heat orchestration >/dev/null
  if [ -z "$(admin endpoint list --service orchestration -f value -c ID)" ]; then
    for interface in public internal admin; do
      admin endpoint create --region RegionOne orchestration "$interface" "http://127.0.0.1:$heat_port/v1/%(tenant_id)s" >/dev/null
    done
  fi
}

start_heat() {
  cat > "$dir/heat.conf" <<CONF
[DEFAULT]
transport_url = fake://
log_file = $dir/heat.log
num_engine_workers = 1
stack_domain_admin = heat_domain_admin
stack_domain_admin_password = $(secret heat_domain)
stack_user_domain_name = heat
region_name_for_services = RegionOne
[heat_all]
enabled_services = api,engine
[database]
connection = postgresql://postgres@127.0.0.1:$pg_port/heat
[heat_api]
bind_host = 127.0.0.1
bind_port = $heat_port
workers = 1
[keystone_authtoken]
region_name = RegionOne
auth_type = password
auth_url = $ks_url
www_authenticate_uri = $ks_url
username = heat
password = $(secret heat)
project_name = service
user_domain_name = Default
project_domain_name = Default
[trustee]
auth_type = password
auth_url = $ks_url
username = heat
password = $(secret heat)
user_domain_name = Default
[clients_keystone]
auth_uri = http://127.0.0.1:$ks_port
[oslo_messaging_notifications]
driver = noop
[paste_deploy]
api_paste_config = /etc/heat/api-paste.ini
CONF
  chmod 600 "$dir/heat.conf"
  heat-manage --config-file "$dir/heat.conf" db_sync >>"$dir/heat-manage.log" 2>&1
  # Only our file: Debian's /etc/heat/heat.conf sets keystone_authtoken.region_name = regionOne, which
  # keystonemiddleware keeps even when a later file says otherwise.
  setsid nohup heat-all --config-file "$dir/heat.conf" >>"$dir/heat.out" 2>&1 &
  echo $! > "$dir/heat.pid"
  wait_for "http://127.0.0.1:$heat_port/" 90 heat
}

write_clouds_yaml() {
  (umask 077; cat > "$dir/clouds.yaml" <<CONF
clouds:
  traas-sandbox:
    auth:
      auth_url: $ks_url
      username: traas
      password: $(secret traas)
      project_name: traas
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    interface: public
    identity_api_version: 3
  traas-sandbox-admin:
    auth:
      auth_url: $ks_url
      username: admin
      password: $(secret admin)
      project_name: admin
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
    identity_api_version: 3
CONF
  )
}

up() {
  if running keystone && running heat; then
    echo "$dir/clouds.yaml"
    return
  fi
  install_packages
  mkdir -p "$dir/secrets"
  # PostgreSQL runs as its own user and must reach its folder; the secrets stay root's.
  chmod 711 "$dir"
  chmod 700 "$dir/secrets"
  log "starting PostgreSQL on 127.0.0.1:$pg_port, Keystone on :$ks_port, Heat on :$heat_port (state in $dir)"
  start_postgres
  start_keystone
  register_identities
  start_heat
  write_clouds_yaml
  log "up: OS_CLIENT_CONFIG_FILE=$dir/clouds.yaml OS_CLOUD=traas-sandbox"
  echo "$dir/clouds.yaml"
}

down() {
  # Each service was started as the leader of its own process group: stop the whole group.
  for service in heat keystone; do
    if running "$service"; then kill -- "-$(cat "$dir/$service.pid")" 2>/dev/null || true; fi
  done
  if [ -f "$dir/pg/postmaster.pid" ]; then
    local bin
    bin=$(pg_bin)
    su postgres -s /bin/sh -c "$bin/pg_ctl -D $dir/pg stop -m fast" >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  log "down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) if running keystone && running heat; then echo "up ($dir)"; else echo "down"; exit 1; fi ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
