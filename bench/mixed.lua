-- wrk script: POST a mixed set of SPARQL queries to /sparql, round robin, one list per thread.
-- The queries are the files listed (one path per line) in the file named by $KYOTO_BENCH_QUERIES.

local queries = {}

local function read(path)
  local f = assert(io.open(path, "r"))
  local text = f:read("*a")
  f:close()
  return text
end

local threads = 0

function setup(thread)
  thread:set("offset", threads)
  threads = threads + 1
end

function init(args)
  local list = os.getenv("KYOTO_BENCH_QUERIES")
  for path in io.lines(list) do
    if path ~= "" then
      table.insert(queries, read(path))
    end
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  local body = queries[(counter % #queries) + 1]
  return wrk.format("POST", "/sparql", {
    ["Content-Type"] = "application/sparql-query",
    ["Accept"] = "application/sparql-results+json, application/n-triples;q=0.9",
  }, body)
end
