#!/bin/sh
# --exec for `lighthousectl sync openstack/config`: the file changed (a stand-in for restarting nova).
echo "restart-nova: $LIGHTHOUSE_FILE is now version $LIGHTHOUSE_SEQ: would restart nova-compute, nova-api, nova-network, nova-scheduler"
