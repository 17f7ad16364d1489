#!/bin/sh
# sshd's sftp Subsystem for the hostile-node stand-in: the real sftp-server over a real folder
# (mode "real", for FIFOs, /dev/zero and big files made with the filesystem, and the tar-* modes,
# whose lies are in the tar stream), or the hostile
# stand-in server (standin_hostile_sftp.py) in the mode the test wrote to DIR/mode.
dir=$1
mode=$(cat "$dir/mode")
case "$mode" in
  real|tar-*|vanish|sftp-only) exec /usr/lib/openssh/sftp-server ;;
esac
exec /usr/bin/python3 "$dir/standin_hostile_sftp.py" "$mode" "$dir/root"
