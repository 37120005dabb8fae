-- wrk script for etcd's linearizable reads (bench/cluster): every request is
--   POST /v3/kv/range  (etcd's JSON gateway)  {"key":b64("bench/read")}
-- which etcd serves linearizably by default ("serializable" unset): the member
-- confirms with the leader (its read index) before answering. The request is
-- set once here, so wrk keeps its fast static request path.

wrk.method = "POST"
wrk.body = '{"key":"YmVuY2gvcmVhZA=="}'
wrk.headers["Content-Type"] = "application/json"

-- The summary line bench/cluster parses is defined once, in wrk-report.lua beside this file.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "") .. "wrk-report.lua")
