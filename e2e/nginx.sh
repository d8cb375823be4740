#!/usr/bin/env bash
# Runs deploy/nginx.conf for the browser tests: the sub-path build from $1 on 127.0.0.1:$2, with
# /hischat.php and /chistory.php proxied to the demo API on 127.0.0.1:$3. Only addresses, paths
# and TLS are changed.
set -euo pipefail
dist=$(realpath "$1") port=$2 api_port=$3
cd "$(dirname "$0")/.."
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
# The configuration as shipped (TLS, upstream verification) must be valid nginx: checked with a
# throwaway certificate in place of the portal's, and vChat's name (not resolvable here) as an
# address.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=portal.example.vn \
  -keyout "$prefix/key.pem" -out "$prefix/cert.pem" 2>/dev/null
sed -e "s|/etc/ssl/portal.example.vn/fullchain.pem|$prefix/cert.pem|" \
    -e "s|/etc/ssl/portal.example.vn/privkey.pem|$prefix/key.pem|" \
    -e "s|proxy_pass https://vchat.vn;|proxy_pass https://127.0.0.1;|" \
    deploy/nginx.conf >"$prefix/shipped.conf"
printf 'pid %s/check.pid;\nerror_log stderr warn;\nevents {}\nhttp { include %s/shipped.conf; }\n' "$prefix" "$prefix" >"$prefix/check.conf"
nginx -t -q -p "$prefix" -c "$prefix/check.conf"

# Plain HTTP on loopback stands in for the TLS server (no certificate here), without the
# redirecting port-80 server; vChat is the demo API.
sed -e '/^# Plain HTTP only redirects/,/^}/d' \
    -e "s|listen 443 ssl http2;|listen 127.0.0.1:$port;|" \
    -e '/ssl_certificate/d' \
    -e "s|server_name portal.example.vn;|server_name 127.0.0.1;|" \
    -e "s|proxy_pass https://vchat.vn;|proxy_pass http://127.0.0.1:$api_port;|" \
    -e "s|proxy_set_header Host vchat.vn;|proxy_set_header Host \$http_host;|" \
    -e "s|alias /srv/vchat-history/;|alias $dist/;|" \
    deploy/nginx.conf >"$prefix/site.conf"
for expected in "alias $dist/;" "listen 127.0.0.1:$port;" "proxy_pass http://127.0.0.1:$api_port;"; do
  grep -qF "$expected" "$prefix/site.conf" || { echo "nginx.sh: deploy/nginx.conf changed shape" >&2; exit 1; }
done
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
    include $prefix/site.conf;
}
CONF
nginx -p "$prefix" -c "$prefix/nginx.conf" -g 'daemon off;' &
nginx_pid=$!
trap 'kill $nginx_pid 2>/dev/null; rm -rf "$prefix"' EXIT TERM INT
wait $nginx_pid
