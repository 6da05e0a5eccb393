// Turns a failed HTTP answer into one line a person can act on: an RFC 9457 problem's detail, an
// OpenAI-style error's message, or the status line when the body says nothing useful.
export async function describeFailure(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body.error && body.error.message) {
      return `${response.status}: ${body.error.message}`;
    }
    if (body.detail || body.title) {
      return `${response.status}: ${body.detail || body.title}`;
    }
  } catch {
    // not JSON: fall through to the status line
  }
  return `${response.status} ${response.statusText}`.trim();
}
