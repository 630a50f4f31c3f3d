#!/bin/bash
# Entrypoint of the elasticsearch service: adds the index worker's user
# (file realm, role newsroom_index of roles.yml) with the password of the
# es_index_password secret, then runs the image's own entrypoint. The file
# realm needs no .security index, so this works on the official image and
# on the integ-test-zip stand-in alike. The elastic user's password comes
# from ELASTIC_PASSWORD_FILE (the elastic_password secret).
set -euo pipefail
users=/usr/share/elasticsearch/bin/elasticsearch-users
password=$(</run/secrets/es_index_password)
"$users" userdel newsroom_index >/dev/null 2>&1 || true
"$users" useradd newsroom_index -p "$password" -r newsroom_index
unset password
exec /usr/local/bin/docker-entrypoint.sh "$@"
