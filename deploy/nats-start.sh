#!/bin/sh
# Entrypoint of the nats service: nats-least-privilege.conf takes each
# user's password from the server's environment; they are read here from
# the compose secrets (files under /run/secrets), so that no password is in
# the compose file, the image or `docker inspect`.
set -eu
for user in admin publisher ingest normalize entitytag index; do
  file=/run/secrets/nats_${user}_password
  [ -r "$file" ] || { echo "nats: missing secret $file (run scripts/compose-secrets)" >&2; exit 1; }
  var=NEWSROOM_NATS_$(echo "$user" | tr a-z A-Z)_PASSWORD
  export "$var=$(cat "$file")"
done
exec nats-server "$@"
