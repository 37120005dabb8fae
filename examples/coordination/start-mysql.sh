#!/bin/sh
# START for `lighthousectl run mysql --count 3` (Hibera's MySQL fail-over): rank 1 is the
# master, the others are its slaves. A stand-in: it says what it would do. run starts it on
# becoming a holder and again whenever the group changes, so it must be safe to rerun.
ctl="$(dirname "$0")/../../bin/lighthousectl"
fence="$LIGHTHOUSE_GROUP/$LIGHTHOUSE_MEMBER=$LIGHTHOUSE_TOKEN"  # for Lighthouse-Fence
unset LIGHTHOUSE_TOKEN  # the fencing token, not an access token (set yours here with access control)
MASTER=$("$ctl" members mysql --limit 1) || exit 1
if [ "$MASTER" = "*" ]; then
    echo "$LIGHTHOUSE_MEMBER: master ($fence): would associate the master IPs and start mysql as master"
else
    echo "$LIGHTHOUSE_MEMBER: slave (rank $LIGHTHOUSE_RANK): would remove the master IPs and start mysql as a slave of $MASTER"
fi
