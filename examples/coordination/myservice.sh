#!/bin/sh
# A stand-in service for `lighthousectl run srv/dm --value ... -- examples/coordination/myservice.sh`:
# says who it is and then serves (sleeps) until it is stopped.
echo "myservice: $LIGHTHOUSE_GROUP/$LIGHTHOUSE_MEMBER serving (rank $LIGHTHOUSE_RANK, token $LIGHTHOUSE_TOKEN, pid $$)"
trap 'echo "myservice: $LIGHTHOUSE_MEMBER stopping on SIGTERM"; exit 0' TERM
while :; do sleep 1; done
