#!/usr/bin/env bash
# Real OpenStack Keystone, Heat and Swift on loopback, for tests and the local sandbox (no Nova, no
# Neutron). Swift is a single node (proxy, account, container and object servers, the container
# updater and the object expirer) with Keystone auth, in the catalog as object-store. A second Heat
# (its own database and port) serves region RegionTwo of the same Keystone, with a low stack limit
# (max_stacks_per_tenant), so that providers, capacity refusals and failover meet a real Heat.
# A second project and member user, traas-ops (cloud traas-ops in clouds.yaml), counts only its own
# stacks: the capacity tests' counts are not disturbed by the other tests' stacks.
#
#   scripts/openstack-sandbox.sh up      install (Debian packages) if needed, start, print the clouds.yaml path
#   scripts/openstack-sandbox.sh down    stop everything and remove the state folder
#   scripts/openstack-sandbox.sh status  say whether it runs
#
# Settings (environment): TRAAS_SANDBOX_DIR (default /tmp/traas-openstack), TRAAS_PG_PORT (15432),
# TRAAS_KEYSTONE_PORT (15000), TRAAS_HEAT_PORT (18004), TRAAS_SWIFT_PORT (18080; its storage servers
# use the three ports above it), TRAAS_HEAT2_PORT (RegionTwo's Heat, 18005), TRAAS_HEAT2_MAX_STACKS
# (RegionTwo's max_stacks_per_tenant, 2), TRAAS_TOKEN_EXPIRATION (seconds, 3600).
# Passwords are generated at start, kept in the state folder (mode 600) and never printed.
set -Eeuo pipefail

dir=${TRAAS_SANDBOX_DIR:-/tmp/traas-openstack}
pg_port=${TRAAS_PG_PORT:-15432}
ks_port=${TRAAS_KEYSTONE_PORT:-15000}
heat_port=${TRAAS_HEAT_PORT:-18004}
swift_port=${TRAAS_SWIFT_PORT:-18080}
heat2_port=${TRAAS_HEAT2_PORT:-18005}
heat2_max_stacks=${TRAAS_HEAT2_MAX_STACKS:-2}
expiration=${TRAAS_TOKEN_EXPIRATION:-3600}
packages=(heat-api heat-engine keystone python3-openstackclient python3-heatclient postgresql python3-psycopg2
  swift swift-proxy swift-account swift-container swift-object swift-object-expirer python3-swiftclient
  python3-keystonemiddleware)
ks_url="http://127.0.0.1:${ks_port}/v3"

log() { echo "openstack-sandbox: $*" >&2; }
die() { log "$*"; exit 1; }
trap 'log "failed at line $LINENO: $BASH_COMMAND (logs in $dir)"' ERR

