// A small Socket.IO client: one WebSocket, the default namespace, JSON
// events. Written here rather than shipping socket.io-client (tens of
// kilobytes to vendor and keep current, as the page's Content-Security-Policy
// allows no CDN): the panel needs none of its other transports, namespaces,
// acknowledgements or binary events. It speaks Engine.IO 4 and Socket.IO 5,
// the protocols python-socketio 5 serves.

// Engine.IO packet types, then Socket.IO's, which ride in MESSAGE packets.
const OPEN = "0";
const CLOSE = "1";
const PING = "2";
const PONG = "3";
const MESSAGE = "4";
const CONNECT = "0";
const DISCONNECT = "1";
const EVENT = "2";
const CONNECT_ERROR = "4";

// Seconds between attempts to reconnect, doubled after each failure.
const FIRST_RETRY = 1;
const LAST_RETRY = 30;

export class Socket {
  // `onEvent(name, data)` receives every event; `onState(state, detail)` each
  // change: "connecting", "connected", "refused" (detail: the server's
  // reason; no retry), "retrying" (detail: seconds until the next attempt)
  // and "closed".
  constructor({ auth = null, onEvent, onState }) {
    this.auth = auth;
    this.onEvent = onEvent;
    this.onState = onState;
    this.retry = FIRST_RETRY;
    this.closing = false;
    this.open();
  }

  open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const url = `${scheme}://${location.host}/socket.io/?EIO=4&transport=websocket`;
    this.onState("connecting");
    this.ws = new WebSocket(url);
    this.ws.onmessage = (message) => this.receive(message.data);
    this.ws.onclose = () => this.closed();
  }

  emit(name, data) {
    this.ws.send(MESSAGE + EVENT + JSON.stringify([name, data]));
  }

  close() {
    this.closing = true;
    this.ws.close();
  }

  receive(packet) {
    if (typeof packet !== "string") return; // No binary events here.
    const type = packet[0];
    if (type === OPEN) {
      // The server pings every pingInterval ms; no ping for pingTimeout ms
      // more means the connection is gone, though the socket may not know.
      const { pingInterval, pingTimeout } = JSON.parse(packet.slice(1));
      this.deadline = pingInterval + pingTimeout;
      this.heard();
      const auth = this.auth ? JSON.stringify(this.auth) : "";
      this.ws.send(MESSAGE + CONNECT + auth);
    } else if (type === PING) {
      this.heard();
      this.ws.send(PONG);
    } else if (type === CLOSE) {
      this.ws.close(); // The server is going: try again later.
    } else if (type === MESSAGE) {
      this.message(packet[1], packet.slice(2));
    }
  }

  message(type, body) {
    if (type === CONNECT) {
      this.retry = FIRST_RETRY;
      this.onState("connected");
    } else if (type === EVENT) {
      // An event is [name, data]; anything before the "[" is an
      // acknowledgement id, which this client never asks for.
      const [name, data] = JSON.parse(body.slice(body.indexOf("[")));
      this.onEvent(name, data);
    } else if (type === CONNECT_ERROR) {
      this.refusal = JSON.parse(body).message;
      this.ws.close();
    } else if (type === DISCONNECT) {
      // The server let go of this client: it would not take it back.
      this.close();
    }
  }

  heard() {
    clearTimeout(this.silence);
    this.silence = setTimeout(() => this.ws.close(), this.deadline);
  }

  closed() {
    clearTimeout(this.silence);
    if (this.refusal !== undefined) {
      this.onState("refused", this.refusal);
      return;
    }
    if (this.closing) {
      this.onState("closed");
      return;
    }
    this.onState("retrying", this.retry);
    setTimeout(() => this.open(), this.retry * 1000);
    this.retry = Math.min(this.retry * 2, LAST_RETRY);
  }
}
