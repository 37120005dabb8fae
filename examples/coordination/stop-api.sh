#!/bin/sh
# STOP for `lighthousectl run openstack/api`: give up every IP of the pool and stop the API.
ctl="$(dirname "$0")/../../bin/lighthousectl"
unset LIGHTHOUSE_TOKEN
for IP in $("$ctl" get --raw openstack/ips); do
    echo "$LIGHTHOUSE_MEMBER: would disassociate $IP"
done
echo "$LIGHTHOUSE_MEMBER: would stop nova-api"
