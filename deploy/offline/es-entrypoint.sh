#!/bin/bash
# Entrypoint of the Elasticsearch stand-in image (Dockerfile.elasticsearch):
# what the official image's entrypoint does that the compose file uses.
#  - every environment variable whose name is a dotted, lower-case setting
#    (discovery.type, xpack.security.enabled, ...) becomes -E name=value;
#  - ELASTIC_PASSWORD, or the file named by ELASTIC_PASSWORD_FILE, becomes
#    the keystore's bootstrap.password: the elastic user's password;
#  - a first argument "eswrapper" (the official image's command) is dropped.
set -euo pipefail

export ES_JAVA_HOME=${ES_JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}

# The official image's command is "eswrapper"; compose files pass it when
# they override the entrypoint.
[[ ${1:-} == eswrapper ]] && shift

if [[ -n ${ELASTIC_PASSWORD_FILE:-} ]]; then
  ELASTIC_PASSWORD=$(<"$ELASTIC_PASSWORD_FILE")
fi
if [[ -n ${ELASTIC_PASSWORD:-} ]]; then
  [[ -f config/elasticsearch.keystore ]] || elasticsearch-keystore create >/dev/null
  printf '%s' "$ELASTIC_PASSWORD" | elasticsearch-keystore add -x -f bootstrap.password
fi
unset ELASTIC_PASSWORD

settings=()
while IFS='=' read -r -d '' name value; do
  if [[ $name =~ ^[a-z0-9_]+(\.[a-z0-9_]+)+$ ]]; then
    settings+=("-E$name=$value")
  fi
done < <(env -0)

exec elasticsearch "${settings[@]}" "$@"
