#!/bin/sh
# STOP for `lighthousectl run mysql`: no longer a holder (stopped, or the session is lost or at risk).
echo "$LIGHTHOUSE_MEMBER: would remove the master IPs and stop mysql"
