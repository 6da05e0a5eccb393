// Reads a text/event-stream body as the WHATWG HTML standard's "event stream interpretation"
// does, for streams read with fetch (which, unlike EventSource, can send headers, see every
// event type and show the response's headers). Yields one {id, type, data} per event; `id` is
// the last event id in force when it was dispatched, as EventSource's lastEventId. A `retry:`
// field is passed to onRetry at once, as it takes effect whether or not an event follows.
export async function* readEvents(body, { lastEventId = "", onRetry = () => {} } = {}) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let first = true;
  let data = "";
  let type = "";
  let id = lastEventId;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value;
      if (first && buffer.length > 0) {
        buffer = buffer.replace(/^\uFEFF/, "");
        first = false;
      }
      // a CR at the end may be the first half of a CRLF still on its way
      const end = buffer.endsWith("\r") ? buffer.length - 1 : buffer.length;
      const lines = buffer.slice(0, end).split(/\r\n|\r|\n/);
      buffer = lines.pop() + buffer.slice(end);
      for (const line of lines) {
        if (line === "") {
          if (data !== "") {
            yield { id, type: type || "message", data: data.slice(0, -1) };
          }
          data = "";
          type = "";
          continue;
        }
        if (line.startsWith(":")) {
          continue;
        }
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        let text = colon < 0 ? "" : line.slice(colon + 1);
        if (text.startsWith(" ")) {
          text = text.slice(1);
        }
        if (field === "data") {
          data += `${text}\n`;
        } else if (field === "event") {
          type = text;
        } else if (field === "id" && !text.includes("\0")) {
          id = text;
        } else if (field === "retry" && /^\d+$/.test(text)) {
          onRetry(Number(text));
        }
      }
    }
  } finally {
    reader.releaseLock();
  }
}
