#!/bin/sh
docker load -i /mnt/docker_images/images.tar
