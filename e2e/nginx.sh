#!/usr/bin/env bash
# Runs deploy/nginx.conf as shipped, TLS included, with a throwaway certificate authority made at
# each start: the build in DIST under /tools/chat-history/ on https://127.0.0.1:HTTPS_PORT, and the
# port-80 server (it only redirects) on 127.0.0.1:HTTP_PORT. Only the addresses, the certificate
# paths and, for the tests, the certificates vChat's must chain to are changed. vChat is one of:
#
#   --demo API_PORT         the demo API on 127.0.0.1:API_PORT, behind a TLS server of this nginx
#                           whose certificate for vchat.vn the throwaway authority signed (tests)
#   --upstream HOST:PORT    whatever answers there, which must hold a certificate for vchat.vn that
#                           the throwaway authority signed (tests of a server that does not)
#   --real                  the real vchat.vn, verified against the system's authorities
#                           (developing against the real server, with the protections it ships)
#
# Usage: e2e/nginx.sh DIST HTTPS_PORT HTTP_PORT (--demo API_PORT | --upstream HOST:PORT | --real)
set -euo pipefail
dist=$(realpath "$1") https_port=$2 http_port=$3 mode=${4:-} target=${5:-}
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

# The throwaway authority, the portal's certificate (for 127.0.0.1 too) and vChat's.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 \
  -subj /CN=vchat-history-test-ca -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign -keyout "$prefix/ca.key" -out "$prefix/ca.pem" 2>/dev/null
certificate() { # name, subjectAltName
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$1" \
    -keyout "$prefix/$1.key" -out "$prefix/$1.csr" 2>/dev/null
  printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$2" >"$prefix/$1.ext"
  openssl x509 -req -in "$prefix/$1.csr" -CA "$prefix/ca.pem" -CAkey "$prefix/ca.key" \
    -CAcreateserial -days 1 -extfile "$prefix/$1.ext" -out "$prefix/$1.pem" 2>/dev/null
}
certificate portal.example.vn DNS:portal.example.vn,IP:127.0.0.1
certificate vchat.vn DNS:vchat.vn

edits=(
  -e "s|listen 80;|listen 127.0.0.1:$http_port;|"
  -e "s|listen 443 ssl http2;|listen 127.0.0.1:$https_port ssl http2;|"
  -e "s|/etc/ssl/portal.example.vn/fullchain.pem|$prefix/portal.example.vn.pem|"
  -e "s|/etc/ssl/portal.example.vn/privkey.pem|$prefix/portal.example.vn.key|"
  -e "s|alias /srv/vchat-history/;|alias $dist/;|"
)
expected=("alias $dist/;" "listen 127.0.0.1:$https_port ssl" "listen 127.0.0.1:$http_port;" "$prefix/portal.example.vn.key")
case "$mode" in
  --demo | --upstream)
    edits+=(-e "s|proxy_ssl_trusted_certificate /etc/ssl/certs/ca-certificates.crt;|proxy_ssl_trusted_certificate $prefix/ca.pem;|")
    expected+=("proxy_ssl_trusted_certificate $prefix/ca.pem;")
    ;;
  --real) ;;
  *) echo "usage: e2e/nginx.sh DIST HTTPS_PORT HTTP_PORT (--demo API_PORT | --upstream HOST:PORT | --real)" >&2; exit 2 ;;
esac
sed "${edits[@]}" deploy/nginx.conf >"$prefix/site.conf"
for line in "${expected[@]}"; do
  grep -qF "$line" "$prefix/site.conf" || { echo "nginx.sh: deploy/nginx.conf changed shape ($line)" >&2; exit 1; }
done

# vChat's name leads to the stand-in: an upstream group named as the host keeps the shipped
# proxy_pass, Host and the name nginx verifies (vchat.vn).
case "$mode" in
  --demo)
    cat >"$prefix/vchat.conf" <<CONF
upstream vchat.vn { server unix:$prefix/vchat.sock; }
server {
    listen unix:$prefix/vchat.sock ssl;
    ssl_certificate $prefix/vchat.vn.pem;
    ssl_certificate_key $prefix/vchat.vn.key;
    location / { proxy_pass http://127.0.0.1:$target; }
}
CONF
    ;;
  --upstream) printf 'upstream vchat.vn { server %s; }\n' "$target" >"$prefix/vchat.conf" ;;
  --real) : >"$prefix/vchat.conf" ;;
esac

cat >"$prefix/nginx.conf" <<CONF
worker_processes 1;
error_log stderr warn;
pid $prefix/nginx.pid;
user root;
events {}
http {
    access_log off;
    log_not_found off;
    client_body_temp_path $prefix/body;
    proxy_temp_path $prefix/proxy;
    fastcgi_temp_path $prefix/fastcgi;
    uwsgi_temp_path $prefix/uwsgi;
    scgi_temp_path $prefix/scgi;
    include $prefix/vchat.conf;
    include $prefix/site.conf;
}
CONF
nginx -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null; rm -rf "$prefix"' EXIT TERM INT
wait $nginx_pid
