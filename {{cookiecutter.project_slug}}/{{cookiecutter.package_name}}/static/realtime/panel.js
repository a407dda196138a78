// The front page's live panel: signs in where the server asks for a token,
// connects, lists each event as it arrives and sends echo and broadcast.
import { Socket } from "./socket.js";

// The oldest events leave the list beyond this many.
const KEPT_EVENTS = 50;

const panel = document.querySelector("[data-live]");
const status = panel.querySelector("[data-status]");
const events = panel.querySelector("[data-events]");
const send = panel.querySelector("[data-send]");
const signIn = panel.querySelector("[data-sign-in]");
let socket = null;

const STATES = {
  connecting: () => "Connecting…",
  connected: () => "Connected.",
  refused: (reason) => `Refused: ${reason}`,
  retrying: (seconds) => `Disconnected; trying again in ${seconds} s.`,
  closed: () => "Disconnected.",
};

function connect(auth) {
  socket = new Socket({
    auth,
    onEvent: show,
    onState(state, detail) {
      status.textContent = STATES[state](detail);
      send.hidden = state !== "connected";
      if (signIn && state === "refused") signIn.hidden = false;
    },
  });
}

// Each event is an element of its own, named in data-event; its data is
// set as text, never as markup, as other clients' broadcasts arrive here too.
function show(name, data) {
  const item = document.createElement("li");
  item.dataset.event = name;
  const label = document.createElement("strong");
  label.textContent = name;
  const body = document.createElement("code");
  body.textContent = JSON.stringify(data);
  item.append(label, " ", body);
  events.append(item);
  while (events.children.length > KEPT_EVENTS) events.firstElementChild.remove();
}

send.addEventListener("submit", (event) => {
  event.preventDefault();
  const message = send.elements.message.value;
  socket.emit(event.submitter.value, { message });
});

// With accounts, the server takes only clients that bring an access token:
// the panel gets one from the JSON login (after registering, if asked to).
async function post(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.message ?? response.statusText);
  return answer;
}

async function signInAndConnect(action) {
  const credentials = {
    email: signIn.elements.email.value,
    password: signIn.elements.password.value,
  };
  if (action === "register") await post(signIn.dataset.register, credentials);
  const tokens = await post(signIn.dataset.login, credentials);
  signIn.hidden = true;
  connect({ token: tokens.access_token });
}

if (signIn) {
  const error = signIn.querySelector("[data-error]");
  signIn.hidden = false;
  signIn.addEventListener("submit", (event) => {
    event.preventDefault();
    error.textContent = "";
    signInAndConnect(event.submitter.value).catch((problem) => {
      error.textContent = problem.message;
    });
  });
} else {
  connect(null);
}
