#!/bin/sh
# START for `lighthousectl run openstack/api --count 3`: pairs the pool's IPs (openstack/ips) with
# the group's holders in rank order (the first as many members as there are IPs), line by line,
# and takes the IP paired with this member (*).
# A stand-in: it says what it would do.
ctl="$(dirname "$0")/../../bin/lighthousectl"
unset LIGHTHOUSE_TOKEN  # the fencing token, not an access token (set yours here with access control)
ips=$(mktemp) && members=$(mktemp) || exit 1
trap 'rm -f "$ips" "$members"' EXIT
"$ctl" get --raw openstack/ips > "$ips" || exit 1
"$ctl" members openstack/api --limit "$(wc -l < "$ips")" > "$members" || exit 1
paste "$ips" "$members" | while read -r IP API; do
    if [ "$API" = "*" ]; then
        echo "$LIGHTHOUSE_MEMBER: would associate $IP"
    else
        echo "$LIGHTHOUSE_MEMBER: would disassociate $IP${API:+ (${API}'s)}"
    fi
done
echo "$LIGHTHOUSE_MEMBER: would make sure nova-api runs"
