#!/bin/bash
# Boot script of the undercloud. Heat puts the values in: __VOLUME_ID__ (a volume of saved docker
# images, empty for none), __LOCAL_REGISTRY__ (True or False) and __REGISTRY_PORT__.
# undercloud.yaml runs node-boot.sh after it, which installs the heat agents and reboots.
set -eux
volume_id="__VOLUME_ID__"
local_registry="__LOCAL_REGISTRY__"
registry_port="__REGISTRY_PORT__"

if [ -n "$volume_id" ] || [ "$local_registry" = "True" ] || [ "$local_registry" = "true" ]; then
  rpm -q docker || yum -y install docker
  systemctl enable --now docker
fi

if [ -n "$volume_id" ]; then
  # The volume is attached after the server boots: wait for its disk.
  for _ in $(seq 1 120); do [ -b /dev/vdb ] && break; sleep 5; done
  [ -b /dev/vdb ] || { echo "traas: volume $volume_id never appeared as /dev/vdb" >&2; exit 1; }
  mkdir -p /mnt/docker_images
  mount /dev/vdb /mnt/docker_images
  for archive in /mnt/docker_images/*.tar; do
    [ -e "$archive" ] || continue
    docker load -i "$archive"
  done
fi

if [ "$local_registry" = "True" ] || [ "$local_registry" = "true" ]; then
  docker inspect traas-registry >/dev/null 2>&1 \
    || docker run -d --restart=always --name traas-registry -p "$registry_port":5000 registry:2
fi
