-- wrk script: POST the JSON body in $BENCH_BODY (a file path) to the URL given on the command line.
local f = assert(io.open(os.getenv("BENCH_BODY"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
