// Benchmark peer for W5: a streamed chat completion relayed from an OpenAI-compatible upstream,
// written the way Node's docs suggest: http.createServer, the upstream fetched with fetch() and its
// body streamed to the client as it arrives. Usage: node server.js PORT UPSTREAM_BASE_URL
import http from "node:http";

const port = Number(process.argv[2] || 8087);
const upstream = (process.argv[3] || "http://127.0.0.1:18090/v1").replace(/\/$/, "");

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

http
  .createServer(async (req, res) => {
    if (req.method === "POST" && req.url === "/api/topics/ready/events") {
      return reply(res, 201, { id: "0" }); // the harness's readiness probe
    }
    if (req.method !== "POST" || req.url !== "/api/chat/completions") {
      return reply(res, 404, { error: { message: "not found" } });
    }
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const abort = new AbortController();
    res.on("close", () => abort.abort());
    let answer;
    try {
      answer = await fetch(upstream + "/chat/completions", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: Buffer.concat(chunks),
        signal: abort.signal,
      });
    } catch (e) {
      return reply(res, 502, { error: { message: "upstream unreachable" } });
    }
    res.writeHead(answer.status, {
      "Content-Type": answer.headers.get("content-type") || "text/event-stream",
      "Cache-Control": "no-cache",
    });
    try {
      for await (const chunk of answer.body) res.write(chunk);
    } catch (e) {
      // the client left (abort) or the upstream broke: end what was sent
    }
    res.end();
  })
  .listen(port, "127.0.0.1");
