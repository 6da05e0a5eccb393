// Benchmark peer: Herald's subscribe/publish API on Node's http module with a better-sse channel
// per topic. Usage: node server.js PORT
import http from "node:http";
import { createSession, createChannel } from "better-sse";

const port = Number(process.argv[2] || 8083);
const topics = new Map();
let ids = 0;

function channel(name) {
  let c = topics.get(name);
  if (!c) {
    c = createChannel();
    topics.set(name, c);
  }
  return c;
}

function reply(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": status < 300 ? "application/json" : "application/problem+json",
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

const route = /^\/api\/topics\/([A-Za-z0-9._-]{1,64})\/events$/;

http
  .createServer(async (req, res) => {
    const m = route.exec(req.url);
    if (!m) return reply(res, 404, { status: 404, title: "Not Found" });
    const topic = m[1];
    if (req.method === "GET") {
      const session = await createSession(req, res, { keepAlive: 15000 });
      channel(topic).register(session);
      return;
    }
    if (req.method === "POST") {
      const chunks = [];
      for await (const chunk of req) chunks.push(chunk);
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {
        return reply(res, 400, { status: 400, title: "Bad Request", detail: "body is not JSON" });
      }
      if (body === null || typeof body !== "object" || !("data" in body)) {
        return reply(res, 400, { status: 400, title: "Bad Request", detail: "no data" });
      }
      const id = String(++ids);
      channel(topic).broadcast(body.data, "message", { eventId: id });
      return reply(res, 201, { id, topic, type: "message" });
    }
    reply(res, 405, { status: 405, title: "Method Not Allowed" });
  })
  .listen(port, "127.0.0.1", () => console.log(`better-sse peer on 127.0.0.1:${port}`));
