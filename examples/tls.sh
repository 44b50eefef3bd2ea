#!/bin/sh
# Mutual TLS with Redis's own options, as in Redis's TLS.md, with txredisd for
# redis-server. Needs Debian's redis-cli for the client side.
set -eu
dir=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
txredisd-gen-certs "$dir"
txredisd --tls-port 6380 --port 0 \
    --tls-cert-file "$dir/redis.crt" --tls-key-file "$dir/redis.key" \
    --tls-ca-cert-file "$dir/ca.crt" --dir "$dir" &
server=$!
sleep 2
redis-cli -p 6380 --tls --cert "$dir/redis.crt" --key "$dir/redis.key" --cacert "$dir/ca.crt" SET k v
redis-cli -p 6380 --tls --cert "$dir/redis.crt" --key "$dir/redis.key" --cacert "$dir/ca.crt" GET k