install_packages() {
  # The packages start their own services when they can; the sandbox wants only its own.
  local guard=""
  if [ "$(id -u)" -eq 0 ] && [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && guard=1
  fi
  install_missing
  [ -z "$guard" ] || rm -f /usr/sbin/policy-rc.d
}

install_missing() {
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
  for db in keystone heat heat2; do
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
[identity]
# bcrypt's fewest rounds: every token of the tests checks a password, and 12 rounds cost 0.2 s of
# CPU each (seconds on a loaded 2-core machine). Only the sandbox's own throwaway passwords.
password_hash_rounds = 4
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

# One client call per entry where the client can (--or-show): each call costs seconds on a loaded machine.
register_identities() {
  admin project create --or-show service --domain default >/dev/null
  admin user create --or-show heat --domain default --password "$(secret heat)" >/dev/null
  admin role add --project service --user heat admin
  admin domain create --or-show heat >/dev/null
  admin user create --or-show heat_domain_admin --domain heat --password "$(secret heat_domain)" >/dev/null
  admin role add --domain heat --user-domain heat --user heat_domain_admin admin
  admin role create --or-show heat_stack_owner >/dev/null
  admin role create --or-show heat_stack_user >/dev/null
  admin project create --or-show traas --domain default >/dev/null
  admin user create --or-show traas --domain default --password "$(secret traas)" >/dev/null
  admin role add --project traas --user traas member
  admin role add --project traas --user traas heat_stack_owner
  admin project create --or-show traas-ops --domain default >/dev/null
  admin user create --or-show traas-ops --domain default --password "$(secret traas-ops)" >/dev/null
  # A member, not admin: Heat applies max_stacks_per_tenant only to non-admin requests.
  admin role add --project traas-ops --user traas-ops member
  admin role add --project traas-ops --user traas-ops heat_stack_owner
  admin service show orchestration >/dev/null 2>&1 || admin service create --name heat orchestration >/dev/null
  admin region show RegionTwo >/dev/null 2>&1 || admin region create RegionTwo >/dev/null
  local region port
  for region in RegionOne:$heat_port RegionTwo:$heat2_port; do
    port=${region#*:} region=${region%:*}
    if [ -z "$(admin endpoint list --service orchestration --region "$region" -f value -c ID)" ]; then
      for interface in public internal admin; do
        admin endpoint create --region "$region" orchestration "$interface" "http://127.0.0.1:$port/v1/%(tenant_id)s" >/dev/null
      done
    fi
  done
  admin user create --or-show swift --domain default --password "$(secret swift)" >/dev/null
  admin role add --project service --user swift admin
  admin service show object-store >/dev/null 2>&1 || admin service create --name swift object-store >/dev/null
  if [ -z "$(admin endpoint list --service object-store -f value -c ID)" ]; then
    for interface in public internal admin; do
      admin endpoint create --region RegionOne object-store "$interface" "http://127.0.0.1:$swift_port/v1/AUTH_%(tenant_id)s" >/dev/null
    done
  fi
}

# One storage server's config: name, port.
swift_server_conf() {
  cat > "$dir/swift/$1-server.conf" <<CONF
[DEFAULT]
swift_dir = $dir/swift
devices = $dir/swift/node
mount_check = false
bind_ip = 127.0.0.1
bind_port = $2
workers = 0
user = root
log_name = $1
recon_cache_path = $dir/swift/cache
[pipeline:main]
pipeline = $1-server
[app:$1-server]
use = egg:swift#$1
CONF
}

start_swift() {
  local s=$dir/swift
  mkdir -p "$s/node/d1" "$s/cache" "$s/log"
  cat > "$s/swift.conf" <<CONF
[swift-hash]
swift_hash_path_prefix = traas-sandbox-$(secret swift_hash)
swift_hash_path_suffix = traas-sandbox
[storage-policy:0]
name = Policy-0
default = yes
CONF
  swift_server_conf account $((swift_port + 3))
  swift_server_conf container $((swift_port + 2))
  swift_server_conf object $((swift_port + 1))
  # The updater registers expiring objects, which the expirer then removes (X-Delete-After). Every 5
  # minutes: a sweep forks per container and took 20 s of CPU with 45 containers, so at 5 s it ran
  # most of the time and slowed everything else on the machine. A GET of an expired object is 404 at
  # once anyway (the object server checks X-Delete-At); only the listing waits for the sweep.
  printf '[container-updater]\ninterval = 300\n' >> "$s/container-server.conf"
  cat > "$s/proxy-server.conf" <<CONF
[DEFAULT]
swift_dir = $s
bind_ip = 127.0.0.1
bind_port = $swift_port
workers = 0
user = root
log_name = proxy
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging listing_formats tempurl authtoken keystoneauth copy slo dlo versioned_writes symlink proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
# The fault tests stop the object server: with Swift's default (10 errors), the proxy would then
# refuse the node for a minute after it is back, failing the tests that follow.
error_suppression_limit = 1000000
[filter:authtoken]
paste.filter_factory = keystonemiddleware.auth_token:filter_factory
www_authenticate_uri = http://127.0.0.1:$ks_port
auth_url = http://127.0.0.1:$ks_port
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = swift
password = $(secret swift)
# Public-read containers and temp URLs need the decision left to keystoneauth and tempurl.
delay_auth_decision = True
[filter:keystoneauth]
use = egg:swift#keystoneauth
operator_roles = admin, member
[filter:tempurl]
use = egg:swift#tempurl
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
[filter:versioned_writes]
use = egg:swift#versioned_writes
[filter:symlink]
use = egg:swift#symlink
[filter:proxy-logging]
use = egg:swift#proxy_logging
CONF
  chmod 600 "$s/proxy-server.conf"
  cat > "$s/object-expirer.conf" <<CONF
[DEFAULT]
swift_dir = $s
user = root
recon_cache_path = $s/cache
log_name = expirer
[object-expirer]
interval = 5
[pipeline:main]
pipeline = catch_errors proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:proxy-logging]
use = egg:swift#proxy_logging
CONF
  if [ ! -f "$s/object.ring.gz" ]; then
    (
      cd "$s"
      for ring in account:$((swift_port + 3)) container:$((swift_port + 2)) object:$((swift_port + 1)); do
        swift-ring-builder "${ring%:*}.builder" create 8 1 1
        swift-ring-builder "${ring%:*}.builder" add "r1z1-127.0.0.1:${ring#*:}/d1" 100
        swift-ring-builder "${ring%:*}.builder" rebalance
      done
    ) >>"$s/log/rings.log" 2>&1
  fi
  # -v: without /dev/log the servers would log to syslog over UDP, and lose it.
  for server in account container object proxy; do
    setsid nohup "swift-$server-server" "$s/$server-server.conf" -v >>"$s/log/$server.log" 2>&1 &
    echo $! > "$dir/swift-$server.pid"
  done
  setsid nohup swift-container-updater "$s/container-server.conf" -v >>"$s/log/updater.log" 2>&1 &
  echo $! > "$dir/swift-updater.pid"
  setsid nohup swift-object-expirer "$s/object-expirer.conf" -v >>"$s/log/expirer.log" 2>&1 &
  echo $! > "$dir/swift-expirer.pid"
  wait_for "http://127.0.0.1:$swift_port/healthcheck" 60 swift
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

# RegionTwo's Heat: RegionOne's config with its own database, port, log and region, and a low stack limit.
start_heat2() {
  sed -e "s|^log_file = .*|log_file = $dir/heat2.log|" -e "s|/heat$|/heat2|" \
    -e "s|^bind_port = $heat_port|bind_port = $heat2_port|" \
    -e "s|^region_name_for_services = RegionOne|region_name_for_services = RegionTwo\nmax_stacks_per_tenant = $heat2_max_stacks|" \
    "$dir/heat.conf" > "$dir/heat2.conf"
  chmod 600 "$dir/heat2.conf"
  heat-manage --config-file "$dir/heat2.conf" db_sync >>"$dir/heat2-manage.log" 2>&1
  setsid nohup heat-all --config-file "$dir/heat2.conf" >>"$dir/heat2.out" 2>&1 &
  echo $! > "$dir/heat2.pid"
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
  traas-ops:
    auth:
      auth_url: $ks_url
      username: traas-ops
      password: $(secret traas-ops)
      project_name: traas-ops
      user_domain_name: Default
      project_domain_name: Default
    regions: [RegionOne, RegionTwo]
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
  if running keystone && running heat && running heat2 && running swift-proxy; then
    echo "$dir/clouds.yaml"
    return
  fi
  install_packages
  mkdir -p "$dir/secrets"
  # PostgreSQL runs as its own user and must reach its folder; the secrets stay root's.
  chmod 711 "$dir"
  chmod 700 "$dir/secrets"
  log "starting PostgreSQL on 127.0.0.1:$pg_port, Keystone on :$ks_port, Heat on :$heat_port (RegionOne) and :$heat2_port (RegionTwo), Swift on :$swift_port (state in $dir)"
  start_postgres
  start_keystone
  register_identities
  start_heat
  start_heat2
  start_swift
  wait_for "http://127.0.0.1:$heat2_port/" 90 heat2
  write_clouds_yaml
  log "up: OS_CLIENT_CONFIG_FILE=$dir/clouds.yaml OS_CLOUD=traas-sandbox"
  echo "$dir/clouds.yaml"
}

down() {
  # Each service was started as the leader of its own process group: stop the whole group.
  for service in swift-expirer swift-updater swift-proxy swift-object swift-container swift-account heat2 heat keystone; do
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

# Stops Swift's object server (fault tests: an upload that fails halfway), or starts it again.
swift_object() {
  if [ "$1" = stop ]; then
    if running swift-object; then kill -- "-$(cat "$dir/swift-object.pid")" 2>/dev/null || true; fi
    rm -f "$dir/swift-object.pid"
    return
  fi
  running swift-object && return
  setsid nohup swift-object-server "$dir/swift/object-server.conf" -v >>"$dir/swift/log/object.log" 2>&1 &
  echo $! > "$dir/swift-object.pid"
  local deadline=$((SECONDS + 20))
  until (exec 3<>"/dev/tcp/127.0.0.1/$((swift_port + 1))") 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "swift's object server did not listen within 20 s"
    sleep 0.2
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  swift-object-stop) swift_object stop ;;
  swift-object-start) swift_object start ;;
  status) if running keystone && running heat && running heat2; then echo "up ($dir)"; else echo "down"; exit 1; fi ;;
  *) echo "usage: $0 up|down|status|swift-object-stop|swift-object-start" >&2; exit 2 ;;
esac
