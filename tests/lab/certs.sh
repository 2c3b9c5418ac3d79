#!/bin/bash
# certs.sh DIR [SAN...]
# A private test CA and leaf certificates (RSA 2048, SHA-256) in DIR:
#   ca.pem ca.key                   the test CA; clients trust only this (never the system store)
#   valid.pem valid.key             issued by the CA, valid from yesterday for 825 days
#   expiring.pem expiring.key       issued by the CA, expires in 10 days ("expires soon" warnings)
#   expired.pem expired.key         issued by the CA, valid 400 .. 30 days ago
#   wrongname.pem wrongname.key     issued by the CA, valid, but only for DNS:wrong-name.invalid
#   selfsigned.pem selfsigned.key   self-signed (not issued by the CA), otherwise like valid
#   ca2.pem ca2.key ca2.hash        a second CA (EC P-256), for tests that put a CA into the system
#                                   store; ca2.hash: its subject hash (openssl x509 -hash), the name of
#                                   the link that store lookups use (HASH.0)
#   ca2-valid.pem ca2-valid.key     issued by ca2, otherwise like valid
# All but wrongname carry subjectAltName localhost, 127.0.0.1, ::1 plus every SAN argument
# (openssl syntax: IP:10.234.0.2 DNS:dc1.lab.test). *.pem hold the certificate only. Keys are mode
# 0644 on purpose: throwaway test keys, read by daemons that drop privileges first.
# Why `openssl ca`: OpenSSL 3.0's `req -x509`/`x509` cannot set a start date in the past, so the
# expired certificate needs `openssl ca -startdate/-enddate`.
set -euo pipefail
[ $# -ge 1 ] || { sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2; }
D=$1; shift
SAN="DNS:localhost,IP:127.0.0.1,IP:::1"; for s in "$@"; do SAN="$SAN,$s"; done
mkdir -p "$D"; D=$(cd "$D" && pwd); cd "$D"
rm -rf db; mkdir db; : > db/index.txt; echo 1000 > db/serial
gdate() { date -u -d "$1" +%Y%m%d%H%M%SZ; }

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 -keyout ca.key -out ca.pem \
  -subj "/O=Lab Test/CN=Lab Test CA" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
cat > ca.cnf <<EOF
[ ca ]
default_ca = labca
[ labca ]
dir = $D
database = \$dir/db/index.txt
serial = \$dir/db/serial
new_certs_dir = \$dir/db
certificate = \$dir/ca.pem
private_key = \$dir/ca.key
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = copy
[ anything ]
commonName = supplied
[ leaf ]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
EOF
# leaf NAME CN SAN NOT_BEFORE NOT_AFTER
leaf() {
  openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/O=Lab Test/CN=$2" \
    -addext "subjectAltName=$3" 2>/dev/null
  openssl ca -batch -config ca.cnf -extensions leaf -in "$1.csr" -out "$1.pem" -notext \
    -startdate "$4" -enddate "$5" 2>/dev/null
  rm -f "$1.csr"
}
leaf valid     lab.test.local        "$SAN"                     "$(gdate '-1 day')"    "$(gdate '+825 days')"
leaf expiring  lab.test.local        "$SAN"                     "$(gdate '-1 day')"    "$(gdate '+10 days')"
leaf expired   lab.test.local        "$SAN"                     "$(gdate '-400 days')" "$(gdate '-30 days')"
leaf wrongname wrong-name.invalid    "DNS:wrong-name.invalid"   "$(gdate '-1 day')"    "$(gdate '+825 days')"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 825 -keyout selfsigned.key -out selfsigned.pem \
  -subj "/O=Lab Test/CN=lab.test.local" -addext "subjectAltName=$SAN" 2>/dev/null
# the second CA and its leaf: EC keys (fast), signed with `openssl x509 -req` (no dates in the past)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 -days 3650 -keyout ca2.key \
  -out ca2.pem -subj "/O=Lab Test/CN=Lab Test Second CA" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl x509 -in ca2.pem -noout -hash > ca2.hash
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca2-valid.key -out ca2-valid.csr \
  -subj "/O=Lab Test/CN=lab.test.local" -addext "subjectAltName=$SAN" 2>/dev/null
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > ca2-leaf.ext
openssl x509 -req -in ca2-valid.csr -CA ca2.pem -CAkey ca2.key -set_serial 0x2000 -days 825 -sha256 \
  -copy_extensions copy -extfile ca2-leaf.ext -out ca2-valid.pem 2>/dev/null
rm -f ca2-valid.csr ca2-leaf.ext
chmod 644 ./*.pem ./*.key
for c in valid expiring expired wrongname selfsigned ca2-valid; do
  printf '%-11s %s\n' "$c" "$(openssl x509 -in $c.pem -noout -enddate -issuer | tr '\n' ' ')"
done
