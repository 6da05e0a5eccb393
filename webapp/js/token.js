// The token field of every page: a token pasted here is kept for this tab (sessionStorage) and
// handed to the server once, which sets it as the HttpOnly cookie herald_token; EventSource and
// fetch then present it by themselves. Without a token the pages work as the server allows.
import { describeFailure } from "./problems.js";

const KEY = "herald.token";

function field() {
  const form = document.createElement("form");
  form.id = "token-form";
  form.className = "stacked";
  const label = document.createElement("label");
  label.append("Token (optional) ");
  const input = document.createElement("input");
  input.id = "token";
  input.type = "password";
  input.autocomplete = "off";
  input.placeholder = "a JWT with Mercure claims";
  label.append(input);
  const use = document.createElement("button");
  use.type = "submit";
  use.id = "token-use";
  use.textContent = "Use token";
  const clear = document.createElement("button");
  clear.type = "button";
  clear.id = "token-clear";
  clear.className = "secondary";
  clear.textContent = "Forget token";
  const state = document.createElement("output");
  state.id = "token-state";
  state.className = "muted";
  const buttons = document.createElement("div");
  buttons.append(use, " ", clear, " ", state);
  form.append(label, buttons);
  return { form, input, clear, state };
}

function describe(who) {
  if (who.anonymous) {
    return "no token";
  }
  const parts = [
    `publish: ${who.publish.join(", ") || "none"}`,
    `private events of: ${who.subscribe.join(", ") || "none"}`,
  ];
  if (who.chat) {
    parts.push("chat");
  }
  if (who.expiresAt) {
    parts.push(`expires ${new Date(who.expiresAt).toLocaleTimeString()}`);
  }
  return `token: ${parts.join("; ")}`;
}

async function present(token, state) {
  const response = await fetch("api/auth/cookie", {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
  });
  if (!response.ok) {
    state.textContent = await describeFailure(response);
    state.className = "error";
    return false;
  }
  state.textContent = describe(await response.json());
  state.className = "muted";
  return true;
}

async function forget(state) {
  sessionStorage.removeItem(KEY);
  await fetch("api/auth/cookie", { method: "DELETE" });
  state.textContent = "no token";
  state.className = "muted";
}

// Why a stream was refused (the 401 or 403 EventSource does not show), or null if it was not.
export async function streamRefusal(url) {
  const aborter = new AbortController();
  try {
    const response = await fetch(url, {
      headers: { Accept: "text/event-stream" },
      signal: aborter.signal,
    });
    return response.ok ? null : await describeFailure(response);
  } catch {
    return null;
  } finally {
    aborter.abort();
  }
}

function install() {
  const { form, input, clear, state } = field();
  document.querySelector("main")?.prepend(form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      await forget(state);
      return;
    }
    if (await present(token, state)) {
      sessionStorage.setItem(KEY, token);
    }
  });
  clear.addEventListener("click", async () => {
    input.value = "";
    await forget(state);
  });
  const kept = sessionStorage.getItem(KEY);
  if (kept) {
    input.value = kept;
    return present(kept, state);
  }
  state.textContent = "no token";
  return Promise.resolve(true);
}

// resolves once a kept token is the cookie again, so a page's first stream presents it
export const tokenReady = install();
