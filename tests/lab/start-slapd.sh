#!/bin/bash
# start-slapd.sh WORKDIR ADDR CERTDIR [LDAP_PORT [LDAPS_PORT [GC_PORT [GC_TLS_PORT]]]]
# OpenLDAP slapd playing an Active Directory domain controller for connectivity tests:
#   ldap://ADDR:389, ldaps://ADDR:636 and the "global catalog" ldap://ADDR:3268, ldaps://ADDR:3269
#   (a port of 0 is not opened). TLS certificate: CERTDIR/$CERT.pem (CERT=valid by default).
#   Directory dc=test,dc=local with cn=alice,dc=test,dc=local / alicepass (simple bind works) and
#   rootdn cn=admin,dc=test,dc=local / secret. The RootDSE carries AD's defaultNamingContext,
#   dnsHostName and isGlobalCatalogReady next to slapd's namingContexts/supportedLDAPVersion.
# Env: NETNS, NAME (default slapd), CERT. Prints the slapd PID once a RootDSE search answers.
source "$(dirname "$0")/lib.sh"
need_args $# 3
W=$1 A=$2 C=$(cd "$3" && pwd) P=${4:-389} PS=${5:-636} PG=${6:-3268} PGS=${7:-3269}
svc_dir slapd
mkdir -p "$D/db"
# AD RootDSE attributes are not in OpenLDAP's schema: define them (OIDs in OpenLDAP's experimental arc)
cat > "$D/ad-rootdse.schema" <<'EOF'
attributetype ( 1.3.6.1.4.1.4203.666.11.901 NAME 'defaultNamingContext'
  EQUALITY distinguishedNameMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.12 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.4203.666.11.902 NAME 'dnsHostName'
  EQUALITY caseIgnoreMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.15 SINGLE-VALUE )
attributetype ( 1.3.6.1.4.1.4203.666.11.903 NAME 'isGlobalCatalogReady'
  EQUALITY booleanMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.7 SINGLE-VALUE )
EOF
printf 'dn:\ndefaultNamingContext: dc=test,dc=local\ndnsHostName: dc1.lab.test\nisGlobalCatalogReady: TRUE\n' > "$D/rootdse.ldif"
cat > "$D/slapd.conf" <<EOF
include     /etc/ldap/schema/core.schema
include     /etc/ldap/schema/cosine.schema
include     /etc/ldap/schema/inetorgperson.schema
include     $D/ad-rootdse.schema
rootDSE     $D/rootdse.ldif
pidfile     $D/slapd.pid
argsfile    $D/slapd.args
modulepath  /usr/lib/ldap
moduleload  back_mdb
TLSCertificateFile    $C/${CERT:-valid}.pem
TLSCertificateKeyFile $C/${CERT:-valid}.key
database    mdb
maxsize     67108864
suffix      "dc=test,dc=local"
rootdn      "cn=admin,dc=test,dc=local"
rootpw      secret
directory   $D/db
EOF
slapadd -q -f "$D/slapd.conf" <<'EOF' >"$D/slapadd.log" 2>&1 || { cat "$D/slapadd.log" >&2; exit 1; }
dn: dc=test,dc=local
objectClass: dcObject
objectClass: organization
dc: test
o: Lab Test

dn: cn=alice,dc=test,dc=local
objectClass: inetOrgPerson
cn: alice
sn: Lab
userPassword: alicepass
EOF
URLS="ldap://$A:$P/"
[ "$PS" != 0 ] && URLS="$URLS ldaps://$A:$PS/"
[ "$PG" != 0 ] && URLS="$URLS ldap://$A:$PG/"
[ "$PGS" != 0 ] && URLS="$URLS ldaps://$A:$PGS/"
# -d stats: stay in the foreground and log every connection/operation to stdout (=> $LOG).
# Without -d, slapd daemonizes and logs to syslog only. Runs as root (no -u/-g) for simplicity.
launch /usr/sbin/slapd -f "$D/slapd.conf" -h "$URLS" -d stats
ready 10 ldapsearch -x -LLL -o nettimeout=1 -H "ldap://$A:$P" -b '' -s base namingContexts
