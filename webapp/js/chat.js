// The chat page: POSTs the conversation to /api/chat/completions with `stream: true` and reads the
// answer as it streams (fetch, since EventSource cannot POST). Stop aborts the request, which
// also ends the upstream request on the server.
import { describeFailure } from "./problems.js";
import { readEvents } from "./sse.js";

const $ = (id) => document.getElementById(id);
const conversation = [];
let controller = null;

function setState(state) {
  $("state").textContent = state;
  $("state").dataset.state = state;
  const focused = document.activeElement;
  $("send").disabled = state === "streaming";
  $("stop").disabled = state !== "streaming";
  // a keyboard user is not left on a button that was just disabled
  if (focused?.disabled) {
    (state === "streaming" ? $("stop") : $("send")).focus();
  }
}

function bubble(role, text) {
  const element = document.createElement("div");
  element.className = `message ${role}`;
  element.textContent = text;
  $("messages").append(element);
  return element;
}

async function loadModels() {
  try {
    const response = await fetch("api/models");
    if (!response.ok) {
      $("chat-error").textContent = `models: ${await describeFailure(response)}`;
      return;
    }
    const options = (await response.json()).data.map((model) => {
      const option = document.createElement("option");
      option.value = model.id;
      option.textContent = model.id;
      return option;
    });
    $("model").replaceChildren(...options);
  } catch (error) {
    $("chat-error").textContent = `models: ${error.message}`;
  }
}

async function send(prompt) {
  $("chat-error").textContent = "";
  conversation.push({ role: "user", content: prompt });
  bubble("user", prompt);
  const answer = bubble("assistant", "");
  controller = new AbortController();
  setState("streaming");
  try {
    const response = await fetch("api/chat/completions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
      body: JSON.stringify({ model: $("model").value, messages: conversation, stream: true }),
      signal: controller.signal,
    });
    if (!response.ok) {
      throw new Error(await describeFailure(response));
    }
    for await (const { data } of readEvents(response.body)) {
      if (data === "[DONE]") {
        break;
      }
      const chunk = JSON.parse(data);
      if (chunk.error) {
        throw new Error(chunk.error.message);
      }
      const delta = chunk.choices?.[0]?.delta?.content;
      if (delta) {
        answer.textContent += delta;
      }
    }
    conversation.push({ role: "assistant", content: answer.textContent });
    setState("done");
  } catch (error) {
    if (error.name === "AbortError") {
      conversation.push({ role: "assistant", content: answer.textContent });
      setState("stopped");
    } else {
      $("chat-error").textContent = error.message;
      conversation.pop();
      setState("error");
    }
  } finally {
    controller = null;
  }
}

$("chat-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const prompt = $("prompt").value.trim();
  if (prompt && !controller) {
    send(prompt);
  }
});

$("prompt").addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    $("chat-form").requestSubmit();
  }
});

$("stop").addEventListener("click", () => controller?.abort());

loadModels();
