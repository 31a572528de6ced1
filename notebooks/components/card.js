// A titled card around a chart (or a note when there is nothing to draw).
import {el} from "./dom.js";

export function card(title, content, ...extra) {
  return el("div", {className: "card"}, title ? el("h2", {}, title) : null, content, ...extra);
}

export function note(text) {
  return el("p", {className: "note-empty"}, text);
}
