#!/bin/sh
# sshd's ForceCommand for the hostile-node stand-in: every session of the job user runs this, as a
# `command="..."` in its authorized_keys would. The SFTP subsystem goes on to standin_node_sftp.sh.
# A command (collect's tar stream) runs as asked in mode "real", gets a hostile tar stream in the
# tar-* modes (standin_hostile_tar.py); collect's listing (find) gets a hostile listing in the list-*
# modes (the same program; every other command runs); in mode "vanish" tree/gone.log is removed once tar has its
# names; in mode "sftp-only" no command runs; in the other modes every command meets the
# hostile SFTP server, as on a node whose authorized_keys puts that program in place of every command.
dir=$1
mode=$(cat "$dir/mode")
if [ "$SSH_ORIGINAL_COMMAND" = "/bin/sh $dir/standin_node_sftp.sh $dir" ]; then
  exec /bin/sh "$dir/standin_node_sftp.sh" "$dir"
fi
case "$mode" in
  real)
    # Each command, one a line, for the specs that count the node's programs.
    printf '%s\n' "$SSH_ORIGINAL_COMMAND" | head -c 200 | tr '\n' ' ' >> "$dir/commands"
    echo >> "$dir/commands"
    exec /bin/sh -c "$SSH_ORIGINAL_COMMAND" ;;
  vanish)
    # tar's names first, then tree/gone.log goes, then tar: a file removed between the walk and its fetch.
    case "$SSH_ORIGINAL_COMMAND" in
      "tar "*)
        names=$(mktemp); cat > "$names"; rm -f "$dir/root/tree/gone.log"
        /bin/sh -c "$SSH_ORIGINAL_COMMAND" < "$names"; status=$?; rm -f "$names"; exit $status ;;
      *) exec /bin/sh -c "$SSH_ORIGINAL_COMMAND" ;;
    esac ;;
  sftp-only)
    # A node that runs no command (no find, no tar): the walk and every file go over SFTP.
    exit 127 ;;
  list-*)
    case "$SSH_ORIGINAL_COMMAND" in
      "r="*) exec /usr/bin/python3 "$dir/standin_hostile_tar.py" "$mode" "$dir/root" ;;
      *) exec /bin/sh -c "$SSH_ORIGINAL_COMMAND" ;;
    esac ;;
  tar-*) exec /usr/bin/python3 "$dir/standin_hostile_tar.py" "$mode" "$dir/root" ;;
  *) exec /usr/bin/python3 "$dir/standin_hostile_sftp.py" "$mode" "$dir/root" ;;
esac
